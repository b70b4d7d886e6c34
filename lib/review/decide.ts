import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { ConflictError, ForbiddenError, InvalidTransitionError, ValidationError } from "../errors";
import { loadInterviewForActor } from "../interviews/access";
import { parseInput } from "../validation";
import { currentBasis, currentDecisions, insertDecision, loadCurrentFinding, loadDocument, staleReasons } from "./internal";
import { decisionSchema, findingRefSchema } from "./schema";
import { findingApprovals } from "@/db/schema";

/**
 * Records what to do with one finding: redact it, replace it with a pseudonym, or keep it with a justification.
 * The latest decision counts; earlier ones stay in the history. Keeping the source's real name is refused while
 * consent does not allow it, and keeping any high-severity finding then needs an editor's approval.
 */
export function decideFinding({ ctx, input }: { ctx: Ctx; input: unknown }): { decisionId: string; needsApproval: boolean } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const data = parseInput(decisionSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, data.interviewId, "edit");
    const doc = loadDocument(tx, interview, data.documentId);
    const { finding, scan } = loadCurrentFinding(tx, doc, data.findingId);
    const basis = currentBasis(tx, interview.id, ctx.now());
    const stale = staleReasons(scan, basis);
    if (stale.length > 0) throw new ConflictError(`Scan the document again first: ${stale[0]}.`);
    if (data.decision === "keep" && (!finding.keepable || (finding.realName && !basis.nameAllowed))) {
      const message = "Consent does not allow the source's real name to appear: redact it or use a pseudonym.";
      throw new ValidationError(message, { decision: message });
    }
    if (data.decision === "pseudonym" && finding.category === "combination") {
      const message = "A combination of details cannot be replaced by one word: redact it or keep it with a justification.";
      throw new ValidationError(message, { decision: message });
    }
    const decisionId = insertDecision(tx, interview.id, finding.id, {
      decision: data.decision,
      replacement: data.decision === "pseudonym" ? data.replacement : null,
      justification: data.decision === "keep" ? data.justification : null,
      priorExposure: data.decision === "keep" && data.priorExposure,
      by: actor.id,
      at: ctx.now(),
    });
    appendAuditEvent(tx, ctx, {
      action: "review.decided",
      targetId: interview.id,
      payload: {
        documentId: doc.id,
        findingId: finding.id,
        decision: data.decision,
        category: finding.category,
        severity: finding.severity,
      },
    });
    return { decisionId, needsApproval: data.decision === "keep" && finding.severity === "high" };
  });
}

/**
 * An editor of the desk approves keeping a high-severity finding. Four eyes: not the person who decided to keep
 * it. The approval belongs to that decision: a new decision needs a new approval.
 */
export function approveKeptFinding({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "review:approve_keep");
  const actor = ctx.actor;
  const data = parseInput(findingRefSchema, input);
  withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, data.interviewId, "read");
    // Editors approve through their desk (read access), but an archived interview can no longer be changed.
    if (interview.archivedAt !== null) throw new ConflictError("This interview is archived and can no longer be changed.");
    const doc = loadDocument(tx, interview, data.documentId);
    const { finding, scan } = loadCurrentFinding(tx, doc, data.findingId);
    const basis = currentBasis(tx, interview.id, ctx.now());
    if (staleReasons(scan, basis).length > 0)
      throw new ConflictError("The document must be scanned again before anything can be approved.");
    const decision = currentDecisions(tx, [finding.id]).get(finding.id);
    if (!decision || decision.decision !== "keep" || finding.severity !== "high") {
      throw new InvalidTransitionError("Only a decision to keep a high-severity finding needs approval.");
    }
    if (!finding.keepable || (finding.realName && !basis.nameAllowed))
      throw new InvalidTransitionError("Consent does not allow this to be kept.");
    if (decision.decidedBy === actor.id) throw new ForbiddenError("You decided to keep this: another editor must approve it.");
    if (decision.approval) throw new ConflictError("This has already been approved.");
    tx.insert(findingApprovals).values({ decisionId: decision.id, editorId: actor.id, approvedAt: ctx.now() }).run();
    appendAuditEvent(tx, ctx, {
      action: "review.approved",
      targetId: interview.id,
      payload: { documentId: doc.id, findingId: finding.id, decisionId: decision.id },
    });
  });
}
