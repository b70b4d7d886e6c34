import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { closeDb, getConnection } from "@/db/client";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { evidenceContext } from "@/lib/checklist/internal";
import { uploadContext } from "@/lib/consent/attach-upload";
import { recordConsent } from "@/lib/consent/record-consent";
import { replay, type ConsentEventType } from "@/lib/consent/state-machine";
import { open, openBytes } from "@/lib/crypto/seal";
import { commentContext } from "@/lib/interviews/add-comment";
import { addCollaborator } from "@/lib/interviews/collaborators";
import { RELIABILITY_DIR, RELIABILITY_PORT } from "../../playwright.config";
import { runCli } from "../../support/cli";
import { consentInput } from "../../support/consent-input";
import { plainJpeg } from "../fixtures/action-catalog";
import {
  committedCounts,
  crashServer,
  isAlive,
  prng,
  refreshClient,
  startBurst,
  waitFor,
  type CrashClient,
  type Op,
  type Workload,
} from "../fixtures/crash-workload";
import { actionIds, callAction, httpRequest, sessionToken, type Caller } from "../fixtures/http";
import { ctxOf, seedDesk, seedInterview, seedPreparedInterview, seedUser, uniqueSuffix } from "../fixtures/seed";
import { startServer, type ServerProcess } from "../fixtures/server-process";

/**
 * Crash safety (issue 11): the real server (`npm run cli -- serve`) on a database of its own takes concurrent writes
 * over HTTP — checklist changes, consent reconfirmations, withdrawals and new consent records, signature scans,
 * comments — and is killed with SIGKILL while they are in flight, then restarted on the same files (SQLite's WAL
 * recovery), and checked:
 * - `audit verify` passes (the command line, and in-process), SQLite's integrity and foreign-key checks pass;
 * - every write a client was told was saved is saved, and nothing is saved that no client asked for (a write whose
 *   answer the kill cut off may be either);
 * - every saved change has exactly its audit entry and every entry its change: consent records and each event of
 *   their history, checklist items (each entry continues from the previous one's state, the last is the item's
 *   state), comments, signature scans (whose files exist and decrypt to their recorded SHA-256);
 * - nothing half-written: a consent record's status is its last event, encrypted values decrypt, no file an audit
 *   entry or a row points to is missing, every interview page renders;
 * - the restarted server takes writes, audited.
 * At least two kill/restart cycles. A longer run: `SK_CRASH_CYCLES=10`; `SK_CRASH_SEED=…` repeats a run's choices.
 */

const DATA_DIR = path.join(RELIABILITY_DIR, "crash");
const LOG_FILE = path.join(RELIABILITY_DIR, "crash-server.log");
// Seeding goes straight into this test's database (the db client reopens when DATA_DIR changes).
process.env.DATA_DIR = DATA_DIR;

const CLIENTS = 8;
const SEED = Number(process.env.SK_CRASH_SEED ?? Date.now() % 1_000_000_007);
const CYCLES = Math.max(2, Number(process.env.SK_CRASH_CYCLES ?? 2));
/** Answered writes before the kill timer starts (the server has warmed up and every kind of write is going). */
const WARM_UP_WRITES = 12;

const ACTIONS = {
  setItemState: "app/(app)/interviews/[id]/actions.ts#setItemStateAction",
  comment: "app/(app)/interviews/[id]/actions.ts#addCommentAction",
  record: "app/(app)/interviews/[id]/consent/actions.ts#recordConsentAction",
  reconfirm: "app/(app)/interviews/[id]/consent/actions.ts#reconfirmConsentAction",
  withdraw: "app/(app)/interviews/[id]/consent/actions.ts#withdrawConsentAction",
  upload: "app/(app)/interviews/[id]/consent/actions.ts#attachUploadAction",
} as const;

/** What the workload (and nothing else) writes to the audit log. */
const WORKLOAD_ACTIONS = new Set([
  "checklist.item_changed",
  "consent.recorded",
  "consent.reconfirmed",
  "consent.withdrawn",
  "consent.upload_attached",
  "interview.comment_added",
]);
/** Consent events after the first two (written with the record) and the audit entry each one has. */
const EVENT_ACTION: Partial<Record<ConsentEventType, string>> = {
  reconfirmed: "consent.reconfirmed",
  withdrawn: "consent.withdrawn",
  revoked: "consent.revoked",
  expired: "consent.expired",
};

// ---------------------------------------------------------------------------------------------------------------
// Seeding

interface World {
  workload: Workload;
  owner: Caller;
  interviews: string[];
}

async function seedWorld(baseURL: string): Promise<World> {
  const desk = seedDesk();
  const owner = await seedUser("journalist", { deskIds: [desk.id] });
  const collaborators = [await seedUser("journalist", { deskIds: [desk.id] }), await seedUser("journalist", { deskIds: [desk.id] })];
  const editor = await seedUser("editor", { deskIds: [desk.id] });
  const ctx = ctxOf(owner, [desk.id]);
  const interviews: string[] = [];
  for (let k = 0; k < CLIENTS; k++) {
    const codeName = `Crash ${uniqueSuffix()}`;
    let interviewId: string;
    if (k < CLIENTS - 2) {
      interviewId = seedInterview(owner, desk.id, { codeName });
      recordConsent({ ctx, input: consentInput(interviewId, ctx.now(), { explainBack: `He said it will be read everywhere, also at home (seed ${k}).` }) });
    } else {
      // Prisoners of war brought to "interviewed": consent given and reconfirmed, every blocking item done.
      interviewId = seedPreparedInterview(owner, desk.id, { codeName }).interviewId;
    }
    for (const c of collaborators) addCollaborator({ ctx, input: { interviewId, userId: c.id } });
    interviews.push(interviewId);
  }
  const callers = await Promise.all([owner, ...collaborators, editor].map(async (u) => ({ token: await sessionToken(u.id) })));
  const sqlite = getConnection().sqlite;
  const clients: CrashClient[] = interviews.map((interviewId, index) => {
    const items = sqlite
      .prepare("SELECT item_id AS itemId, state FROM checklist_items WHERE interview_id = ? AND applicable = 1 ORDER BY item_id LIMIT 5")
      .all(interviewId) as CrashClient["items"];
    const client: CrashClient = { index, interviewId, caller: callers[index % 3]!, items, record: { id: "", status: "" } };
    refreshClient(sqlite, client);
    return client;
  });
  const ids = actionIds();
  const idOf = (key: string) => {
    const id = ids.get(key);
    if (!id) throw new Error(`No server action ${key} in the build`);
    return id;
  };
  const actions: Workload["actions"] = {
    setItemState: idOf(ACTIONS.setItemState),
    comment: idOf(ACTIONS.comment),
    record: idOf(ACTIONS.record),
    reconfirm: idOf(ACTIONS.reconfirm),
    withdraw: idOf(ACTIONS.withdraw),
    upload: idOf(ACTIONS.upload),
  };
  return { workload: { baseURL, actions, clients, commenters: callers, interviews, jpeg: await plainJpeg() }, owner: callers[0]!, interviews };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the database back

interface Entry {
  seq: number;
  occurredAt: number;
  actorId: string | null;
  action: string;
  targetId: string | null;
  payload: Record<string, unknown>;
}

function auditEntries(sqlite: Database.Database): Entry[] {
  const rows = sqlite.prepare("SELECT seq, occurred_at, actor_id, action, target_id, payload FROM audit_events ORDER BY seq").all() as {
    seq: number;
    occurred_at: number;
    actor_id: string | null;
    action: string;
    target_id: string | null;
    payload: string;
  }[];
  return rows.map((r) => ({
    seq: r.seq,
    occurredAt: r.occurred_at,
    actorId: r.actor_id,
    action: r.action,
    targetId: r.target_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  }));
}

const headSeq = (sqlite: Database.Database) => (sqlite.prepare("SELECT coalesce(max(seq), 0) AS seq FROM audit_events").get() as { seq: number }).seq;

/** Multiset difference: what `a` holds more often than `b`. */
function surplus(a: string[], b: string[]): string[] {
  const counts = new Map<string, number>();
  for (const k of b) counts.set(k, (counts.get(k) ?? 0) + 1);
  const out: string[] = [];
  for (const k of a) {
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else out.push(k);
  }
  return out;
}

interface Consistency {
  problems: string[];
  checked: Record<string, number>;
  /** Files under DATA_DIR/uploads that no row points to. */
  orphans: string[];
}

/**
 * Every row the workload writes against its audit entries, both ways, and every sign of a half-written change.
 * Runs in one read transaction (one snapshot of the database).
 */
function checkConsistency(sqlite: Database.Database): Consistency {
  return sqlite.transaction((): Consistency => {
    const problems: string[] = [];
    const entries = auditEntries(sqlite);
    const of = (...actions: string[]) => entries.filter((e) => actions.includes(e.action));

    // Consent records ↔ `consent.recorded` (which names the record by interview, terms hash and previous record).
    const records = sqlite
      .prepare("SELECT id, interview_id, previous_record_id, terms_hash, status, last_confirmed_at, decided_at, recorded_by, created_at FROM consent_records")
      .all() as {
      id: string;
      interview_id: string;
      previous_record_id: string | null;
      terms_hash: string;
      status: string;
      last_confirmed_at: number | null;
      decided_at: number;
      recorded_by: string;
      created_at: number;
    }[];
    const recordKeys = records.map((r) => `${r.interview_id}|${r.terms_hash}|${r.previous_record_id ?? ""}|${r.recorded_by}`);
    const recordedKeys = of("consent.recorded").map((e) => `${e.targetId}|${String(e.payload.termsHash)}|${String(e.payload.previousRecordId ?? "")}|${e.actorId}`);
    for (const k of surplus(recordKeys, recordedKeys)) problems.push(`consent record without its audit entry: ${k}`);
    for (const k of surplus(recordedKeys, recordKeys)) problems.push(`consent.recorded entry without its record: ${k}`);

    // Each record's history ↔ the audit entries of its events, in the same order, by the same people.
    const events = sqlite.prepare("SELECT record_id, type, occurred_at, recorded_by, recorded_at FROM consent_events ORDER BY rowid").all() as {
      record_id: string;
      type: ConsentEventType;
      occurred_at: number;
      recorded_by: string;
      recorded_at: number;
    }[];
    const eventEntries = of(...Object.values(EVENT_ACTION));
    const recordIds = new Set(records.map((r) => r.id));
    for (const e of eventEntries) if (!recordIds.has(String(e.payload.recordId))) problems.push(`${e.action} #${e.seq} names a record that does not exist`);
    for (const r of records) {
      const history = events.filter((e) => e.record_id === r.id);
      const types = history.map((e) => e.type);
      const [first, second] = history;
      if (first?.type !== "requested" || !second || second.recorded_at !== r.created_at || first.recorded_at !== r.created_at) {
        problems.push(`consent record ${r.id}: its first events were not written with it (${types.join(", ")})`);
      }
      const later = history.slice(2);
      const audited = eventEntries.filter((e) => e.payload.recordId === r.id);
      const expected = later.map((e) => `${EVENT_ACTION[e.type] ?? `(no audit action for ${e.type})`} by ${e.recorded_by}`);
      const actual = audited.map((e) => `${e.action} by ${e.actorId}`);
      if (expected.join(",") !== actual.join(",")) problems.push(`consent record ${r.id}: events [${expected.join(", ")}] but audit entries [${actual.join(", ")}]`);
      for (const e of audited) if (e.targetId !== r.interview_id) problems.push(`${e.action} #${e.seq} is filed under another interview`);
      const replayed = replay(types);
      if (!replayed.ok) problems.push(`consent record ${r.id}: its history is not a valid sequence (${types.join(", ")})`);
      else if (replayed.state !== r.status) problems.push(`consent record ${r.id}: status ${r.status} but its last event is ${replayed.state}`);
      const lastReconfirm = later.filter((e) => e.type === "reconfirmed").at(-1);
      const confirmed = lastReconfirm?.occurred_at ?? (second?.type === "given" ? r.decided_at : null);
      if (r.last_confirmed_at !== confirmed) problems.push(`consent record ${r.id}: last confirmed ${r.last_confirmed_at}, its history says ${confirmed}`);
    }

    // Checklist items ↔ `checklist.item_changed`: each entry continues from the previous one, the last is the row.
    const items = sqlite.prepare("SELECT interview_id, item_id, state, evidence_sealed, updated_by, updated_at FROM checklist_items").all() as {
      interview_id: string;
      item_id: string;
      state: string;
      evidence_sealed: string | null;
      updated_by: string | null;
      updated_at: number;
    }[];
    const changes = new Map<string, Entry[]>();
    for (const e of of("checklist.item_changed")) {
      const key = `${e.targetId}|${String(e.payload.itemId)}`;
      changes.set(key, [...(changes.get(key) ?? []), e]);
    }
    const itemKeys = new Set(items.map((i) => `${i.interview_id}|${i.item_id}`));
    for (const key of changes.keys()) if (!itemKeys.has(key)) problems.push(`checklist.item_changed entries for an item that does not exist: ${key}`);
    for (const item of items) {
      const key = `${item.interview_id}|${item.item_id}`;
      const history = changes.get(key) ?? [];
      const last = history.at(-1);
      if (!last) {
        if (item.state !== "open") problems.push(`checklist item ${key} is ${item.state} without any audit entry`);
        continue;
      }
      history.forEach((e, i) => {
        if (i > 0 && e.payload.from !== history[i - 1]!.payload.to) {
          problems.push(`checklist item ${key}: entry #${e.seq} changes it from ${String(e.payload.from)}, but #${history[i - 1]!.seq} left it ${String(history[i - 1]!.payload.to)}`);
        }
      });
      if (last.payload.to !== item.state) problems.push(`checklist item ${key} is ${item.state}, its last audit entry #${last.seq} says ${String(last.payload.to)}`);
      if (item.updated_by !== last.actorId) problems.push(`checklist item ${key} was last changed by ${item.updated_by}, its last audit entry by ${last.actorId}`);
      if (!(item.updated_at <= last.occurredAt && last.occurredAt - item.updated_at < 5_000)) {
        problems.push(`checklist item ${key} was changed at ${item.updated_at}, its last audit entry at ${last.occurredAt}`);
      }
      const wantsEvidence = item.state === "done" && last.payload.evidence === true;
      if (wantsEvidence !== (item.evidence_sealed !== null)) problems.push(`checklist item ${key}: evidence ${item.evidence_sealed ? "present" : "missing"}, audit says ${wantsEvidence}`);
      if (item.evidence_sealed && !open(item.evidence_sealed, evidenceContext(item.interview_id, item.item_id))) problems.push(`checklist item ${key}: empty evidence`);
    }

    // Comments ↔ `interview.comment_added`, and each body decrypts.
    const comments = sqlite.prepare("SELECT id, interview_id, author_id, body_sealed FROM interview_comments").all() as {
      id: string;
      interview_id: string;
      author_id: string;
      body_sealed: string;
    }[];
    const commentKeys = comments.map((c) => `${c.id}|${c.interview_id}|${c.author_id}`);
    const commentEntryKeys = of("interview.comment_added").map((e) => `${String(e.payload.commentId)}|${e.targetId}|${e.actorId}`);
    for (const k of surplus(commentKeys, commentEntryKeys)) problems.push(`comment without its audit entry: ${k}`);
    for (const k of surplus(commentEntryKeys, commentKeys)) problems.push(`interview.comment_added entry without its comment: ${k}`);
    for (const c of comments) {
      try {
        if (!open(c.body_sealed, commentContext(c.interview_id, c.id))) problems.push(`comment ${c.id} is empty`);
      } catch {
        problems.push(`comment ${c.id} does not decrypt`);
      }
    }

    // Signature scans ↔ `consent.upload_attached`; each file exists and decrypts to the recorded SHA-256.
    const uploads = sqlite.prepare("SELECT id, record_id, sha256, uploaded_by FROM consent_uploads").all() as { id: string; record_id: string; sha256: string; uploaded_by: string }[];
    const uploadKeys = uploads.map((u) => `${u.id}|${u.record_id}|${u.sha256}|${u.uploaded_by}`);
    const uploadEntryKeys = of("consent.upload_attached").map((e) => `${String(e.payload.uploadId)}|${String(e.payload.recordId)}|${String(e.payload.sha256)}|${e.actorId}`);
    for (const k of surplus(uploadKeys, uploadEntryKeys)) problems.push(`signature scan without its audit entry: ${k}`);
    for (const k of surplus(uploadEntryKeys, uploadKeys)) problems.push(`consent.upload_attached entry without its row: ${k}`);
    const uploadDir = path.join(DATA_DIR, "uploads");
    for (const u of uploads) {
      const file = path.join(uploadDir, u.id);
      try {
        const sha = createHash("sha256").update(openBytes(fs.readFileSync(file), uploadContext(u.id))).digest("hex");
        if (sha !== u.sha256) problems.push(`signature scan ${u.id}: the file decrypts to another SHA-256`);
      } catch (err) {
        problems.push(`signature scan ${u.id}: file missing or unreadable (${(err as Error).message})`);
      }
    }
    const images = sqlite.prepare("SELECT id FROM interview_images").all() as { id: string }[];
    const known = new Set([...uploads.map((u) => u.id), ...images.map((i) => i.id)]);
    const files = fs.existsSync(uploadDir) ? fs.readdirSync(uploadDir) : [];
    const orphans = files.filter((f) => !known.has(f));

    return {
      problems,
      orphans,
      checked: {
        auditEntries: entries.length,
        consentRecords: records.length,
        consentEvents: events.length,
        checklistItems: items.length,
        checklistChanges: of("checklist.item_changed").length,
        comments: comments.length,
        uploads: uploads.length,
      },
    };
  })();
}

function sqliteChecks(sqlite: Database.Database): string[] {
  const problems: string[] = [];
  for (const pragma of ["integrity_check", "quick_check"]) {
    const rows = sqlite.pragma(pragma, { simple: false }) as Record<string, string>[];
    const result = rows.map((r) => Object.values(r)[0]).join("; ");
    if (result !== "ok") problems.push(`PRAGMA ${pragma}: ${result}`);
  }
  const fk = sqlite.pragma("foreign_key_check") as unknown[];
  if (fk.length > 0) problems.push(`PRAGMA foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);
  return problems;
}

/** Writes the clients were told were saved are saved; nothing is saved that nobody asked for. */
function ledgerProblems(ops: Op[], before: Map<string, number>, after: Map<string, number>, entries: Entry[], baselineSeq: number, sqlite: Database.Database) {
  const problems: string[] = [];
  let committedUnanswered = 0;
  const keys = new Set([...before.keys(), ...after.keys(), ...ops.map((o) => o.key)]);
  for (const key of keys) {
    const delta = (after.get(key) ?? 0) - (before.get(key) ?? 0);
    const mine = ops.filter((o) => o.key === key);
    const ok = mine.filter((o) => o.outcome === "ok").length;
    const lost = mine.filter((o) => o.outcome === "lost").length;
    if (delta < ok) problems.push(`${key}: ${ok} write(s) answered as saved, but ${delta} saved`);
    else if (delta > ok + lost) problems.push(`${key}: ${delta} saved, but only ${ok} answered and ${lost} cut off`);
    else committedUnanswered += delta - ok;
  }
  for (const op of ops.filter((o) => o.outcome === "ok")) {
    if (op.kind === "record" && !sqlite.prepare("SELECT 1 FROM consent_records WHERE id = ?").get(String(op.data?.recordId))) problems.push(`consent record ${String(op.data?.recordId)} answered as saved is missing`);
    if (op.kind === "comment" && !sqlite.prepare("SELECT 1 FROM interview_comments WHERE id = ?").get(String(op.data?.commentId))) problems.push(`comment ${String(op.data?.commentId)} answered as saved is missing`);
  }
  // Each item has one writer: its saved changes are that writer's, in the order sent (the cut-off one last, if saved).
  const toggles = new Map<string, Op[]>();
  for (const op of ops.filter((o) => o.kind === "toggle")) toggles.set(op.key, [...(toggles.get(op.key) ?? []), op]);
  for (const [key, sent] of toggles) {
    const saved = entries.filter((e) => e.seq > baselineSeq && e.action === "checklist.item_changed" && `item:${e.targetId}:${String(e.payload.itemId)}` === key);
    saved.forEach((e, i) => {
      if (e.payload.to !== sent[i]?.to) problems.push(`${key}: saved change #${i + 1} (entry #${e.seq}) is to ${String(e.payload.to)}, the client sent ${sent[i]?.to ?? "nothing more"}`);
    });
  }
  return { problems, committedUnanswered };
}

// ---------------------------------------------------------------------------------------------------------------

test("SIGKILL during concurrent writes: after restart the audit chain verifies, every confirmed write is there with its entry, nothing is half-written", async () => {
  test.setTimeout(60_000 + CYCLES * 20_000);
  const started = Date.now();
  // A reliability spec run before this one in the same worker may have pointed DATA_DIR elsewhere.
  process.env.DATA_DIR = DATA_DIR;
  closeDb();
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  const rng = prng(SEED);
  console.log(`[crash] seed ${SEED} (SK_CRASH_SEED to repeat), ${CYCLES} cycles, ${CLIENTS} clients, data ${DATA_DIR}`);

  const baseURL = `http://127.0.0.1:${RELIABILITY_PORT}`;
  const world = await seedWorld(baseURL);
  const { workload } = world;
  let server: ServerProcess | null = await startServer({ dataDir: DATA_DIR, port: RELIABILITY_PORT, logFile: LOG_FILE });
  let lostUploads = 0;
  const totals = { sent: 0, ok: 0, inFlightAtKills: 0, committedUnanswered: 0 };
  try {
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      // What the previous cycle really left is the starting point.
      let sqlite = getConnection().sqlite;
      for (const c of workload.clients) refreshClient(sqlite, c);
      const before = sqlite.transaction(() => ({ counts: committedCounts(sqlite), seq: headSeq(sqlite) }))();
      // The server alone has the database open when it dies, so its restart runs SQLite's recovery.
      closeDb();

      const burst = startBurst(workload, cycle, SEED);
      await waitFor(`${WARM_UP_WRITES} answered writes`, () => burst.okCount() >= WARM_UP_WRITES || burst.ops.some((o) => o.outcome === "refused"), 45_000);
      const delay = 300 + Math.floor(rng() * 1200);
      // The thing under test: a kill at a random moment while every client has a write in flight.
      await new Promise((r) => setTimeout(r, delay));
      burst.stop();
      const inFlight = burst.inFlight();
      const kindsInFlight = burst.ops.filter((o) => o.outcome === "pending").map((o) => o.kind);
      const killedPid = await crashServer(server);
      server = null;
      await burst.done;
      expect(isAlive(killedPid), "the killed server is gone").toBe(false);
      // What the restart recovers from: the write-ahead log the killed process left behind.
      const walBytes = fs.statSync(path.join(DATA_DIR, "sourcekeeper.db-wal")).size;
      expect(walBytes, "the killed server left a write-ahead log").toBeGreaterThan(0);

      const restartAt = Date.now();
      server = await startServer({ dataDir: DATA_DIR, port: RELIABILITY_PORT, logFile: LOG_FILE });
      const restartMs = Date.now() - restartAt;

      const ops = burst.ops;
      const refused = ops.filter((o) => o.outcome === "refused");
      expect(refused.map((o) => `${o.kind} ${o.key}: ${o.detail}`), "no valid write was refused").toEqual([]);
      expect(inFlight, "writes were in flight when the server was killed").toBeGreaterThan(0);

      sqlite = getConnection().sqlite;
      const problems: string[] = [];
      const after = sqlite.transaction(() => {
        const entries = auditEntries(sqlite);
        const counts = committedCounts(sqlite);
        const ledger = ledgerProblems(ops, before.counts, counts, entries, before.seq, sqlite);
        const unexpected = entries.filter((e) => e.seq > before.seq && !WORKLOAD_ACTIONS.has(e.action));
        for (const e of unexpected) ledger.problems.push(`unexpected audit entry #${e.seq} ${e.action}`);
        return { ledger, newEntries: entries.filter((e) => e.seq > before.seq).length };
      })();
      problems.push(...after.ledger.problems);
      const consistency = checkConsistency(sqlite);
      problems.push(...consistency.problems);
      problems.push(...sqliteChecks(sqlite));

      const verdict = verifyStoredChain();
      if (!verdict.intact) problems.push(`verifyStoredChain: ${JSON.stringify(verdict)}`);
      const cli = await runCli(["audit", "verify"], { dataDir: DATA_DIR });
      if (cli.code !== 0) problems.push(`audit verify exited ${cli.code}: ${cli.stdout}${cli.stderr}`);

      // Orphan files are possible and harmless (a file is written just before the transaction that records it, see
      // lib/uploads/storage.ts), but only for a scan whose answer the kill cut off; the hourly maintenance removes
      // them once they are an hour old (lib/uploads/sweep-orphans.ts).
      lostUploads += ops.filter((o) => o.kind === "upload" && o.outcome === "lost").length;
      if (consistency.orphans.length > lostUploads) problems.push(`${consistency.orphans.length} upload file(s) without a row, but only ${lostUploads} scan(s) were cut off`);

      // Through the restarted server: every interview page renders what is stored.
      for (const interviewId of world.interviews) {
        const page = await httpRequest(server.baseURL, world.owner, `/interviews/${interviewId}`);
        if (page.status !== 200) problems.push(`GET /interviews/${interviewId}: HTTP ${page.status}`);
      }
      const log = fs.readFileSync(LOG_FILE, "utf8");
      const corrupt = /SQLITE_CORRUPT|database disk image is malformed|SQLITE_IOERR|SQLITE_CANTOPEN|SQLITE_NOTADB/.exec(log);
      if (corrupt) problems.push(`the server log reports ${corrupt[0]}`);

      const sent = ops.length;
      const ok = ops.filter((o) => o.outcome === "ok").length;
      const lost = ops.filter((o) => o.outcome === "lost").length;
      totals.sent += sent;
      totals.ok += ok;
      totals.inFlightAtKills += inFlight;
      totals.committedUnanswered += after.ledger.committedUnanswered;
      console.log(
        `[crash] cycle ${cycle}: killed pid ${killedPid} ${delay} ms after warm-up; writes sent ${sent}, answered ok ${ok}, ` +
          `in flight at the kill ${inFlight} (${kindsInFlight.join(", ")}), cut off ${lost} of which saved anyway ${after.ledger.committedUnanswered}; ` +
          `WAL ${walBytes} bytes, restart ${restartMs} ms; new audit entries ${after.newEntries}; checked ${JSON.stringify(consistency.checked)}; orphan files ${consistency.orphans.length}`,
      );
      expect(problems, `cycle ${cycle}: everything consistent after the crash`).toEqual([]);

      // The restarted server takes writes, and audits them.
      sqlite = getConnection().sqlite;
      for (const c of workload.clients) refreshClient(sqlite, c);
      const target = workload.clients[0]!;
      const item = target.items[0]!;
      const to = item.state === "done" ? "open" : "done";
      const toggle = await callAction(server.baseURL, target.caller, workload.actions.setItemState, [
        to === "done" ? { interviewId: target.interviewId, itemId: item.itemId, state: to, evidence: "Checked again after the restart." } : { interviewId: target.interviewId, itemId: item.itemId, state: to },
      ]);
      const comment = await callAction(server.baseURL, world.owner, workload.actions.comment, [{ interviewId: target.interviewId, body: `Back after crash ${cycle}.` }]);
      expect(toggle.result, "a checklist change after the restart").toMatchObject({ ok: true });
      expect(comment.result, "a comment after the restart").toMatchObject({ ok: true });
      const commentId = (comment.result as { data: { commentId: string } }).data.commentId;
      const state = sqlite.prepare("SELECT state FROM checklist_items WHERE interview_id = ? AND item_id = ?").get(target.interviewId, item.itemId) as { state: string };
      expect(state.state).toBe(to);
      const latest = auditEntries(sqlite).slice(-10);
      expect(latest.some((e) => e.action === "checklist.item_changed" && e.targetId === target.interviewId && e.payload.itemId === item.itemId && e.payload.to === to)).toBe(true);
      expect(latest.some((e) => e.action === "interview.comment_added" && e.payload.commentId === commentId)).toBe(true);
    }

    // Once more over everything, the writes after the last restart included.
    const sqlite = getConnection().sqlite;
    const final = checkConsistency(sqlite);
    expect([...final.problems, ...sqliteChecks(sqlite)]).toEqual([]);
    expect(verifyStoredChain().intact).toBe(true);
    console.log(
      `[crash] ${CYCLES} kills: writes sent ${totals.sent}, answered ok ${totals.ok}, in flight at the kills ${totals.inFlightAtKills}, ` +
        `cut off but saved ${totals.committedUnanswered}; orphan upload files ${final.orphans.length}; final ${JSON.stringify(final.checked)}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    closeDb();
    if (server) {
      await crashServer(server).catch(() => undefined);
    }
  }
});
