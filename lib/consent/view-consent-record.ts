import { asc, eq } from "drizzle-orm";
import { consentEvents, consentUploads } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { ERASED_TEXT, open, openOptional } from "../crypto/seal";
import { loadInterviewForActor } from "../interviews/access";
import { eventDetailsContext, loadRecord } from "./internal";
import { privateContext } from "./record-consent";
import { PRIVATE_FIELDS, type ConsentTermsJson, type PrivateField } from "./terms";
import { effectiveStatus } from "./timing";

/**
 * The full consent record with its decrypted free text and event details. A sensitive read: every view is
 * audited (ids only), so an editor can answer "who looked at this source's consent, and when".
 */
export function viewConsentRecord({ ctx, interviewId, recordId }: { ctx: Ctx; interviewId: string; recordId: string }) {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  return withTransaction((tx) => {
    const { interview, access } = loadInterviewForActor(tx, actor, String(interviewId).slice(0, 64), "read");
    const record = loadRecord(tx, interview.id, String(recordId).slice(0, 64));
    const opened = open(record.privateSealed, privateContext(record.id));
    // Erased source data: every free-text answer shows as erased.
    const privateText =
      opened === ERASED_TEXT
        ? (Object.fromEntries(PRIVATE_FIELDS.map((f) => [f, ERASED_TEXT])) as Record<PrivateField, string>)
        : (JSON.parse(opened) as Record<PrivateField, string>);
    const events = tx
      .select()
      .from(consentEvents)
      .where(eq(consentEvents.recordId, record.id))
      .orderBy(asc(consentEvents.recordedAt), asc(consentEvents.occurredAt))
      .all()
      .map((e) => ({ ...e, details: openOptional(e.detailsSealed, eventDetailsContext(record.id, e.id)) }));
    const uploads = tx
      .select()
      .from(consentUploads)
      .where(eq(consentUploads.recordId, record.id))
      .orderBy(asc(consentUploads.uploadedAt))
      .all()
      .map((u) => ({ ...u, metadataRemoved: JSON.parse(u.metadataRemoved) as string[] }));
    appendAuditEvent(tx, ctx, { action: "consent.viewed", targetId: interview.id, payload: { recordId: record.id } });
    const terms = JSON.parse(record.termsJson) as ConsentTermsJson;
    return { interview, access, record: { ...record, status: effectiveStatus(record.status, terms.expiresOn, ctx.now()) }, terms, privateText, events, uploads };
  });
}
