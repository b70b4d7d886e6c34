import { checklistItems } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { ConflictError, ForbiddenError, InvalidTransitionError } from "../errors";
import { loadInterviewForActor } from "../interviews/access";
import { parseInput } from "../validation";
import { loadChecklistItem } from "./internal";
import { decideNaSchema } from "./schema";

/**
 * An editor who can see the interview approves or refuses a request to treat a blocking item as not applicable.
 * The person who asked can never decide their own request.
 */
export function decideNotApplicable({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "checklist:decide_na");
  const actor = ctx.actor;
  const { interviewId, itemId, decision } = parseInput(decideNaSchema, input);
  withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, interviewId, "read");
    if (interview.archivedAt !== null) throw new ConflictError("This interview is archived and can no longer be changed.");
    const { row, where } = loadChecklistItem(tx, interview.id, interview.guidanceVersion, itemId);
    if (row.state !== "not_applicable" || row.naApproval !== "pending") {
      throw new InvalidTransitionError("There is no pending request to decide on this item.");
    }
    if (row.naRequestedBy === actor.id) {
      throw new ForbiddenError("You asked for this exception: another editor must decide it.");
    }
    const now = ctx.now();
    tx.update(checklistItems).set({ naApproval: decision, naDecidedBy: actor.id, naDecidedAt: now, updatedAt: now, updatedBy: actor.id }).where(where).run();
    appendAuditEvent(tx, ctx, { action: "checklist.na_decided", targetId: interview.id, payload: { itemId, decision } });
  });
}
