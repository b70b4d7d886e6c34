import { getConnection } from "@/db/client";
import type { AuditRow } from "./canonical";
import { verifyChain, type ChainVerdict } from "./verify-chain";

/**
 * Streams the whole audit table in seq order through the pure verifier. Read-only; used by
 * `npm run cli -- audit verify` and the audit page.
 */
export function verifyStoredChain(): ChainVerdict {
  const { sqlite } = getConnection();
  const rows = sqlite
    .prepare(
      `select seq, occurred_at as occurredAt, actor_id as actorId, action, target_type as targetType,
              target_id as targetId, payload, prev_hash as prevHash, hash
         from audit_events order by seq`,
    )
    .iterate() as IterableIterator<AuditRow>;
  return verifyChain(rows);
}
