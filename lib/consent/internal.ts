import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { consentEvents, consentRecords } from "@/db/schema";
import { seal } from "../crypto/seal";
import { keyForLateRecord } from "@/lib/crypto/data-keys";
import { InvalidTransitionError, NotFoundError, ValidationError } from "../errors";
import { CONSENT_STATE_LABELS, canApply, type ConsentEventType } from "./state-machine";
import type { ConsentTermsJson } from "./terms";
import { effectiveStatus } from "./timing";

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
  // The status that counts is the effective one: consent past its expiry date is expired even before the sweep ran.
  const from = event.type === "expired" ? record.status : effectiveStatus(record.status, (JSON.parse(record.termsJson) as ConsentTermsJson).expiresOn, event.now);
  if (!canApply(from, event.type)) {
    throw new InvalidTransitionError(`Consent that is “${CONSENT_STATE_LABELS[from]}” cannot become “${CONSENT_STATE_LABELS[event.type]}”.`);
  }
  const id = randomUUID();
  tx.insert(consentEvents)
    .values({
      id,
      recordId: record.id,
      type: event.type,
      occurredAt: event.occurredAt,
      channel: event.channel,
      // A withdrawal or revocation must be recorded even after an erasure: then its details use the instance key.
      detailsSealed: event.details ? seal(event.details, eventDetailsContext(record.id, id), keyForLateRecord(record.interviewId, event.now)) : null,
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

/** Allowance for clocks that differ a little between the journalist's device and the server. */
const CLOCK_SKEW_MS = 10 * 60_000;

/** Events are recorded after they happen: a time in the future is a typo (or an attempt to pre-date a check). */
export function assertNotFuture(fields: Record<string, number>, now: number): void {
  const errors: Record<string, string> = {};
  for (const [field, t] of Object.entries(fields)) if (t > now + CLOCK_SKEW_MS) errors[field] = "This cannot be in the future.";
  if (Object.keys(errors).length > 0) throw new ValidationError("A date and time is in the future.", errors);
}
