import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { consentEvents, consentRecords } from "@/db/schema";
import { sealOptional } from "../crypto/seal";
import { InvalidTransitionError, NotFoundError } from "../errors";
import { CONSENT_STATE_LABELS, canApply, type ConsentEventType } from "./state-machine";

export const eventDetailsContext = (recordId: string, eventId: string) => `consent:${recordId}:event:${eventId}`;

export function loadRecord(tx: Db, interviewId: string, recordId: string) {
  const record = tx
    .select()
    .from(consentRecords)
    .where(and(eq(consentRecords.id, recordId), eq(consentRecords.interviewId, interviewId)))
    .get();
  if (!record) throw new NotFoundError("Consent record not found.");
  return record;
}

/**
 * Appends one event to a record's history after the state machine allows it, and updates the cached status.
 * Free-text details are encrypted. Runs inside the caller's transaction; the caller writes the audit entry.
 */
export function appendConsentEvent(
  tx: Db,
  record: typeof consentRecords.$inferSelect,
  event: { type: ConsentEventType; occurredAt: number; channel: string | null; details: string | null; contentShownSha256?: string | null; by: string; now: number },
): void {
  if (!canApply(record.status, event.type)) {
    throw new InvalidTransitionError(`Consent that is “${CONSENT_STATE_LABELS[record.status]}” cannot become “${CONSENT_STATE_LABELS[event.type]}”.`);
  }
  const id = randomUUID();
  tx.insert(consentEvents)
    .values({
      id,
      recordId: record.id,
      type: event.type,
      occurredAt: event.occurredAt,
      channel: event.channel,
      detailsSealed: sealOptional(event.details, eventDetailsContext(record.id, id)),
      contentShownSha256: event.contentShownSha256 || null,
      recordedBy: event.by,
      recordedAt: event.now,
    })
    .run();
  tx.update(consentRecords)
    .set({ status: event.type, ...(event.type === "reconfirmed" ? { lastConfirmedAt: event.occurredAt } : {}) })
    .where(eq(consentRecords.id, record.id))
    .run();
}
