import type Database from "better-sqlite3";
import type { AuditRow } from "./canonical";
import { verifyChain, type ChainStart, type ChainVerdict } from "./verify-chain";

/** Reading the stored chain fast, for verify-stored-chain.ts (the full check, the background job, the quick check). */

/** Rows read per query: small enough to stay in the CPU caches, large enough that the query itself costs nothing. */
const READ_CHUNK = 2_000;

type RawRow = [number, number, string | null, string, string, string | null, string, string, string];

const statements = new WeakMap<Database.Database, Map<number, Database.Statement>>();

/**
 * The entries after `afterSeq` in seq order, at most `limit`. Read as arrays (better-sqlite3's raw mode, half
 * the cost of building objects in C++) and turned into rows here.
 */
export function rowsAfter(sqlite: Database.Database, afterSeq: number, limit: number): AuditRow[] {
  let byLimit = statements.get(sqlite);
  if (!byLimit) statements.set(sqlite, (byLimit = new Map()));
  let statement = byLimit.get(limit);
  if (!statement) {
    statement = sqlite
      .prepare(
        `select seq, occurred_at, actor_id, action, target_type, target_id, payload, prev_hash, hash
           from audit_events where seq > ? order by seq limit ${limit}`,
      )
      .raw(true);
    byLimit.set(limit, statement);
  }
  return (statement.all(afterSeq) as RawRow[]).map((r) => ({
    seq: r[0],
    occurredAt: r[1],
    actorId: r[2],
    action: r[3],
    targetType: r[4],
    targetId: r[5],
    payload: r[6],
    prevHash: r[7],
    hash: r[8],
  }));
}

/**
 * Verifies every entry after `start`, reading READ_CHUNK entries at a time (the same rows, in the same order, as
 * one query over the whole table), and remembers the stored hashes at the `wanted` seqs (the checkpoints' heads).
 */
export function verifyAfter(sqlite: Database.Database, start: ChainStart, wanted: Set<number>, hashes: Map<number, string>): ChainVerdict {
  let from = start;
  let entries = 0;
  for (;;) {
    const rows = rowsAfter(sqlite, from.seq, READ_CHUNK);
    for (const row of rows) if (wanted.has(row.seq)) hashes.set(row.seq, row.hash);
    const verdict = verifyChain(rows, from);
    if (!verdict.intact || rows.length < READ_CHUNK) return { ...verdict, entries: entries + verdict.entries };
    entries += verdict.entries;
    from = { seq: verdict.headSeq, hash: verdict.headHash };
  }
}
