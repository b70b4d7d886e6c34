import { and, desc, eq, lt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, interviews, userDesks, users } from "@/db/schema";
import { auditEventSchema, targetTypeOf } from "@/lib/audit/events";
import type { AuditFilterInput } from "@/lib/audit/filters";
import { auditFilterSchema } from "@/lib/audit/filters";
import { PAGE_PROBE_WINDOW } from "@/lib/audit/internal";
import { auditConditions, listAuditEvents } from "@/lib/audit/list-audit-events";
import { listInterviewActivity } from "@/lib/audit/list-interview-activity";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import type { Ctx } from "@/lib/context";
import { devCommand } from "@/lib/cli/dev";
import type { CliIO } from "@/lib/cli/io";
import { ctxOf } from "../support/seed";
import { auditCount, auditRows, registerTestDb, sqlite } from "../support/test-db";

registerTestDb("file");

/**
 * The audit log at a size where the review page's two steps both run (readPage: the newest PAGE_PROBE_WINDOW
 * entries read by seq, then the filters' indexes below them), seeded by `npm run cli -- dev seed-audit`. Every page
 * is compared with the plain query it replaces: the same entries, in the same order, with the same next cursor.
 */
const COUNT = PAGE_PROBE_WINDOW + 12_000;

function io() {
  const out = { stdout: "", stderr: "" };
  const cli: CliIO = {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    readStdin: async () => "",
  };
  return { out, cli };
}

let admin: Ctx;
let editor: Ctx;
let journalistId: string;
let interviewId: string;
let otherInterviewId: string;
let head: number;

beforeAll(async () => {
  const { out, cli } = io();
  const code = await devCommand(["seed-audit", "--count", String(COUNT), "--desks", "2", "--interviews", "6"], cli);
  expect(code, out.stderr).toBe(0);
  expect(out.stderr).toMatch(/FAKE/);
  expect(out.stdout).toMatch(new RegExp(`Appended ${COUNT.toLocaleString("en")} audit entries`));
  const db = getDb();
  const adminRow = db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).get()!;
  const editorRow = db
    .select({ id: users.id, deskId: userDesks.deskId })
    .from(users)
    .innerJoin(userDesks, eq(userDesks.userId, users.id))
    .where(eq(users.role, "editor"))
    .get()!;
  admin = ctxOf(adminRow.id);
  editor = ctxOf(editorRow.id);
  journalistId = db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userDesks, eq(userDesks.userId, users.id))
    .where(and(eq(users.role, "journalist"), eq(userDesks.deskId, editorRow.deskId)))
    .get()!.id;
  interviewId = db.select({ id: interviews.id }).from(interviews).where(eq(interviews.deskId, editorRow.deskId)).get()!.id;
  otherInterviewId =
    db.select({ id: interviews.id }).from(interviews).where(lt(interviews.deskId, editorRow.deskId)).get()?.id ??
    db.select({ id: interviews.id }).from(interviews).orderBy(desc(interviews.deskId)).get()!.id;
  head = auditCount();
}, 120_000);

describe("npm run cli -- dev seed-audit", () => {
  it("writes a valid chain with a signed checkpoint every 1,000 entries", () => {
    const verdict = verifyStoredChain();
    expect(verdict).toMatchObject({ intact: true, entries: head });
    expect(verdict.checkpoints).toBe(Math.floor(head / 1000));
  });

  it("writes entries of the catalogue, in time order, about the desks' people and interviews", () => {
    const rows = auditRows();
    const ids = new Set(
      sqlite()
        .prepare("select id from users union all select id from interviews union all select id from desks")
        .all()
        .map((r) => (r as { id: string }).id),
    );
    const actions = new Set<string>();
    for (const [i, row] of rows.entries()) {
      const event = auditEventSchema.parse({ action: row.action, targetId: row.targetId, payload: JSON.parse(row.payload) });
      expect(row.targetType).toBe(targetTypeOf(event.action));
      if (row.actorId) expect(ids.has(row.actorId)).toBe(true);
      if (i > 0) expect(row.occurredAt).toBeGreaterThanOrEqual(rows[i - 1]!.occurredAt);
      actions.add(row.action);
    }
    expect(actions.size).toBeGreaterThan(30);
    expect(rows.at(-1)!.occurredAt - rows[0]!.occurredAt).toBeGreaterThan(700 * 86_400_000);
  });

  it("refuses a database that has users, unless --force is given", async () => {
    const refused = io();
    expect(await devCommand(["seed-audit", "--count", "10"], refused.cli)).toBe(1);
    expect(refused.out.stderr).toMatch(/already has \d+ users: refusing/);
    expect(auditCount()).toBe(head);

    const forced = io();
    expect(await devCommand(["seed-audit", "--count", "10", "--desks", "1", "--interviews", "1", "--force"], forced.cli)).toBe(0);
    expect(verifyStoredChain()).toMatchObject({ intact: true });
    head = auditCount();
  });

  it.each([[["seed-audit"]], [["seed-audit", "--count", "many"]], [["seed-audit", "--count", "5", "--desks", "0"]], [["seed"]]])(
    "%j is a usage error (exit 2)",
    async (args) => {
      const { out, cli } = io();
      expect(await devCommand(args, cli)).toBe(2);
      expect(out.stderr).toMatch(/Usage/);
    },
  );
});

describe("the review page's first pages at scale are the plain query's pages", () => {
  /** The query the page ran before: every condition through SQLite's own plan, newest first. */
  function reference(ctx: Ctx, input: AuditFilterInput & { before?: number; limit?: number }) {
    const f = auditFilterSchema.parse(input);
    const conditions = auditConditions(getDb(), ctx.actor!, f);
    if (conditions === null) return { seqs: [], nextBefore: null };
    if (f.before !== undefined) conditions.push(lt(auditEvents.seq, f.before));
    const limit = f.limit ?? 50;
    const rows = getDb()
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(and(...conditions))
      .orderBy(desc(auditEvents.seq))
      .limit(limit + 1)
      .all();
    return { seqs: rows.slice(0, limit).map((r) => r.seq), nextBefore: rows.length > limit ? rows[limit - 1]!.seq : null };
  }

  function month(offsetDays: number): { from: string; to: string } {
    const oldest = auditRows()[0]!.occurredAt;
    const d = new Date(oldest + offsetDays * 86_400_000);
    const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
  }

  const filters = (): [string, AuditFilterInput][] => [
    ["no filter", {}],
    ["actor", { actorId: journalistId }],
    ["action", { action: "review.scanned" }],
    ["rare action", { action: "consent.withdrawn" }],
    ["action group", { action: "consent.*" }],
    ["text", { q: "withdrawn" }],
    ["interview", { interviewId }],
    ["another desk's interview", { interviewId: otherInterviewId }],
    ["a month in the middle", month(365)],
    ["the first month", month(0)],
    ["from only, long ago", { from: month(100).from }],
    ["from only, in the future", { from: "2999-01-01" }],
    ["to only, half way", { to: month(365).to }],
    ["to only, before everything", { to: "2001-01-01" }],
    ["one day", { from: month(200).from, to: month(200).from }],
    ["action and month", { action: "checklist.*", ...month(300) }],
    ["actor and action", { actorId: journalistId, action: "auth.*" }],
  ];

  it("for every filter, as an admin and as a desk editor, across the probe window and page after page", () => {
    const befores = [undefined, head - PAGE_PROBE_WINDOW + 30, head - PAGE_PROBE_WINDOW - 1, 15_000, 2_000, 60];
    for (const [name, filter] of filters()) {
      for (const [viewer, ctx] of [
        ["admin", admin],
        ["editor", editor],
      ] as const) {
        for (const before of befores) {
          for (const limit of [1, 50, 200]) {
            const input = { ...filter, before, limit };
            const page = listAuditEvents({ ctx, input });
            const expected = reference(ctx, input);
            expect(
              { seqs: page.items.map((i) => i.seq), nextBefore: page.nextBefore },
              `${name}, ${viewer}, ${JSON.stringify(input)}`,
            ).toEqual(expected);
          }
        }
        // Following the pager from the newest page, past the probe window.
        let before: number | undefined;
        for (let i = 0; i < 3; i++) {
          const page = listAuditEvents({ ctx, input: { ...filter, before, limit: 200 } });
          expect(page.items.map((x) => x.seq)).toEqual(reference(ctx, { ...filter, before, limit: 200 }).seqs);
          if (page.nextBefore === null) break;
          before = page.nextBefore;
        }
      }
    }
  });

  it("the entry just below the probe window is found (the second step starts exactly where the first ended)", () => {
    // A rare action's entry at seq s, with the page cursor put so that the window ends on s.
    const s = (
      sqlite()
        .prepare(
          "select max(seq) as s from audit_events where action in ('consent.withdrawn', 'consent.revoked', 'consent.expired') and seq <= ?",
        )
        .get(head - PAGE_PROBE_WINDOW - 1) as { s: number }
    ).s;
    const action = (sqlite().prepare("select action from audit_events where seq = ?").get(s) as { action: string }).action;
    for (const ctx of [admin, editor]) {
      const input = { action, before: s + PAGE_PROBE_WINDOW + 1, limit: 200 };
      const page = listAuditEvents({ ctx, input });
      expect(page.items.map((i) => i.seq)).toEqual(reference(ctx, input).seqs);
      if (ctx === admin) expect(page.items.map((i) => i.seq)).toContain(s);
    }
  });

  it("an interview's Activity tab too", () => {
    for (const before of [undefined, head - PAGE_PROBE_WINDOW, 500]) {
      const page = listInterviewActivity({ ctx: admin, input: { interviewId, before, limit: 50 } });
      expect(page.items.map((i) => i.seq)).toEqual(reference(admin, { interviewId, before, limit: 50 }).seqs);
    }
  });

  it("odd stored times (negative, fractional, text: only a tampered row) are filtered exactly as before", () => {
    const last = sqlite().prepare("select seq, hash from audit_events order by seq desc limit 1").get() as { seq: number; hash: string };
    const insert = sqlite().prepare(
      "insert into audit_events (seq, occurred_at, actor_id, action, target_type, target_id, payload, prev_hash, hash) values (?, ?, null, 'auth.signed_out', 'auth', null, '{}', ?, ?)",
    );
    const odd = [-1, -86_400_001, 0.5, 86_399_999.9, "yesterday", 1.5e300, -1.5e300];
    odd.forEach((at, i) => insert.run(last.seq + 1 + i, at, last.hash, `forged-${i}`));
    for (const filter of [
      { from: "1969-12-31", to: "1969-12-31" },
      { from: "1970-01-01", to: "1970-01-02" },
      { to: "1970-01-01" },
      { from: "1969-12-31", to: "1970-01-02" },
      { from: "1969-12-31" },
      { to: "1969-12-31" },
      { from: "1970-01-01", to: "1970-01-01" },
      month(10),
    ]) {
      for (const ctx of [admin, editor]) {
        const input = { ...filter, limit: 50 };
        expect(
          listAuditEvents({ ctx, input }).items.map((i) => i.seq),
          JSON.stringify(filter),
        ).toEqual(reference(ctx, input).seqs);
      }
    }
  });
});
