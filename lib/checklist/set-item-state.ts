import { checklistItems } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { sealOptional } from "../crypto/seal";
import { interviewDataKey } from "@/lib/crypto/data-keys";
import { ValidationError } from "../errors";
import { loadInterviewForActor } from "../interviews/access";
import { parseInput } from "../validation";
import { evidenceContext, loadChecklistItem, naReasonContext } from "./internal";
import { setItemStateSchema } from "./schema";

/**
 * Marks a checklist item open, done (with evidence where the item requires it) or not applicable (with a
 * reason). Not applicable on a blocking item waits for another editor's approval and counts as open until then.
 */
export function setItemState({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const data = parseInput(setItemStateSchema, input);
  withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, data.interviewId, "edit");
    const { row, def, where } = loadChecklistItem(tx, interview.id, interview.guidanceVersion, data.itemId);
    const now = ctx.now();
    const base = { state: data.state, updatedAt: now, updatedBy: actor.id, naDecidedBy: null, naDecidedAt: null };
    if (data.state === "done") {
      if (def.evidenceRequired && !data.evidence) {
        throw new ValidationError("This item needs a short note of what was done.", { evidence: "Say what was done and where it is recorded." });
      }
      tx.update(checklistItems)
        .set({ ...base, evidenceSealed: sealOptional(data.evidence, evidenceContext(interview.id, row.itemId), interviewDataKey(interview.id, now)), naReasonSealed: null, naApproval: "none", naRequestedBy: null })
        .where(where)
        .run();
    } else if (data.state === "not_applicable") {
      const needsApproval = row.gate === "block";
      tx.update(checklistItems)
        .set({
          ...base,
          evidenceSealed: null,
          naReasonSealed: sealOptional(data.reason, naReasonContext(interview.id, row.itemId), interviewDataKey(interview.id, now)),
          naApproval: needsApproval ? "pending" : "none",
          naRequestedBy: needsApproval ? actor.id : null,
        })
        .where(where)
        .run();
    } else {
      tx.update(checklistItems).set({ ...base, evidenceSealed: null, naReasonSealed: null, naApproval: "none", naRequestedBy: null }).where(where).run();
    }
    appendAuditEvent(tx, ctx, {
      action: "checklist.item_changed",
      targetId: interview.id,
      payload: { itemId: row.itemId, from: row.state, to: data.state, evidence: data.state === "done" && !!data.evidence },
    });
    if (data.state === "not_applicable" && row.gate === "block") {
      appendAuditEvent(tx, ctx, { action: "checklist.na_requested", targetId: interview.id, payload: { itemId: row.itemId } });
    }
  });
}
