import { getConnection } from "@/db/client";
import { GENESIS_HASH } from "./canonical";
import { verifyCheckpoints, verifyKeyChain, type Checkpoint } from "./checkpoint-format";
import { listCheckpoints, listKeys } from "./checkpoints";
import { rowsAfter, verifyAfter } from "./stored-rows";
import { verifyChain, type ChainVerdict } from "./verify-chain";

export type StoredVerdict = ChainVerdict & { checkpoints: number; lastCheckpoint: Checkpoint | null };

/** Checks the signing keys and every checkpoint against the hashes seen; turns a problem into a broken verdict. */
function withCheckpoints(verdict: ChainVerdict, checkpoints: Checkpoint[], hashes: Map<number, string>): StoredVerdict {
  const lastCheckpoint = checkpoints.at(-1) ?? null;
  const base = { checkpoints: checkpoints.length, lastCheckpoint };
  if (!verdict.intact) return { ...verdict, ...base };
  const recordedKeys = listKeys();
  if (checkpoints.length === 0) {
    // Keys are recorded with the first checkpoint: keys without checkpoints means checkpoints were removed.
    if (recordedKeys.length === 0) return { ...verdict, ...base };
    return {
      intact: false,
      entries: verdict.entries,
      brokenSeq: 1,
      problem: "checkpoint_invalid",
      detail: "signing keys are recorded but every checkpoint is gone",
      ...base,
    };
  }
  if (checkpoints[0]!.number !== 1) {
    return {
      intact: false,
      entries: verdict.entries,
      brokenSeq: checkpoints[0]!.seq,
      problem: "checkpoint_invalid",
      detail: "checkpoint #1 is missing",
      ...base,
    };
  }
  const keys = verifyKeyChain(recordedKeys);
  if (!keys.ok)
    return {
      intact: false,
      entries: verdict.entries,
      brokenSeq: checkpoints[0]!.seq,
      problem: "checkpoint_invalid",
      detail: keys.problem,
      ...base,
    };
  const problem = verifyCheckpoints(checkpoints, keys.keys, (seq) => hashes.get(seq));
  if (problem) {
    const c = checkpoints.find((x) => x.number === problem.number)!;
    return {
      intact: false,
      entries: verdict.entries,
      brokenSeq: c.seq,
      problem: "checkpoint_invalid",
      detail: `checkpoint #${problem.number}: ${problem.problem}`,
      ...base,
    };
  }
  return { ...verdict, ...base };
}

/**
 * Recomputes the whole chain in seq order and checks every signed checkpoint: signature, key history, and that
 * the chain passes through each checkpoint's head (so entries rewritten or cut off after a checkpoint show).
 * Synchronous; used by `npm run cli -- audit verify` and tests. The web page uses the chunked job below.
 */
export function verifyStoredChain(): StoredVerdict {
  const { sqlite } = getConnection();
  // One read transaction: every chunk, the checkpoints and the keys come from the same snapshot of the database.
  return sqlite.transaction(() => {
    const checkpoints = listCheckpoints();
    const hashes = new Map<number, string>();
    const verdict = verifyAfter(sqlite, { seq: 0, hash: GENESIS_HASH }, new Set(checkpoints.map((c) => c.seq)), hashes);
    return withCheckpoints(verdict, checkpoints, hashes);
  })();
}

export interface VerificationStatus {
  running: boolean;
  /** Entries checked so far by the running (or last) full verification, and the head it aims at. */
  done: number;
  total: number;
  startedAt: number | null;
  finishedAt: number | null;
  result: StoredVerdict | null;
}

const CHUNK = 20_000;
const state: { dir: string | null; status: VerificationStatus; verified: { seq: number; hash: string; at: number } | null } = {
  dir: null,
  status: { running: false, done: 0, total: 0, startedAt: null, finishedAt: null, result: null },
  verified: null,
};

function current() {
  const dir = getConnection().file;
  if (state.dir !== dir) {
    state.dir = dir;
    state.status = { running: false, done: 0, total: 0, startedAt: null, finishedAt: null, result: null };
    state.verified = null;
  }
  return state;
}

/**
 * Starts a full re-verification in the background, in chunks that yield to the event loop so the server keeps
 * answering. Returns at once; `verificationStatus()` reports progress. A second call while one runs does nothing.
 */
export function startFullVerification(now: () => number = Date.now): VerificationStatus {
  const s = current();
  if (s.status.running) return s.status;
  const { sqlite } = getConnection();
  const total = (sqlite.prepare("select coalesce(max(seq), 0) as n from audit_events").get() as { n: number }).n;
  s.status = { running: true, done: 0, total, startedAt: now(), finishedAt: null, result: null };
  const checkpoints = listCheckpoints();
  const wanted = new Set(checkpoints.map((c) => c.seq));
  const hashes = new Map<number, string>();
  let start = { seq: 0, hash: GENESIS_HASH };
  let entries = 0;
  const step = () => {
    try {
      const rows = rowsAfter(sqlite, start.seq, CHUNK);
      for (const row of rows) if (wanted.has(row.seq)) hashes.set(row.seq, row.hash);
      const verdict = verifyChain(rows, start);
      if (!verdict.intact) {
        finish({ ...verdict, entries: entries + verdict.entries });
        return;
      }
      entries += verdict.entries;
      s.status.done = entries;
      if (rows.length < CHUNK) {
        finish({ intact: true, entries, headSeq: start.seq + verdict.entries, headHash: verdict.entries ? verdict.headHash : start.hash });
        return;
      }
      start = { seq: verdict.headSeq, hash: verdict.headHash };
      setImmediate(step);
    } catch (err) {
      s.status = { ...s.status, running: false, finishedAt: now() };
      console.error("[sourcekeeper] Audit verification failed to run:", err instanceof Error ? err.name : "error");
    }
  };
  const finish = (verdict: ChainVerdict) => {
    const result = withCheckpoints(verdict, checkpoints, hashes);
    s.status = { ...s.status, running: false, done: result.entries, finishedAt: now(), result };
    if (result.intact) s.verified = { seq: result.headSeq, hash: result.headHash, at: now() };
  };
  setImmediate(step);
  return s.status;
}

export function verificationStatus(): VerificationStatus {
  return current().status;
}

export interface QuickStatus {
  intact: boolean;
  entries: number;
  headSeq: number;
  headHash: string;
  /** What the quick check started from: the last fully verified point, or the last checkpoint. */
  from: "full_verification" | "checkpoint" | "genesis";
  fullVerifiedAt: number | null;
  problem: string | null;
  brokenSeq: number | null;
}

/**
 * The status the audit page shows on every load, fast at any size: verifies only the entries after the last
 * point known good (the last full verification in this process, else the last checkpoint whose signature and
 * head hash check out), so the cost is proportional to what was added since.
 */
export function quickVerify(): QuickStatus {
  const s = current();
  const { sqlite } = getConnection();
  let start = { seq: 0, hash: GENESIS_HASH };
  let from: QuickStatus["from"] = "genesis";
  const stored = (seq: number) =>
    (sqlite.prepare("select hash from audit_events where seq = ?").get(seq) as { hash: string } | undefined)?.hash;
  if (s.verified && stored(s.verified.seq) === s.verified.hash) {
    start = { seq: s.verified.seq, hash: s.verified.hash };
    from = "full_verification";
  } else {
    const checkpoints = listCheckpoints();
    const last = checkpoints.at(-1);
    if (last) {
      const keys = verifyKeyChain(listKeys());
      const problem = keys.ok ? verifyCheckpoints([last], keys.keys, stored) : { number: last.number, problem: keys.problem };
      if (problem) {
        return {
          intact: false,
          entries: 0,
          headSeq: last.seq,
          headHash: last.headHash,
          from: "checkpoint",
          fullVerifiedAt: null,
          problem: `checkpoint #${problem.number}: ${problem.problem}`,
          brokenSeq: last.seq,
        };
      }
      start = { seq: last.seq, hash: last.headHash };
      from = "checkpoint";
    }
  }
  const verdict = verifyAfter(sqlite, start, new Set(), new Map());
  if (!verdict.intact) {
    return {
      intact: false,
      entries: start.seq + verdict.entries,
      headSeq: verdict.brokenSeq,
      headHash: "",
      from,
      fullVerifiedAt: s.verified?.at ?? null,
      problem: verdict.detail,
      brokenSeq: verdict.brokenSeq,
    };
  }
  return {
    intact: true,
    entries: verdict.headSeq,
    headSeq: verdict.headSeq,
    headHash: verdict.headHash,
    from,
    fullVerifiedAt: s.verified?.at ?? null,
    problem: null,
    brokenSeq: null,
  };
}
