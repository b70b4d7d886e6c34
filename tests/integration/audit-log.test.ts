import { beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent } from "@/lib/audit/append";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { authenticate } from "@/lib/auth/authenticate";
import { recordSignOut } from "@/lib/auth/record-sign-out";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { setUserActive } from "@/lib/users/set-user-active";
import { updateUser } from "@/lib/users/update-user";
import { withTransaction } from "@/db/transaction";
import { failure } from "../support/assertions";
import { ctxOf, makeCtx, seedDesk, seedUser, setupAdmin, type SeededAdmin, type SeededUser } from "../support/seed";
import { auditCount, auditRows, dropAuditTriggers, sqlite, registerTestDb } from "../support/test-db";

// One database for the file: seeded once by real service calls; every tampering test runs inside a transaction
// that is rolled back (SQLite DDL is transactional, so even dropped triggers come back).
registerTestDb("file");

let admin: SeededAdmin;
let kyiv: string;
let editor: SeededUser;
let j1: SeededUser; // Kyiv
let j2: SeededUser; // Seoul
let j3: SeededUser; // no desk

beforeAll(async () => {
  admin = await setupAdmin();
  kyiv = seedDesk(admin.ctx, "Kyiv bureau");
  editor = await seedUser(admin.ctx, "editor", { deskIds: [kyiv] });
  j1 = await seedUser(admin.ctx, "journalist", { deskIds: [kyiv] });
  j2 = await seedUser(admin.ctx, "journalist", { deskIds: [admin.deskId] });
  j3 = await seedUser(admin.ctx, "journalist");
  updateUser({
    ctx: admin.ctx,
    input: { userId: j2.id, name: "J2 renamed", email: j2.email, role: "journalist", deskIds: [admin.deskId] },
  });
  setUserActive({ ctx: admin.ctx, input: { userId: j3.id }, active: false });
  const anon = makeCtx(null);
  await authenticate({ ctx: anon, input: { email: j1.email, password: j1.password } });
  await authenticate({ ctx: anon, input: { email: j2.email, password: j2.password } });
  await authenticate({ ctx: anon, input: { email: "stranger@newsroom.example", password: "wrong password 11" } });
  await authenticate({ ctx: anon, input: { email: editor.email, password: editor.password } });
  recordSignOut({ ctx: ctxOf(j1.id) });
  recordSignOut({ ctx: ctxOf(j2.id) });
});

/** Runs `fn` against the database and rolls every change back afterwards. */
function inRolledBackTransaction<T>(fn: () => T): T {
  sqlite().exec("BEGIN");
  try {
    return fn();
  } finally {
    sqlite().exec("ROLLBACK");
  }
}

const MIDDLE = 6;

describe("the stored chain", () => {
  it("is intact after a series of real service calls", () => {
    const rows = auditRows();
    expect(rows.length).toBeGreaterThanOrEqual(15);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(verifyStoredChain()).toEqual({
      intact: true,
      entries: rows.length,
      headSeq: rows.length,
      headHash: rows.at(-1)!.hash,
      checkpoints: 0,
      lastCheckpoint: null,
    });
    expect(new Set(rows.map((r) => r.action))).toEqual(
      new Set([
        "instance.setup",
        "desk.created",
        "user.created",
        "user.updated",
        "user.deactivated",
        "auth.sign_in_succeeded",
        "auth.sign_in_failed",
        "auth.signed_out",
      ]),
    );
  });

  it.each([
    ["UPDATE", `update audit_events set payload = '{"x":1}' where seq = ${MIDDLE}`],
    ["UPDATE of every row", "update audit_events set occurred_at = occurred_at + 1"],
    ["DELETE", `delete from audit_events where seq = ${MIDDLE}`],
    ["DELETE of the last entry", "delete from audit_events where seq = (select max(seq) from audit_events)"],
    [
      "INSERT OR REPLACE over an entry",
      `insert or replace into audit_events select seq, occurred_at, actor_id, 'user.created', target_type, target_id, payload, prev_hash, hash from audit_events where seq = ${MIDDLE}`,
    ],
    [
      "UPSERT over an entry",
      `insert into audit_events select * from audit_events where seq = ${MIDDLE} on conflict(seq) do update set payload = '{}'`,
    ],
  ])("refuses %s through the triggers", (_label, statement) => {
    const before = auditRows();
    expect(() => sqlite().prepare(statement).run()).toThrow(/append-only/);
    expect(auditRows()).toEqual(before);
  });

  it("a refused audit write inside a service transaction rolls back the whole transaction", () => {
    const before = auditRows();
    expect(() =>
      withTransaction((tx) => {
        appendAuditEvent(tx, admin.ctx, { action: "user.deactivated", targetId: j1.id, payload: {} });
        sqlite().prepare("delete from audit_events where seq = 1").run();
      }),
    ).toThrow(/append-only/);
    expect(auditRows()).toEqual(before);
  });

  it("appendAuditEvent outside a transaction is refused", () => {
    expect(() => appendAuditEvent(undefined as never, admin.ctx, { action: "user.deactivated", targetId: j1.id, payload: {} })).toThrow(
      /inside withTransaction/,
    );
  });

  it("appendAuditEvent rejects a payload outside the catalogue (e.g. an e-mail address)", () => {
    const before = auditCount();
    expect(() =>
      withTransaction((tx) =>
        appendAuditEvent(tx, admin.ctx, { action: "user.deactivated", targetId: j1.id, payload: { email: j1.email } } as never),
      ),
    ).toThrow();
    expect(auditCount()).toBe(before);
  });
});

describe("with the triggers dropped (test database only), tampering is detected", () => {
  const tamper = (statements: string) =>
    inRolledBackTransaction(() => {
      dropAuditTriggers();
      sqlite().exec(statements);
      return verifyStoredChain();
    });

  it.each([
    ["seq", `update audit_events set seq = 100000 where seq = ${MIDDLE}`, "gap_in_seq"],
    ["occurred_at", `update audit_events set occurred_at = occurred_at + 1 where seq = ${MIDDLE}`, "hash_mismatch"],
    ["actor_id", `update audit_events set actor_id = 'someone-else' where seq = ${MIDDLE}`, "hash_mismatch"],
    ["actor_id (to null)", `update audit_events set actor_id = null where seq = ${MIDDLE}`, "hash_mismatch"],
    ["action", `update audit_events set action = 'user.deactivated' where seq = ${MIDDLE}`, "hash_mismatch"],
    ["target_type", `update audit_events set target_type = 'desk' where seq = ${MIDDLE}`, "hash_mismatch"],
    ["target_id", `update audit_events set target_id = 'another' where seq = ${MIDDLE}`, "hash_mismatch"],
    [
      "payload",
      `update audit_events set payload = '{"role":"admin","deskIds":[],"mustChangePassword":false}' where seq = ${MIDDLE}`,
      "hash_mismatch",
    ],
    ["prev_hash", `update audit_events set prev_hash = '${"e".repeat(64)}' where seq = ${MIDDLE}`, "broken_link"],
    ["hash", `update audit_events set hash = '${"f".repeat(64)}' where seq = ${MIDDLE}`, "hash_mismatch"],
  ])("an UPDATE of %s in one entry", (_column, statement, problem) => {
    const verdict = tamper(statement);
    expect(verdict).toMatchObject({ intact: false, brokenSeq: MIDDLE, problem, entries: MIDDLE - 1 });
    expect(verifyStoredChain().intact).toBe(true); // rolled back
  });

  it("an UPDATE of the first entry and of the last entry", () => {
    expect(tamper("update audit_events set occurred_at = 0 where seq = 1")).toMatchObject({ intact: false, brokenSeq: 1 });
    const last = auditCount();
    expect(tamper(`update audit_events set payload = '{"x":1}' where seq = ${last}`)).toMatchObject({ intact: false, brokenSeq: last });
  });

  it("a DELETE of a middle entry", () => {
    expect(tamper(`delete from audit_events where seq = ${MIDDLE}`)).toMatchObject({
      intact: false,
      brokenSeq: MIDDLE,
      problem: "gap_in_seq",
    });
  });

  it("a DELETE of a middle entry with the later entries renumbered", () => {
    const verdict = tamper(`delete from audit_events where seq = ${MIDDLE}; update audit_events set seq = seq - 1 where seq > ${MIDDLE};`);
    expect(verdict).toMatchObject({ intact: false, brokenSeq: MIDDLE, problem: "broken_link" });
  });

  it("a DELETE of the last entry only shortens the head (undetectable without a checkpoint)", () => {
    const rows = auditRows();
    const verdict = tamper(`delete from audit_events where seq = ${rows.length}`);
    expect(verdict).toMatchObject({
      intact: true,
      entries: rows.length - 1,
      headSeq: rows.length - 1,
      headHash: rows.at(-2)!.hash,
      checkpoints: 0,
    });
  });

  it("swapping two entries' contents (seq kept)", () => {
    const a = MIDDLE;
    const b = MIDDLE + 1;
    const cols = ["occurred_at", "actor_id", "action", "target_type", "target_id", "payload", "prev_hash", "hash"];
    const verdict = tamper(`
      create temp table swap as select * from audit_events where seq in (${a}, ${b});
      update audit_events set hash = 'tmp-a' where seq = ${a};
      update audit_events set ${cols.map((c) => `${c} = (select ${c} from swap where seq = ${a})`).join(", ")} where seq = ${b};
      update audit_events set ${cols.map((c) => `${c} = (select ${c} from swap where seq = ${b})`).join(", ")} where seq = ${a};
      drop table swap;`);
    expect(verdict).toMatchObject({ intact: false, brokenSeq: a });
  });

  it("swapping two entries' positions (their seq numbers exchanged)", () => {
    const a = MIDDLE;
    const b = MIDDLE + 1;
    const verdict = tamper(`
      update audit_events set seq = -1 where seq = ${a};
      update audit_events set seq = ${a} where seq = ${b};
      update audit_events set seq = ${b} where seq = -1;`);
    expect(verdict).toMatchObject({ intact: false, brokenSeq: a });
  });

  it("a forged entry appended with a recomputed but unlinked hash", () => {
    const n = auditCount();
    const verdict = tamper(
      `insert into audit_events (seq, occurred_at, actor_id, action, target_type, target_id, payload, prev_hash, hash)
       values (${n + 1}, 1, null, 'user.deactivated', 'user', 'x', '{}', '${"0".repeat(64)}', '${"1".repeat(64)}')`,
    );
    expect(verdict).toMatchObject({ intact: false, brokenSeq: n + 1, problem: "broken_link" });
  });
});

describe("listAuditEvents", () => {
  const all = () => auditRows();
  const listAll = (ctx: Ctx, limit = 200) => listAuditEvents({ ctx, input: { limit } }).items;

  it("an admin sees every entry, newest first, with labels, parsed payloads and actor names", () => {
    const items = listAll(admin.ctx);
    const rows = all();
    expect(items.map((i) => i.seq)).toEqual(rows.map((r) => r.seq).reverse());
    const created = items.find((i) => i.action === "user.created" && i.targetId === j1.id)!;
    expect(created).toMatchObject({
      label: "User created",
      actorId: admin.id,
      actorName: "Ada Admin",
      targetType: "user",
      payload: { role: "journalist", deskIds: [kyiv], mustChangePassword: false },
    });
    const failed = items.find((i) => i.action === "auth.sign_in_failed")!;
    expect(failed).toMatchObject({ actorId: null, actorName: null });
  });

  it("an editor sees only entries by or about users of their desks (and about their desks)", () => {
    const ctx = ctxOf(editor.id);
    expect(ctx.actor!.deskIds).toEqual([kyiv]);
    const deskUsers = new Set([editor.id, j1.id]);
    const expected = all()
      .filter(
        (r) =>
          (r.actorId !== null && deskUsers.has(r.actorId)) ||
          (r.targetType === "user" && deskUsers.has(r.targetId!)) ||
          (r.targetType === "desk" && r.targetId === kyiv),
      )
      .map((r) => r.seq)
      .reverse();
    const items = listAll(ctx);
    expect(items.map((i) => i.seq)).toEqual(expected);
    expect(items.length).toBeLessThan(all().length);

    const has = (pred: (i: (typeof items)[number]) => boolean) => items.some(pred);
    expect(has((i) => i.action === "user.created" && i.targetId === j1.id)).toBe(true);
    expect(has((i) => i.action === "desk.created" && i.targetId === kyiv)).toBe(true);
    expect(has((i) => i.action === "auth.signed_out" && i.actorId === j1.id)).toBe(true);
    // Nothing by or about a user outside Kyiv, nothing anonymous.
    for (const other of [j2.id, j3.id]) {
      expect(has((i) => i.targetId === other || i.actorId === other)).toBe(false);
    }
    expect(has((i) => i.action === "desk.created" && i.targetId === admin.deskId)).toBe(false);
    expect(has((i) => i.action === "instance.setup" || i.action === "auth.sign_in_failed")).toBe(false);
  });

  it("an editor without desks sees only their own entries", async () => {
    const lonely = await seedUser(admin.ctx, "editor");
    await authenticate({ ctx: makeCtx(null), input: { email: lonely.email, password: lonely.password } });
    const items = listAll(ctxOf(lonely.id));
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) expect(i.actorId).toBe(lonely.id);
  });

  it("a journalist is Forbidden and a signed-out caller Unauthenticated", () => {
    expect(() => listAuditEvents({ ctx: ctxOf(j1.id) })).toThrow(ForbiddenError);
    expect(() => listAuditEvents({ ctx: makeCtx(null) })).toThrow(UnauthenticatedError);
  });

  it.each([
    ["admin", () => admin.ctx],
    ["editor", () => ctxOf(editor.id)],
  ])("keyset paging with `before` returns older entries without overlap (%s)", (_who, getCtx) => {
    const ctx = getCtx();
    const everything = listAll(ctx).map((i) => i.seq);
    const pages: number[][] = [];
    let before: number | undefined;
    for (;;) {
      const page = listAuditEvents({ ctx, input: { before, limit: 4 } }).items.map((i) => i.seq);
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(4);
      if (before !== undefined) for (const s of page) expect(s).toBeLessThan(before);
      pages.push(page);
      before = page.at(-1);
      expect(pages.length).toBeLessThan(100);
    }
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flat()).toEqual(everything);
    expect(new Set(pages.flat()).size).toBe(everything.length);
  });

  it("accepts a page size of 1..200 and refuses anything else with a field message", () => {
    expect(listAuditEvents({ ctx: admin.ctx, input: { limit: 1 } }).items).toHaveLength(1);
    expect(listAuditEvents({ ctx: admin.ctx, input: { limit: 3 } }).items).toHaveLength(3);
    expect(listAuditEvents({ ctx: admin.ctx, input: { before: 1 } })).toEqual({ items: [], nextBefore: null });
    for (const limit of [0, -5, 201, 2.5, "ten"]) {
      const err = failure(() => listAuditEvents({ ctx: admin.ctx, input: { limit } }), ValidationError);
      expect(err.fieldErrors.limit).toEqual(expect.any(String));
    }
  });
});
