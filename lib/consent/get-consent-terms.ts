import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import { consentOverrideApprovals, consentRecords } from "@/db/schema";
import { OVERRIDE_APPROVALS_NEEDED } from "./approve-override";
import type { ConsentTermsJson } from "./terms";
import { isActive, type ConsentState } from "./state-machine";

export interface ConsentTerms {
  /** "none" when no consent record exists yet. */
  status: ConsentState | "none";
  active: boolean;
  withdrawn: boolean;
  recordId: string | null;
  recordedAt: number | null;
  lastConfirmedAt: number | null;
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
export function getConsentTerms(interviewId: string, db: Db = getDb()): ConsentTerms {
  const record = db.select().from(consentRecords).where(eq(consentRecords.interviewId, interviewId)).orderBy(desc(consentRecords.createdAt)).limit(1).get();
  if (!record) {
    return { status: "none", active: false, withdrawn: false, recordId: null, recordedAt: null, lastConfirmedAt: null, captorPresent: false, overridePending: false, terms: null };
  }
  const approvals = record.needsOverride
    ? (db.select({ n: sql<number>`count(*)` }).from(consentOverrideApprovals).where(eq(consentOverrideApprovals.recordId, record.id)).get()?.n ?? 0)
    : 0;
  return {
    status: record.status,
    active: isActive(record.status),
    withdrawn: record.status === "withdrawn",
    recordId: record.id,
    recordedAt: record.createdAt,
    lastConfirmedAt: record.lastConfirmedAt,
    captorPresent: record.captorPresent,
    overridePending: record.needsOverride && approvals < OVERRIDE_APPROVALS_NEEDED,
    terms: JSON.parse(record.termsJson) as ConsentTermsJson,
  };
}
