import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { closeDb, getConnection } from "@/db/client";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { setItemState } from "@/lib/checklist/set-item-state";
import { decodeMasterKey, masterKeyId, unwrapKey } from "@/lib/crypto/data-keys";
import { open } from "@/lib/crypto/seal";
import { addComment, commentContext } from "@/lib/interviews/add-comment";
import { addCollaborator } from "@/lib/interviews/collaborators";
import { createInterview, notesContext } from "@/lib/interviews/create-interview";
import { saveVault } from "@/lib/review/vault";
import { RELIABILITY_DIR, RELIABILITY_PORT } from "../../playwright.config";
import { runCli, type CliRun } from "../../support/cli";
import { isAlive, waitFor } from "../fixtures/crash-workload";
import { actionIds, callAction, httpRequest, sessionToken, type ActionAnswer, type Caller, type HttpAnswer } from "../fixtures/http";
import { ctxOf, seedDesk, seedUser, uniqueSuffix } from "../fixtures/seed";
import { startServer, type ServerProcess } from "../fixtures/server-process";

/**
 * Master key rotation without downtime (`npm run cli -- keys rotate`): the real server (`npm run cli -- serve`) on a
 * database of its own keeps answering concurrent readers and writers over HTTP while the command line, another
 * process on the same DATA_DIR, rotates the master key twice in a row. The server is not restarted. Checked:
 * - every request before, during and after the rotations succeeded: pages answer 200 and show the plaintext of sealed
 *   values (interview notes, comments, protected identifiers), writes (comments, checklist changes with sealed
 *   evidence, new interviews with sealed notes) answer ok, and what was written is read back by the next reads;
 * - `keys status` names a new master key and every data key wrapped with it; secrets.json holds a new master key
 *   (the other secrets unchanged, still mode 0600) and no secrets.json.next is left; every data key row names the
 *   new key, which unwraps it, and neither the original nor the intermediate master key unwraps any of them;
 * - the audit log holds exactly two `keys.master_rotated` entries, chained (the second starts from the first's key),
 *   and `audit verify` passes;
 * - after a restart of the server everything still reads, and it takes writes.
 */

const DATA_DIR = path.join(RELIABILITY_DIR, "rotate");
const LOG_FILE = path.join(RELIABILITY_DIR, "rotate-server.log");
const PORT = RELIABILITY_PORT + 2;
// Seeding goes straight into this test's database (the db client reopens when DATA_DIR changes).
process.env.DATA_DIR = DATA_DIR;

const SEEDED_INTERVIEWS = 6;
const WRITERS = 3;
const READERS = 4;
/** Answered requests before the first rotation starts (the server is warm and every kind of request is going). */
const WARM_UP_OK = 40;
/** Requests started after the second rotation that must succeed before the workload stops. */
const AFTER_OK = 40;

const ACTIONS = {
  setItemState: "app/(app)/interviews/[id]/actions.ts#setItemStateAction",
  comment: "app/(app)/interviews/[id]/actions.ts#addCommentAction",
  create: "app/(app)/interviews/actions.ts#createInterviewAction",
} as const;

const FINGERPRINT = /Master key ([0-9a-f]{32}) \(secrets\.json\); data keys wrapped with ([0-9a-f]{32})\./;
const ROTATED = /Master key replaced: ([0-9a-f]{32}) → ([0-9a-f]{32}); (\d+) data key\(s\) rewrapped/;

// ---------------------------------------------------------------------------------------------------------------
// The world

interface KnownInterview {
  id: string;
  notes: string;
  /** A protected identifier (only for the seeded ones, which the readers' caller may see). */
  identifier: string | null;
  /** Comments whose writer was told they were saved, in that order. */
  comments: { id: string; body: string; confirmedAt: number }[];
}

interface Item {
  interviewId: string;
  itemId: string;
  state: "open" | "done";
}

type Kind = "read-page" | "read-identifiers" | "comment" | "toggle" | "create" | "read-created";

interface Request {
  kind: Kind;
  start: number;
  end: number;
  ok: boolean;
  detail: string;
}

const interviewInput = (deskId: string, codeName: string, notes: string) => ({
  codeName,
  sourceType: "defector",
  minor: false,
  inCustody: false,
  recentTrauma: false,
  custodyHolder: "",
  outlet: "Example Daily",
  deskId,
  plannedDate: "",
  setting: "safe_location",
  sourceLanguage: "Korean",
  interviewLanguage: "Korean",
  interpreter: "independent",
  notes,
});

const notesFor = (tag: string) => `Met at the crossing point; carried two notebooks. 증언 메모 ${tag}`;

function describe(answer: HttpAnswer | ActionAnswer): string {
  const action = "result" in answer ? ` result=${JSON.stringify(answer.result)} error=${answer.error}` : "";
  return `HTTP ${answer.status}${action} body=${answer.body.slice(0, 300).replace(/\s+/g, " ")}`;
}

const secretsPath = () => path.join(DATA_DIR, "secrets.json");
const readSecrets = () => JSON.parse(fs.readFileSync(secretsPath(), "utf8")) as { authSecret: string; dataKey: string; auditSigningKey: string };

function fingerprint(run: CliRun): { master: string; wrappedWith: string } {
  expect(run.code, `keys status: ${run.stdout}${run.stderr}`).toBe(0);
  const m = FINGERPRINT.exec(run.stdout);
  expect(m, `keys status names the master key and the data keys' key: ${run.stdout}`).not.toBeNull();
  return { master: m![1]!, wrappedWith: m![2]! };
}

interface KeyRow {
  id: string;
  scope: "instance" | "interview";
  interview_id: string | null;
  wrapped_key: string;
  kek_id: string;
}

const liveKeyRows = (sqlite: Database.Database) =>
  sqlite.prepare("SELECT id, scope, interview_id, wrapped_key, kek_id FROM data_keys WHERE wrapped_key IS NOT NULL").all() as KeyRow[];

function unwraps(master: Buffer, row: KeyRow): boolean {
  try {
    unwrapKey(master, row.wrapped_key, row);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------

test("keys rotate, twice, while the server answers concurrent readers and writers: no request fails, the new key wraps every data key, the old one none", async () => {
  test.setTimeout(90_000);
  const started = Date.now();
  // A reliability spec run before this one in the same worker may have pointed DATA_DIR elsewhere.
  process.env.DATA_DIR = DATA_DIR;
  closeDb();
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.rmSync(LOG_FILE, { force: true });

  // ---- seeding (through the real services, audited), before the server starts
  const desk = seedDesk();
  const owner = await seedUser("journalist", { deskIds: [desk.id] });
  const collaborator = await seedUser("journalist", { deskIds: [desk.id] });
  const editor = await seedUser("editor", { deskIds: [desk.id] });
  const ownerCtx = ctxOf(owner, [desk.id]);
  const known: KnownInterview[] = [];
  const items: Item[] = [];
  for (let k = 0; k < SEEDED_INTERVIEWS; k++) {
    const tag = uniqueSuffix();
    const notes = notesFor(tag);
    const { interviewId } = createInterview({ ctx: ownerCtx, input: interviewInput(desk.id, `Rotate ${tag}`, notes) });
    addCollaborator({ ctx: ownerCtx, input: { interviewId, userId: collaborator.id } });
    const identifier = `Pak Songchol ${uniqueSuffix()}`;
    saveVault({ ctx: ownerCtx, input: { interviewId, entries: [{ id: "", category: "name", realName: true, value: identifier }] } });
    const body = `Seed comment, checked with the fixer ${tag}.`;
    const { commentId } = addComment({ ctx: ownerCtx, input: { interviewId, body } });
    known.push({ id: interviewId, notes, identifier, comments: [{ id: commentId, body, confirmedAt: Date.now() }] });
  }
  let sqlite = getConnection().sqlite;
  // Each writer owns the checklist items of its own interviews (its toggles are sequential, so their order is known).
  for (const k of known) {
    const rows = sqlite
      .prepare("SELECT item_id AS itemId FROM checklist_items WHERE interview_id = ? AND applicable = 1 ORDER BY item_id LIMIT 3")
      .all(k.id) as { itemId: string }[];
    for (const r of rows) items.push({ interviewId: k.id, itemId: r.itemId, state: "open" });
  }
  // One item done with sealed evidence before anything runs.
  setItemState({ ctx: ownerCtx, input: { interviewId: items[0]!.interviewId, itemId: items[0]!.itemId, state: "done", evidence: "Done before the rotation." } });
  items[0]!.state = "done";
  const [ownerCaller, collaboratorCaller, editorCaller]: Caller[] = await Promise.all(
    [owner, collaborator, editor].map(async (u) => ({ token: await sessionToken(u.id) })),
  );
  const ids = actionIds();
  const idOf = (key: string) => {
    const id = ids.get(key);
    if (!id) throw new Error(`No server action ${key} in the build`);
    return id;
  };
  const action = { setItemState: idOf(ACTIONS.setItemState), comment: idOf(ACTIONS.comment), create: idOf(ACTIONS.create) };

  const secretsBefore = readSecrets();
  const originalMaster = decodeMasterKey(secretsBefore.dataKey);
  const statusBefore = fingerprint(await runCli(["keys", "status"], { dataDir: DATA_DIR }));
  expect(statusBefore.master, "before: the data keys are wrapped with the master key in secrets.json").toBe(statusBefore.wrappedWith);
  expect(statusBefore.master).toBe(masterKeyId(originalMaster));
  const rowsBefore = liveKeyRows(sqlite);
  expect(rowsBefore.length, "every seeded interview has a data key").toBeGreaterThanOrEqual(SEEDED_INTERVIEWS);
  expect(rowsBefore.every((r) => unwraps(originalMaster, r)), "before: the original master key unwraps every data key").toBe(true);
  // The server and the command line alone have the database open while the rotations run.
  closeDb();

  let server: ServerProcess | null = await startServer({ dataDir: DATA_DIR, port: PORT, logFile: LOG_FILE });
  const serverPid = server.child.pid!;
  const baseURL = server.baseURL;

  // ---- the workload: readers and writers, each sending its next request as soon as the previous one is answered
  const requests: Request[] = [];
  const created: KnownInterview[] = [];
  let stopped = false;
  const record = async <T extends HttpAnswer>(kind: Kind, send: () => Promise<T>, check: (answer: T) => string | null): Promise<T | null> => {
    const start = Date.now();
    let answer: T | null = null;
    let detail: string | null;
    try {
      answer = await send();
      detail = answer.status >= 500 ? `5xx: ${describe(answer)}` : check(answer);
    } catch (err) {
      detail = `no answer: ${err instanceof Error ? String((err.cause as Error | undefined)?.message ?? err.message) : String(err)}`;
    }
    requests.push({ kind, start, end: Date.now(), ok: detail === null, detail: detail ?? "" });
    return detail === null ? answer : null;
  };
  const actionOk = (answer: ActionAnswer) => (answer.status === 200 && answer.result?.ok === true ? null : `refused: ${describe(answer)}`);

  const readPage = async (caller: Caller, k: KnownInterview, kind: Kind) => {
    // What must show: the notes, and every comment confirmed before this request was sent (read-your-writes).
    const expected = [k.notes, ...k.comments.map((c) => c.body)];
    await record(kind, () => httpRequest(baseURL, caller, `/interviews/${k.id}`), (page) => {
      if (page.status !== 200) return `not 200: ${describe(page)}`;
      const missing = expected.filter((text) => !page.body.includes(text));
      return missing.length ? `GET /interviews/${k.id} does not show ${JSON.stringify(missing.slice(0, 3))}` : null;
    });
  };
  const readIdentifiers = async (caller: Caller, k: KnownInterview) => {
    await record("read-identifiers", () => httpRequest(baseURL, caller, `/interviews/${k.id}/identifiers`), (page) => {
      if (page.status !== 200) return `not 200: ${describe(page)}`;
      return page.body.includes(k.identifier!) ? null : `GET /interviews/${k.id}/identifiers does not show the identifier`;
    });
  };

  const reader = async (r: number) => {
    for (let n = 0; !stopped; n++) {
      const caller = r % 2 === 0 ? ownerCaller! : collaboratorCaller!;
      const k = known[(r + n) % known.length]!;
      if (n % 3 === 2) await readIdentifiers(caller, k);
      else await readPage(caller, k, "read-page");
    }
  };
  const writer = async (w: number) => {
    const mine = items.filter((_, i) => i % WRITERS === w);
    for (let n = 0; !stopped; n++) {
      const label = `w${w}-${n}-${uniqueSuffix()}`;
      if (n % 2 === 0) {
        const item = mine[Math.floor(n / 2) % mine.length]!;
        const to = item.state === "done" ? "open" : "done";
        const input = to === "done" ? { interviewId: item.interviewId, itemId: item.itemId, state: to, evidence: `Noted in the shared file (${label}).` } : { ...item, state: to };
        const ok = await record("toggle", () => callAction(baseURL, w === 0 ? ownerCaller! : collaboratorCaller!, action.setItemState, [input]), actionOk);
        if (ok) item.state = to;
      } else {
        const k = known[(w + n) % known.length]!;
        const body = `Checked the timeline with the fixer (${label}).`;
        const caller = [ownerCaller!, collaboratorCaller!, editorCaller!][n % 3]!;
        const answer = await record("comment", () => callAction(baseURL, caller, action.comment, [{ interviewId: k.id, body }]), actionOk);
        if (answer) k.comments.push({ id: String((answer.result as { data: { commentId: string } }).data.commentId), body, confirmedAt: Date.now() });
      }
    }
  };
  // Creates an interview with sealed notes (a new data key, wrapped with whatever master key is current), then
  // reads it back as an editor of the desk.
  const creator = async () => {
    for (let n = 0; !stopped; n++) {
      const tag = uniqueSuffix();
      const notes = notesFor(tag);
      const answer = await record("create", () => callAction(baseURL, ownerCaller!, action.create, [interviewInput(desk.id, `Rotate new ${tag}`, notes)]), actionOk);
      if (!answer) continue;
      const k: KnownInterview = { id: String((answer.result as { data: { interviewId: string } }).data.interviewId), notes, identifier: null, comments: [] };
      created.push(k);
      await readPage(editorCaller!, k, "read-created");
      // A created interview read again later (by then possibly under another master key).
      if (created.length > 1) await readPage(editorCaller!, created[n % (created.length - 1)]!, "read-created");
    }
  };
  const done = Promise.all([...Array.from({ length: READERS }, (_, r) => reader(r)), ...Array.from({ length: WRITERS }, (_, w) => writer(w)), creator()]);

  const rotations: { start: number; end: number; run: CliRun; secrets: ReturnType<typeof readSecrets> }[] = [];
  try {
    const okCount = (since = 0, kind?: Kind) => requests.filter((q) => q.ok && q.start >= since && (!kind || q.kind === kind)).length;
    const kinds: Kind[] = ["read-page", "read-identifiers", "comment", "toggle", "create", "read-created"];
    await waitFor(
      "the workload to warm up",
      () => requests.some((q) => !q.ok) || (okCount() >= WARM_UP_OK && kinds.every((k) => okCount(0, k) > 0)),
      30_000,
    );

    // ---- the thing under test: two rotations in a row, from another process, the server running throughout
    for (let i = 0; i < 2; i++) {
      const start = Date.now();
      const run = await runCli(["keys", "rotate"], { dataDir: DATA_DIR });
      rotations.push({ start, end: Date.now(), run, secrets: readSecrets() });
      expect(run.code, `keys rotate #${i + 1}: ${run.stdout}${run.stderr}`).toBe(0);
    }
    const rotatedAt = rotations[1]!.end;
    // Writes and reads after the rotations, under the new key: comments and toggles answered, a created interview
    // read back.
    await waitFor(
      "the workload to go on after the rotations",
      () =>
        requests.some((q) => !q.ok) ||
        (okCount(rotatedAt) >= AFTER_OK && (["comment", "toggle", "create", "read-created", "read-page", "read-identifiers"] as Kind[]).every((k) => okCount(rotatedAt, k) >= 2)),
      30_000,
    );
  } finally {
    stopped = true;
    await done;
  }

  // ---- what the clients saw
  const failures = requests.filter((q) => !q.ok).map((q) => `${q.kind} at +${q.start - rotations[0]!.start} ms (after the first rotation started): ${q.detail}`);
  expect(failures, "every request before, during and after the rotations succeeded").toEqual([]);
  expect(isAlive(serverPid) && server.child.exitCode === null, "the server was never restarted").toBe(true);

  const windows = rotations.map((r) => [r.start, r.end] as const);
  const overlapping = requests.filter((q) => windows.some(([s, e]) => q.start < e && q.end > s));
  const afterRotations = requests.filter((q) => q.start >= rotations[1]!.end);
  const writesAfter = afterRotations.filter((q) => q.kind === "comment" || q.kind === "toggle" || q.kind === "create");
  expect(overlapping.length, "requests were served while the rotations ran").toBeGreaterThan(0);
  expect(overlapping.filter((q) => q.kind === "comment" || q.kind === "toggle" || q.kind === "create").length, "writes were served while the rotations ran").toBeGreaterThan(0);
  expect(writesAfter.length, "writes after the rotations").toBeGreaterThan(0);

  // ---- the keys
  const parsed = rotations.map((r) => {
    const m = ROTATED.exec(r.run.stdout);
    expect(m, `keys rotate reports the change: ${r.run.stdout}`).not.toBeNull();
    return { from: m![1]!, to: m![2]!, rewrapped: Number(m![3]) };
  });
  const statusAfter = fingerprint(await runCli(["keys", "status"], { dataDir: DATA_DIR }));
  expect(parsed[0]!.from, "the first rotation starts from the original key").toBe(statusBefore.master);
  expect(parsed[1]!.from, "the second rotation starts from the first's new key").toBe(parsed[0]!.to);
  expect(statusAfter.master, "keys status: a new master key").not.toBe(statusBefore.master);
  expect(statusAfter.master, "keys status: not the intermediate key either").not.toBe(parsed[0]!.to);
  expect(statusAfter.master, "keys status: the second rotation's key").toBe(parsed[1]!.to);
  expect(statusAfter.wrappedWith, "keys status: the data keys are wrapped with the new master key").toBe(statusAfter.master);

  const secretsAfter = readSecrets();
  const intermediateMaster = decodeMasterKey(rotations[0]!.secrets.dataKey);
  const newMaster = decodeMasterKey(secretsAfter.dataKey);
  expect(secretsAfter.dataKey, "secrets.json holds another master key").not.toBe(secretsBefore.dataKey);
  expect(masterKeyId(newMaster), "secrets.json holds the key keys status names").toBe(statusAfter.master);
  expect(masterKeyId(intermediateMaster), "after the first rotation secrets.json held its new key").toBe(parsed[0]!.to);
  expect({ authSecret: secretsAfter.authSecret, auditSigningKey: secretsAfter.auditSigningKey }, "the other secrets are unchanged").toEqual({
    authSecret: secretsBefore.authSecret,
    auditSigningKey: secretsBefore.auditSigningKey,
  });
  expect(fs.statSync(secretsPath()).mode & 0o777, "secrets.json is still mode 0600").toBe(0o600);
  expect(fs.existsSync(`${secretsPath()}.next`), "no secrets.json.next is left").toBe(false);

  process.env.DATA_DIR = DATA_DIR;
  sqlite = getConnection().sqlite;
  const rowsAfter = liveKeyRows(sqlite);
  expect(rowsAfter.length, "the created interviews have data keys too").toBeGreaterThanOrEqual(SEEDED_INTERVIEWS + created.length);
  expect(rowsAfter.filter((r) => r.kek_id !== statusAfter.master).map((r) => r.id), "every data key names the new master key").toEqual([]);
  expect(rowsAfter.filter((r) => !unwraps(newMaster, r)).map((r) => r.id), "the new master key unwraps every data key").toEqual([]);
  expect(rowsAfter.filter((r) => unwraps(originalMaster, r)).map((r) => r.id), "the original master key unwraps no data key").toEqual([]);
  expect(rowsAfter.filter((r) => unwraps(intermediateMaster, r)).map((r) => r.id), "the intermediate master key unwraps no data key").toEqual([]);

  // ---- the audit log
  const rotatedEntries = (
    sqlite.prepare("SELECT occurred_at, payload FROM audit_events WHERE action = 'keys.master_rotated' ORDER BY seq").all() as { occurred_at: number; payload: string }[]
  ).map((e) => ({ at: e.occurred_at, ...(JSON.parse(e.payload) as { fromMasterKeyId: string; toMasterKeyId: string; keysRewrapped: number }) }));
  expect(rotatedEntries.length, "exactly two keys.master_rotated entries").toBe(2);
  expect(rotatedEntries.map((e) => [e.fromMasterKeyId, e.toMasterKeyId, e.keysRewrapped]), "the entries record both rotations").toEqual(
    parsed.map((p) => [p.from, p.to, p.rewrapped]),
  );
  expect(parsed[0]!.rewrapped, "the first rotation rewrapped every seeded data key").toBeGreaterThanOrEqual(rowsBefore.length);
  // Each rotation's transaction (its entry's time) happened while clients had requests in flight.
  const inFlightAtCommit = rotatedEntries.map((e) => requests.filter((q) => q.start <= e.at && q.end >= e.at).length);
  for (const [i, n] of inFlightAtCommit.entries()) expect(n, `requests in flight when rotation #${i + 1} committed`).toBeGreaterThan(0);
  expect(verifyStoredChain().intact, "the audit chain verifies (in process)").toBe(true);
  const verify = await runCli(["audit", "verify"], { dataDir: DATA_DIR });
  expect(verify.code, `audit verify: ${verify.stdout}${verify.stderr}`).toBe(0);

  // ---- every write answered as saved is saved and decrypts (in this process, which still cached the original key)
  const commentProblems: string[] = [];
  for (const k of [...known, ...created]) {
    const row = sqlite.prepare("SELECT notes_sealed FROM interviews WHERE id = ?").get(k.id) as { notes_sealed: string } | undefined;
    if (!row || open(row.notes_sealed, notesContext(k.id)) !== k.notes) commentProblems.push(`interview ${k.id}: notes missing or different`);
    for (const c of k.comments) {
      const stored = sqlite.prepare("SELECT body_sealed FROM interview_comments WHERE id = ?").get(c.id) as { body_sealed: string } | undefined;
      if (!stored || open(stored.body_sealed, commentContext(k.id, c.id)) !== c.body) commentProblems.push(`comment ${c.id}: missing or different`);
    }
  }
  for (const item of items) {
    const row = sqlite.prepare("SELECT state FROM checklist_items WHERE interview_id = ? AND item_id = ?").get(item.interviewId, item.itemId) as { state: string };
    if (row.state !== item.state) commentProblems.push(`checklist item ${item.interviewId}/${item.itemId} is ${row.state}, its writer was told ${item.state}`);
  }
  expect(commentProblems, "every confirmed write is stored and decrypts").toEqual([]);
  closeDb();

  const log = fs.readFileSync(LOG_FILE, "utf8");
  const keyErrors = /is not this instance's key|Unsupported state or unable to authenticate data|Unknown data key/.exec(log);
  expect(keyErrors?.[0] ?? null, "the server log shows no key or decryption error").toBeNull();

  const commentsTotal = [...known, ...created].reduce((n, k) => n + k.comments.length, 0);
  console.log(
    `[rotate] requests ${requests.length} (${requests.filter((q) => q.ok).length} ok); overlapping the rotations ${overlapping.length} ` +
      `(${overlapping.filter((q) => q.kind.startsWith("read")).length} reads, ${overlapping.length - overlapping.filter((q) => q.kind.startsWith("read")).length} writes); ` +
      `rotation wall time ${rotations.map((r) => `${r.end - r.start} ms`).join(" + ")} (CLI process included); in flight at the commits ${inFlightAtCommit.join(", ")}; ` +
      `after the rotations ${afterRotations.length} requests (${writesAfter.length} writes); data keys ${rowsAfter.length} (rewrapped ${parsed.map((p) => p.rewrapped).join(", ")}); ` +
      `interviews created during the run ${created.length}; confirmed comments ${commentsTotal}`,
  );

  // ---- a restart: everything still reads, and it takes writes
  try {
    await server.kill("SIGTERM");
    server = null;
    const restartAt = Date.now();
    server = await startServer({ dataDir: DATA_DIR, port: PORT, logFile: LOG_FILE });
    const restartMs = Date.now() - restartAt;
    requests.length = 0;
    for (const k of known) {
      await readPage(ownerCaller!, k, "read-page");
      await readIdentifiers(collaboratorCaller!, k);
    }
    for (const k of created) await readPage(editorCaller!, k, "read-created");
    const target = known[0]!;
    const body = `After the restart (${uniqueSuffix()}).`;
    const answer = await record("comment", () => callAction(server!.baseURL, editorCaller!, action.comment, [{ interviewId: target.id, body }]), actionOk);
    if (answer) target.comments.push({ id: "", body, confirmedAt: Date.now() });
    await readPage(ownerCaller!, target, "read-page");
    expect(requests.filter((q) => !q.ok).map((q) => `${q.kind}: ${q.detail}`), "after a restart every page reads and a write works").toEqual([]);
    expect(requests.length).toBe(2 * known.length + created.length + 2);
    console.log(`[rotate] restart ${restartMs} ms; ${requests.length} requests after it, all ok; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    closeDb();
    await server?.kill("SIGKILL");
  }
});
