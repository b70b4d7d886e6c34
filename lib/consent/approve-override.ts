import { eq, sql } from "drizzle-orm";
import { consentOverrideApprovals } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { ConflictError, ForbiddenError, InvalidTransitionError } from "../errors";
import { loadInterviewForActor } from "../interviews/access";
import { parseInput } from "../validation";
import { loadRecord } from "./internal";
import { overrideDecisionSchema } from "./schema";
import { CONSENT_STATE_LABELS, isActive } from "./state-machine";
import type { ConsentTermsJson } from "./terms";
import { effectiveStatus } from "./timing";

export const OVERRIDE_APPROVALS_NEEDED = 2;

/**
 * A prisoner of war cannot waive the Convention's protection (GCIII art. 7): identifying choices need a
 * public-interest justification approved by two different editors, neither of whom recorded the consent.
 */
export function approveOverride({ ctx, input }: { ctx: Ctx; input: unknown }): { approvals: number } {
  assertCan(ctx.actor, "consent:approve_override");
  const actor = ctx.actor;
  const { interviewId, recordId } = parseInput(overrideDecisionSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, interviewId, "read");
    const record = loadRecord(tx, interview.id, recordId);
    if (!record.needsOverride) throw new InvalidTransitionError("This consent record needs no public-interest approval.");
    const status = effectiveStatus(record.status, (JSON.parse(record.termsJson) as ConsentTermsJson).expiresOn, ctx.now());
    if (!isActive(status)) throw new InvalidTransitionError(`Consent is “${CONSENT_STATE_LABELS[status]}”: there is nothing to approve.`);
    if (record.recordedBy === actor.id) throw new ForbiddenError("You recorded this consent: two other editors must approve the justification.");
    const existing = tx.select().from(consentOverrideApprovals).where(eq(consentOverrideApprovals.recordId, record.id)).all();
    if (existing.some((a) => a.editorId === actor.id)) throw new ConflictError("You have already approved this justification.");
    if (existing.length >= OVERRIDE_APPROVALS_NEEDED) throw new ConflictError("Two editors have already approved this justification.");
    tx.insert(consentOverrideApprovals).values({ recordId: record.id, editorId: actor.id, approvedAt: ctx.now() }).run();
    const approvals =
      tx
        .select({ n: sql<number>`count(*)` })
        .from(consentOverrideApprovals)
        .where(eq(consentOverrideApprovals.recordId, record.id))
        .get()?.n ?? 0;
    appendAuditEvent(tx, ctx, { action: "consent.override_approved", targetId: interview.id, payload: { recordId: record.id, approvals } });
    return { approvals };
  });
}
