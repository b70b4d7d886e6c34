import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { consentEvents, consentRecords } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { canonicalJson, sha256Hex } from "../audit/canonical";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { seal } from "../crypto/seal";
import { interviewDataKey } from "@/lib/crypto/data-keys";
import { ValidationError } from "../errors";
import { loadInterviewForActor } from "../interviews/access";
import { parseInput } from "../validation";
import { CAPTOR_PRESENCE } from "./constants";
import { assertNotFuture } from "./internal";
import { splitTerms } from "./terms";
import { consentRecordSchemaFor, needsPublicInterestOverride } from "./schema";
import { getScriptVersion } from "./scripts";

export const privateContext = (recordId: string) => `consent:${recordId}:private`;

/**
 * Records how consent was obtained and what the source decided, after the journalist certified the summary
 * (`certified: true`, the e-Consent certification step).
 * Writes the record, its first events (`requested` at the explanation, then `given` or `refused`) and the audit
 * entry in one transaction. The terms are frozen from then on (database triggers refuse changes).
 */
export function recordConsent({ ctx, input }: { ctx: Ctx; input: unknown }): { recordId: string } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  // The schema depends on the interview, so its id is read before the input is parsed: only a string counts.
  const rawId = (input as { interviewId?: unknown } | null)?.interviewId;
  const interviewId = typeof rawId === "string" ? rawId.slice(0, 64) : "";
  return withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, interviewId, "edit");
    const context = { pow: interview.sourceType === "pow", minor: interview.minor, inCustody: interview.inCustody || interview.sourceType === "pow" };
    const data = parseInput(consentRecordSchemaFor(context), input);
    if ((input as { certified?: unknown }).certified !== true) {
      throw new ValidationError("Review the summary and confirm it before saving.", { certified: "Confirm that the summary is accurate." });
    }
    const script = getScriptVersion(tx, data.scriptId);
    if (!script) throw new ValidationError("Choose a consent script version.", { scriptId: "Choose a consent script version." });
    if (!script.languages.includes(data.language)) {
      throw new ValidationError("This script has no text in that language.", { language: "This script has no text in that language." });
    }
    if (data.previousRecordId) {
      const previous = tx
        .select({ id: consentRecords.id })
        .from(consentRecords)
        .where(and(eq(consentRecords.id, data.previousRecordId), eq(consentRecords.interviewId, interview.id)))
        .get();
      if (!previous) throw new ValidationError("The earlier consent record was not found.", { previousRecordId: "Not found." });
    }

    const recordId = randomUUID();
    const now = ctx.now();
    assertNotFuture({ explainedAt: Date.parse(data.explainedAt), decidedAt: Date.parse(data.decidedAt) }, now);
    const { terms, privateText } = splitTerms(data);
    const termsHash = sha256Hex(canonicalJson({ scriptId: script.id, scriptHash: script.hash, language: data.language, terms, privateText }));
    const captorPresent = data.presence.some((p) => CAPTOR_PRESENCE.includes(p));
    const needsOverride = data.outcome === "given" && needsPublicInterestOverride(data, context.pow);
    const explainedAt = Date.parse(data.explainedAt);
    const decidedAt = Date.parse(data.decidedAt);
    tx.insert(consentRecords)
      .values({
        id: recordId,
        interviewId: interview.id,
        previousRecordId: data.previousRecordId || null,
        scriptId: script.id,
        scriptHash: script.hash,
        language: data.language,
        termsJson: canonicalJson(terms),
        privateSealed: seal(canonicalJson(privateText), privateContext(recordId), interviewDataKey(interview.id, ctx.now())),
        termsHash,
        captorPresent,
        needsOverride,
        explainedAt,
        decidedAt,
        status: data.outcome,
        lastConfirmedAt: data.outcome === "given" ? decidedAt : null,
        recordedBy: actor.id,
        createdAt: now,
      })
      .run();
    for (const [type, occurredAt] of [
      ["requested", explainedAt],
      [data.outcome, decidedAt],
    ] as const) {
      tx.insert(consentEvents)
        .values({ id: randomUUID(), recordId, type, occurredAt, channel: "in_person", recordedBy: actor.id, recordedAt: now })
        .run();
    }
    appendAuditEvent(tx, ctx, {
      action: "consent.recorded",
      targetId: interview.id,
      payload: {
        outcome: data.outcome,
        scriptId: script.id,
        language: data.language,
        method: data.method,
        captorPresent,
        needsOverride,
        previousRecordId: data.previousRecordId || null,
        termsHash,
      },
    });
    return { recordId };
  });
}
