import { desc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getConnection } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { Ctx } from "../context";
import { canonicalJson, computeEntryHash, GENESIS_HASH } from "./canonical";
import { checkpointIfDue } from "./checkpoints";
import { afterInterviewChange } from "../publication/after-change";
import { auditEventSchema, targetTypeOf, type AuditEvent } from "./events";

/**
 * The one writer of the audit log. Must run inside `withTransaction` (BEGIN IMMEDIATE holds the write lock, so
 * reading the head and inserting the next entry cannot interleave with another writer). If the insert fails,
 * the surrounding transaction — and so the change it records — rolls back.
 */
export function appendAuditEvent(tx: Db, ctx: Ctx, event: AuditEvent): { seq: number; hash: string } {
  if (!getConnection().sqlite.inTransaction) {
    throw new Error("appendAuditEvent must be called inside withTransaction");
  }
  const parsed = auditEventSchema.parse(event);
  const head = tx.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
  const row = {
    seq: (head?.seq ?? 0) + 1,
    occurredAt: ctx.now(),
    actorId: ctx.actor?.id ?? null,
    action: parsed.action,
    targetType: targetTypeOf(parsed.action),
    targetId: parsed.targetId,
    payload: canonicalJson(parsed.payload),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const hash = computeEntryHash(row);
  tx.insert(auditEvents)
    .values({ ...row, hash })
    .run();
  // Every N entries the head is signed (lib/audit/checkpoints.ts), in the same transaction as the entry.
  checkpointIfDue(tx, row.seq, row.occurredAt);
  // The publication gate reacts to changes of an interview in the same transaction (lib/publication/after-change.ts).
  afterInterviewChange(tx, ctx, parsed);
  return { seq: row.seq, hash };
}
