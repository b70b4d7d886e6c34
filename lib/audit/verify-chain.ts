import { computeEntryHash, GENESIS_HASH, type AuditRow } from "./canonical";

export type ChainProblem = "gap_in_seq" | "broken_link" | "hash_mismatch" | "payload_not_json" | "checkpoint_invalid";

export type ChainVerdict =
  | { intact: true; entries: number; headSeq: number; headHash: string }
  | { intact: false; entries: number; brokenSeq: number; problem: ChainProblem; detail: string };

export interface ChainStart {
  /** seq of the last trusted entry (0 for the genesis). */
  seq: number;
  hash: string;
}

/**
 * Recomputes the chain over rows in ascending seq order. Pure: no I/O, so the CLI, the audit page and tests
 * share it. Detects a changed column (hash mismatch), a deleted entry (gap), and reordered entries (broken link).
 */
export function verifyChain(rows: Iterable<AuditRow>, start: ChainStart = { seq: 0, hash: GENESIS_HASH }): ChainVerdict {
  let expectedSeq = start.seq + 1;
  let prevHash = start.hash;
  let entries = 0;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      return broken(entries, expectedSeq, "gap_in_seq", `expected entry #${expectedSeq}, found #${row.seq}`);
    }
    if (row.prevHash !== prevHash) {
      return broken(entries, row.seq, "broken_link", "prev_hash does not match the hash of the entry before it");
    }
    if (computeEntryHash(row) !== row.hash) {
      return broken(entries, row.seq, "hash_mismatch", "stored hash does not match the entry's contents");
    }
    if (!isJsonObject(row.payload)) {
      return broken(entries, row.seq, "payload_not_json", "payload is not a JSON object");
    }
    prevHash = row.hash;
    expectedSeq += 1;
    entries += 1;
  }
  return { intact: true, entries, headSeq: expectedSeq - 1, headHash: prevHash };
}

function broken(entries: number, brokenSeq: number, problem: ChainProblem, detail: string): ChainVerdict {
  return { intact: false, entries, brokenSeq, problem, detail };
}

function isJsonObject(payload: string): boolean {
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

export function describeVerdict(v: ChainVerdict): string {
  if (v.intact) return `${v.entries} entries, chain intact, head ${v.headHash}`;
  return `chain broken at entry #${v.brokenSeq}: ${v.problem.replaceAll("_", " ")} (${v.detail}); ${v.entries} entries verified before it`;
}
