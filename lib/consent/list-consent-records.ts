import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { consentEvents, consentOverrideApprovals, consentRecords, users } from "@/db/schema";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { loadInterviewForActor } from "../interviews/access";
import { readSetting } from "../settings/read";
import { SYSTEM_RECORDER } from "./expire-consents";
import type { ConsentState } from "./state-machine";
import { effectiveStatus, reconfirmationState, type ReconfirmationState } from "./timing";
import type { ConsentTermsJson } from "./terms";

export interface ConsentRecordSummary {
  id: string;
  /** The status that counts now (an expiry date that passed makes it "expired" at once). */
  status: ConsentState;
  scriptId: string;
  language: string;
  recordedBy: string;
  createdAt: number;
  decidedAt: number;
  lastConfirmedAt: number | null;
  reconfirmation: ReconfirmationState;
  captorPresent: boolean;
  needsOverride: boolean;
  overrideApprovals: number;
  previousRecordId: string | null;
  terms: ConsentTermsJson;
  history: { type: ConsentState; occurredAt: number; recordedBy: string; channel: string | null }[];
}

/** The consent records of an interview, newest first, with their histories; no free text (see get-consent-record). */
export function listConsentRecords({ ctx, interviewId }: { ctx: Ctx; interviewId: string }): ConsentRecordSummary[] {
  assertCan(ctx.actor, "interview:work");
  const db = getDb();
  const { interview } = loadInterviewForActor(db, ctx.actor, interviewId, "read");
  const records = db
    .select()
    .from(consentRecords)
    .where(eq(consentRecords.interviewId, interview.id))
    .orderBy(desc(consentRecords.createdAt), desc(sql`rowid`))
    .all();
  if (records.length === 0) return [];
  const ids = records.map((r) => r.id);
  const events = db
    .select()
    .from(consentEvents)
    .where(inArray(consentEvents.recordId, ids))
    .orderBy(asc(consentEvents.recordedAt), asc(consentEvents.occurredAt))
    .all();
  const approvals = db.select().from(consentOverrideApprovals).where(inArray(consentOverrideApprovals.recordId, ids)).all();
  const userIds = [...new Set([...records.map((r) => r.recordedBy), ...events.map((e) => e.recordedBy)])];
  const now = ctx.now();
  const days = readSetting("consent_reconfirmation_days", db);
  const nameOf = (id: string) => (id === SYSTEM_RECORDER ? "Sourcekeeper (automatic)" : (names.get(id) ?? "Unknown user"));
  const names = new Map(
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, userIds))
      .all()
      .map((u) => [u.id, u.name] as const),
  );
  return records.map((r) => {
    const terms = JSON.parse(r.termsJson) as ConsentTermsJson;
    const history = events
      .filter((e) => e.recordId === r.id)
      .map((e) => ({ type: e.type, occurredAt: e.occurredAt, recordedBy: nameOf(e.recordedBy), channel: e.channel }));
    const reconfirmations = history.filter((h) => h.type === "reconfirmed").map((h) => h.occurredAt);
    return {
      id: r.id,
      status: effectiveStatus(r.status, terms.expiresOn, now),
      scriptId: r.scriptId,
      language: r.language,
      recordedBy: nameOf(r.recordedBy),
      createdAt: r.createdAt,
      decidedAt: r.decidedAt,
      lastConfirmedAt: r.lastConfirmedAt,
      reconfirmation: reconfirmationState(reconfirmations.length ? Math.max(...reconfirmations) : null, days, now),
      captorPresent: r.captorPresent,
      needsOverride: r.needsOverride,
      overrideApprovals: approvals.filter((a) => a.recordId === r.id).length,
      previousRecordId: r.previousRecordId,
      terms,
      history,
    };
  });
}
