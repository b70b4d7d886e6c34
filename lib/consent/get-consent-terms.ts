import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import { consentEvents, consentOverrideApprovals, consentRecords } from "@/db/schema";
import { readSetting } from "../settings/read";
import { OVERRIDE_APPROVALS_NEEDED } from "./approve-override";
import { isActive, type ConsentState } from "./state-machine";
import type { ConsentTermsJson } from "./terms";
import { effectiveStatus, reconfirmationState, type ReconfirmationState } from "./timing";

export interface ConsentTerms {
  /**
   * The status that counts now: "none" when no consent record exists yet; "expired" as soon as the agreed expiry
   * date has passed, even before the expiry sweep recorded it.
   */
  status: ConsentState | "none";
  active: boolean;
  withdrawn: boolean;
  recordId: string | null;
  recordedAt: number | null;
  /** When consent was given or last reconfirmed. */
  lastConfirmedAt: number | null;
  /** Reconfirmation before publication (guidance.md §4.13): the last one and whether it is within the window. */
  reconfirmation: ReconfirmationState;
  /** Detaining-authority, intelligence or guard presence while consent was obtained: a blocking problem. */
  captorPresent: boolean;
  /** POW identifying choices: true until two editors approved the public-interest justification. */
  overridePending: boolean;
  terms: ConsentTermsJson | null;
}

/**
 * The consent that governs an interview now: its latest record. Later features (redaction review, exports,
 * the publication gate) call this after they have authorised the actor; it does no access check of its own.
 */
export function getConsentTerms(interviewId: string, db: Db = getDb(), now: number = Date.now()): ConsentTerms {
  const days = readSetting("consent_reconfirmation_days", db);
  const record = db
    .select()
    .from(consentRecords)
    .where(eq(consentRecords.interviewId, interviewId))
    .orderBy(desc(consentRecords.createdAt), desc(sql`rowid`))
    .limit(1)
    .get();
  if (!record) {
    return {
      status: "none",
      active: false,
      withdrawn: false,
      recordId: null,
      recordedAt: null,
      lastConfirmedAt: null,
      reconfirmation: reconfirmationState(null, days, now),
      captorPresent: false,
      overridePending: false,
      terms: null,
    };
  }
  const terms = JSON.parse(record.termsJson) as ConsentTermsJson;
  const approvals = record.needsOverride
    ? (db
        .select({ n: sql<number>`count(*)` })
        .from(consentOverrideApprovals)
        .where(eq(consentOverrideApprovals.recordId, record.id))
        .get()?.n ?? 0)
    : 0;
  const lastReconfirmedAt =
    db
      .select({ t: sql<number | null>`max(${consentEvents.occurredAt})` })
      .from(consentEvents)
      .where(and(eq(consentEvents.recordId, record.id), eq(consentEvents.type, "reconfirmed")))
      .get()?.t ?? null;
  const status = effectiveStatus(record.status, terms.expiresOn, now);
  return {
    status,
    active: isActive(status),
    withdrawn: status === "withdrawn",
    recordId: record.id,
    recordedAt: record.createdAt,
    lastConfirmedAt: record.lastConfirmedAt,
    reconfirmation: reconfirmationState(lastReconfirmedAt, days, now),
    captorPresent: record.captorPresent,
    overridePending: record.needsOverride && approvals < OVERRIDE_APPROVALS_NEEDED,
    terms,
  };
}
