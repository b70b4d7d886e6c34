/**
 * Audit benchmark: `npm run bench:audit [-- --count N] [--data DIR] [--runs R] [--url URL] [--only pages,verify,export]`.
 *
 * Seeds a temporary DATA_DIR with N fake entries (default 1,000,000; lib/dev/seed-audit.ts) unless --data points
 * at a database seeded before (`npm run cli -- dev seed-audit`), then measures on that database:
 *  1. the first page of /audit (50 rows, newest first), with no filter and with each single filter, as an admin
 *     and as a desk editor, median and p95 of R runs (default 20): the service alone (listAuditEvents), and what
 *     the page's server component calls (listAuditFilterOptions + listAuditEvents + getChainStatus, whose
 *     quickVerify checks the entries after the last checkpoint). The React render itself is not in that number;
 *     with --url (a `next start` serving the same DATA_DIR) the real page is fetched over HTTP as well.
 *  2. full verification (verifyStoredChain: read, recompute, check links and checkpoints) in entries/s, next to
 *     raw SHA-256 over the same bytes (each row's canonical body and its link, strings prepared beforehand), with
 *     Node's fastest one-shot API (crypto.hash, the target's baseline) and with the streaming createHash.
 *  3. an export of everything (exportAuditLog to a file), as the admin and as the editor: time, MB/s, heap and
 *     RSS sampled every 100 ms and at every tenth of the way (after a full GC with --expose-gc, as npm runs it).
 * The export writes an audit entry and a checkpoint, as every export does, so it runs last.
 */
import * as crypto from "node:crypto";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { closeDb, getConnection, getDb } from "../db/client";
import { auditEvents, interviews, userDesks, users } from "../db/schema";
import { canonicalJson, type AuditRow } from "../lib/audit/canonical";
import { getChainStatus } from "../lib/audit/chain-status";
import { exportAuditLog } from "../lib/audit/export-audit";
import { listAuditEvents } from "../lib/audit/list-audit-events";
import { listAuditFilterOptions } from "../lib/audit/list-audit-filter-options";
import { verifyStoredChain } from "../lib/audit/verify-stored-chain";
import { loadSessionUser } from "../lib/auth/load-session-user";
import type { Ctx } from "../lib/context";
import { parseFlags } from "../lib/cli/args";
import { seedAudit } from "../lib/dev/seed-audit";
import { fetchPages } from "./audit-http";

const PAGE_TARGET_MS = 150;
const { flags, error } = parseFlags(process.argv.slice(2), {
  count: "string",
  data: "string",
  runs: "string",
  url: "string",
  only: "string",
  keep: "boolean",
});
if (error) {
  console.error(
    `${error}\nUsage: npm run bench:audit [-- --count N] [--data DIR] [--runs R] [--url http://127.0.0.1:3000] [--only pages,verify,export] [--keep]`,
  );
  process.exit(2);
}
const COUNT = Number(String(flags.count ?? "1000000").replace(/[_,]/g, ""));
const RUNS = Number(flags.runs ?? 20);
/** `--only pages,verify,export`: a subset of the measurements (all by default). */
const PARTS = new Set(String(flags.only ?? "pages,verify,export").split(","));

const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);
const mb = (bytes: number) => (bytes / 1048576).toFixed(0);
const rate = (n: number) => Math.round(n).toLocaleString("en");
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const result = fn();
  return [result, performance.now() - t];
}

async function prepare(): Promise<{ dir: string; temporary: boolean }> {
  if (typeof flags.data === "string") {
    process.env.DATA_DIR = path.resolve(flags.data);
    return { dir: process.env.DATA_DIR, temporary: false };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sourcekeeper-bench-audit-"));
  process.env.DATA_DIR = dir;
  console.log(`Seeding ${rate(COUNT)} entries into ${dir} …`);
  let last = 0;
  const result = await seedAudit({
    count: COUNT,
    onProgress: (done, total, t) => {
      if (t - last < 10_000 && done !== total) return;
      last = t;
      console.log(`  ${rate(done)} / ${rate(total)} (${rate(done / (t / 1000))} entries/s)`);
    },
  });
  console.log(
    `Seeded in ${((result.servicesMs + result.entriesMs) / 1000).toFixed(1)} s: services ${(result.servicesMs / 1000).toFixed(1)} s, ` +
      `${rate(result.entries)} entries ${(result.entriesMs / 1000).toFixed(1)} s (${rate(result.entries / (result.entriesMs / 1000))} entries/s), ${result.checkpoints} checkpoints\n`,
  );
  return { dir, temporary: true };
}

/** The first admin, the first editor, and filter values inside that editor's scope (a journalist and an interview of their desk). */
function fixtures() {
  const db = getDb();
  const ctxOf = (id: string): Ctx => {
    const v = db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, id)).get()!.v;
    return { actor: loadSessionUser(id, v)!.actor, ip: "", now: Date.now };
  };
  const admin = db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).orderBy(asc(users.createdAt)).limit(1).get();
  const editor = db
    .select({ id: users.id, deskId: userDesks.deskId })
    .from(users)
    .innerJoin(userDesks, eq(userDesks.userId, users.id))
    .where(eq(users.role, "editor"))
    .orderBy(asc(users.createdAt))
    .limit(1)
    .get();
  if (!admin || !editor) throw new Error("The database has no admin or no editor: seed it with `npm run cli -- dev seed-audit`.");
  const journalist = db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userDesks, eq(userDesks.userId, users.id))
    .where(sql`${users.role} = 'journalist' and ${userDesks.deskId} = ${editor.deskId}`)
    .limit(1)
    .get();
  const interview = db.select({ id: interviews.id }).from(interviews).where(eq(interviews.deskId, editor.deskId)).limit(1).get();
  const span = db
    .select({ min: sql<number>`min(${auditEvents.occurredAt})`, max: sql<number>`max(${auditEvents.occurredAt})` })
    .from(auditEvents)
    .get()!;
  const mid = new Date((span.min + span.max) / 2);
  const from = new Date(Date.UTC(mid.getUTCFullYear(), mid.getUTCMonth(), 1));
  const to = new Date(Date.UTC(mid.getUTCFullYear(), mid.getUTCMonth() + 1, 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const filters: [string, Record<string, string>][] = [
    ["no filter", {}],
    ["actor (a journalist)", { actorId: journalist?.id ?? editor.id }],
    ["action = review.scanned", { action: "review.scanned" }],
    ["action group consent.*", { action: "consent.*" }],
    ["interview", { interviewId: interview?.id ?? "none" }],
    [`month ${day(from).slice(0, 7)}`, { from: day(from), to: day(to) }],
    ['text q="withdrawn"', { q: "withdrawn" }],
  ];
  return { viewers: [["admin", ctxOf(admin.id)] as const, ["editor", ctxOf(editor.id)] as const], filters };
}

function measurePages(f: ReturnType<typeof fixtures>) {
  console.log(`First page (50 rows, newest first), ${RUNS} runs each after 2 warm-ups; target < ${PAGE_TARGET_MS} ms`);
  console.log(
    `${"filter".padEnd(26)} ${"viewer".padEnd(7)} ${"rows".padStart(4)} ${"service med".padStart(11)} ${"p95".padStart(7)} ${"page med".padStart(9)} ${"p95".padStart(7)}`,
  );
  const misses: string[] = [];
  for (const [name, filter] of f.filters) {
    for (const [viewer, ctx] of f.viewers) {
      const input = { ...filter, limit: 50 };
      const service: number[] = [];
      const page: number[] = [];
      let rows = 0;
      for (let i = 0; i < RUNS + 2; i++) {
        const [result, t] = time(() => listAuditEvents({ ctx, input }));
        rows = result.items.length;
        const [, p] = time(() => {
          listAuditFilterOptions({ ctx });
          listAuditEvents({ ctx, input });
          getChainStatus({ ctx });
        });
        if (i >= 2) {
          service.push(t);
          page.push(p);
        }
      }
      const p95 = quantile(page, 0.95);
      if (p95 >= PAGE_TARGET_MS) misses.push(`${name} (${viewer})`);
      console.log(
        `${name.padEnd(26)} ${viewer.padEnd(7)} ${String(rows).padStart(4)} ${ms(quantile(service, 0.5)).padStart(11)} ${ms(quantile(service, 0.95)).padStart(7)} ${ms(quantile(page, 0.5)).padStart(9)} ${ms(p95).padStart(7)}`,
      );
    }
  }
  console.log(
    misses.length ? `MISSED ${PAGE_TARGET_MS} ms (page p95): ${misses.join(", ")}\n` : `Every page p95 under ${PAGE_TARGET_MS} ms.\n`,
  );
}

const SELECT_CHUNK = `select seq, occurred_at as occurredAt, actor_id as actorId, action, target_type as targetType,
        target_id as targetId, payload, prev_hash as prevHash, hash from audit_events where seq > ? order by seq limit 50000`;

type Hasher = (text: string) => string;
/** The fastest SHA-256 Node offers for short texts (one-shot crypto.hash, Node ≥ 20.12), and the streaming API. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;
const HASHERS: [string, Hasher][] = [
  ...(oneShot ? [["crypto.hash", (t: string) => oneShot("sha256", t, "hex")] as [string, Hasher]] : []),
  ["createHash", (t: string) => createHash("sha256").update(t, "utf8").digest("hex")],
];

/**
 * Raw SHA-256 over the same bytes as the verifier: each row's canonical body, then its link (prev hash ‖ body
 * hash). The strings are prepared outside the timing, 50,000 rows at a time; only the hashing is timed.
 */
function rawSha256(hash: Hasher): { entries: number; ms: number; bytes: number } {
  const statement = getConnection().sqlite.prepare(SELECT_CHUNK);
  let after = 0;
  let entries = 0;
  let elapsed = 0;
  let bytes = 0;
  for (;;) {
    const rows = statement.all(after) as AuditRow[];
    if (rows.length === 0) break;
    const bodies = rows.map((r) =>
      canonicalJson({
        seq: r.seq,
        occurredAt: r.occurredAt,
        actorId: r.actorId,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        payload: r.payload,
        prevHash: r.prevHash,
      }),
    );
    const prevs = rows.map((r) => r.prevHash);
    const t = performance.now();
    let sink = 0;
    for (let i = 0; i < bodies.length; i++) sink += hash(prevs[i]! + hash(bodies[i]!)).length;
    elapsed += performance.now() - t;
    if (sink !== bodies.length * 64) throw new Error("unexpected digest length");
    for (const b of bodies) bytes += Buffer.byteLength(b) + 128;
    entries += rows.length;
    after = rows.at(-1)!.seq;
  }
  return { entries, ms: elapsed, bytes };
}

function measureVerification() {
  const runs = 3;
  const verify: number[] = [];
  let entries = 0;
  for (let i = 0; i < runs; i++) {
    const [verdict, t] = time(() => verifyStoredChain());
    if (!verdict.intact) throw new Error(`verifyStoredChain: ${verdict.detail}`);
    entries = verdict.entries;
    verify.push(t);
  }
  const verifyMs = quantile(verify, 0.5);
  const verifyRate = entries / (verifyMs / 1000);
  const raws = HASHERS.map(([name, hash]) => {
    const passes = Array.from({ length: runs }, () => rawSha256(hash));
    const ms = quantile(
      passes.map((r) => r.ms),
      0.5,
    );
    return { name, ms, rate: passes[0]!.entries / (ms / 1000), bytes: passes[0]!.bytes };
  });
  console.log(`Full verification (median of ${runs}), ${rate(entries)} entries, ${mb(raws[0]!.bytes)} MB hashed per pass`);
  console.log(`  verifyStoredChain          ${(verifyMs / 1000).toFixed(2).padStart(7)} s  ${rate(verifyRate).padStart(10)} entries/s`);
  for (const r of raws) {
    console.log(
      `  raw SHA-256 ${`(${r.name})`.padEnd(14)} ${(r.ms / 1000).toFixed(2).padStart(7)} s  ${rate(r.rate).padStart(10)} entries/s   ratio ${(verifyRate / r.rate).toFixed(2)}`,
    );
  }
  console.log(`  target: ratio ≥ 0.33 against the fastest (${raws[0]!.name})\n`);
}

async function measureExport(dir: string, ctx: Ctx, label: string) {
  const file = path.join(dir, `bench-export-${label}.zip`);
  global.gc?.();
  const before = process.memoryUsage();
  let peak = { heap: before.heapUsed, rss: before.rss, external: before.external };
  const sample = () => {
    const m = process.memoryUsage();
    peak = { heap: Math.max(peak.heap, m.heapUsed), rss: Math.max(peak.rss, m.rss), external: Math.max(peak.external, m.external) };
    return m;
  };
  const timer = setInterval(sample, 100);
  const deciles: string[] = [];
  let nextDecile = 0.1;
  let lastSample = 0;
  const started = performance.now();
  const out = fs.createWriteStream(file);
  const result = await exportAuditLog({
    ctx,
    input: {},
    out,
    onProgress: (done, total) => {
      const now = performance.now();
      // The export loop yields only when the file stream asks it to wait: sample here too.
      if (now - lastSample >= 100) {
        lastSample = now;
        sample();
      }
      if (done / total >= nextDecile) {
        // With --expose-gc (npm run bench:audit), what the export still holds after a full collection.
        global.gc?.();
        deciles.push(mb(sample().heapUsed));
        nextDecile += 0.1;
      }
    },
  });
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const elapsed = performance.now() - started;
  clearInterval(timer);
  const during = sample();
  global.gc?.();
  const after = process.memoryUsage();
  const size = fs.statSync(file).size;
  fs.rmSync(file);
  console.log(
    `Export as ${label}: ${rate(result.entries)} entries (${rate(result.selected)} in full) in ${(elapsed / 1000).toFixed(1)} s, ` +
      `${mb(size)} MB ZIP, ${(size / 1048576 / (elapsed / 1000)).toFixed(1)} MB/s, ${rate(result.entries / (elapsed / 1000))} entries/s`,
  );
  console.log(`  heap MB  before ${mb(before.heapUsed)}  peak ${mb(peak.heap)}  end ${mb(during.heapUsed)}  after ${mb(after.heapUsed)}`);
  console.log(`  heap MB at 10%…100%${global.gc ? " (after a full GC)" : ""}: ${deciles.join(" ")}`);
  console.log(
    `  RSS MB   before ${mb(before.rss)}  peak ${mb(peak.rss)}  after ${mb(after.rss)}   external peak ${mb(peak.external)} MB\n`,
  );
}

async function main() {
  const { dir, temporary } = await prepare();
  getConnection();
  const f = fixtures();
  const { n } = getConnection().sqlite.prepare("select count(*) as n from audit_events").get() as { n: number };
  console.log(`Database ${dir}: ${rate(n)} audit entries; node ${process.version}, ${os.cpus().length} CPUs\n`);
  if (PARTS.has("pages")) measurePages(f);
  if (PARTS.has("pages") && typeof flags.url === "string") await fetchPages(flags.url, f, RUNS);
  if (PARTS.has("verify")) measureVerification();
  if (PARTS.has("export")) for (const [label, ctx] of f.viewers) await measureExport(dir, ctx, label);
  closeDb();
  if (temporary && !flags.keep) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`Data kept in ${dir} (reuse with --data ${dir}).`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
