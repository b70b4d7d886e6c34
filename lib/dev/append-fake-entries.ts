import { getConnection } from "@/db/client";
import { withTransaction } from "@/db/transaction";
import { canonicalJson, computeEntryHash, GENESIS_HASH } from "../audit/canonical";
import { latestCheckpoint, writeCheckpoint } from "../audit/checkpoints";
import { auditEventSchema, targetTypeOf } from "../audit/events";
import { readSetting } from "../settings/read";
import { fakeAuditEvent, makeRng, type SeedWorld } from "./fake-audit-events";

/**
 * The bulk half of the development seeder (seed-audit.ts): FAKE entries inserted directly, each validated against
 * the catalogue and chained with the writer's own hash function, a checkpoint signed every
 * `audit_checkpoint_interval` entries as appendAuditEvent would.
 */

const INSERT = `insert into audit_events (seq, occurred_at, actor_id, action, target_type, target_id, payload, prev_hash, hash)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Appends `total` fake entries in batches, each batch one BEGIN IMMEDIATE transaction; checkpoints as the writer would. */
export function appendFakeEntries(
  world: SeedWorld,
  o: {
    total: number;
    batch: number;
    seed: number;
    from: number;
    to: number;
    onProgress?: (done: number, total: number, elapsedMs: number) => void;
  },
): { entries: number; fromSeq: number; toSeq: number; checkpoints: number } {
  const { sqlite } = getConnection();
  const previousCache = sqlite.pragma("cache_size", { simple: true }) as number;
  sqlite.pragma("cache_size = -262144"); // 256 MiB while seeding: the hash index takes inserts all over the file.
  const insert = sqlite.prepare(INSERT);
  const readHead = sqlite.prepare("select seq, hash from audit_events order by seq desc limit 1");
  const interval = readSetting("audit_checkpoint_interval");
  const rng = makeRng(o.seed);
  const step = (o.to - o.from) / (o.total + 1);
  const started = performance.now();
  let done = 0;
  let checkpoints = 0;
  let at = o.from;
  let fromSeq = 0;
  let toSeq = 0;
  try {
    while (done < o.total) {
      const n = Math.min(o.batch, o.total - done);
      withTransaction((tx) => {
        const head = readHead.get() as { seq: number; hash: string } | undefined;
        let seq = head?.seq ?? 0;
        let prevHash = head?.hash ?? GENESIS_HASH;
        let lastCheckpoint = latestCheckpoint(tx)?.seq ?? 0;
        if (done === 0) fromSeq = seq + 1;
        for (let i = 0; i < n; i++) {
          const { event, actorId } = fakeAuditEvent(rng, world);
          const parsed = auditEventSchema.parse(event);
          seq += 1;
          at = Math.max(at, Math.floor(o.from + (done + i + rng()) * step));
          const row = {
            seq,
            occurredAt: at,
            actorId,
            action: parsed.action,
            targetType: targetTypeOf(parsed.action),
            targetId: parsed.targetId,
            payload: canonicalJson(parsed.payload),
            prevHash,
          };
          prevHash = computeEntryHash(row);
          insert.run(row.seq, row.occurredAt, row.actorId, row.action, row.targetType, row.targetId, row.payload, row.prevHash, prevHash);
          if (seq - lastCheckpoint >= interval) {
            const checkpoint = writeCheckpoint(tx, at);
            if (checkpoint) {
              lastCheckpoint = checkpoint.seq;
              checkpoints += 1;
            }
          }
        }
        toSeq = seq;
      });
      done += n;
      o.onProgress?.(done, o.total, performance.now() - started);
    }
  } finally {
    sqlite.pragma(`cache_size = ${previousCache}`);
  }
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  return { entries: done, fromSeq, toSeq, checkpoints };
}
