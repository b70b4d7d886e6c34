import { eq } from "drizzle-orm";
import { interviews } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { InvalidTransitionError } from "../errors";
import { parseInput } from "../validation";
import { loadInterviewForActor } from "./access";
import { STATUS_LABELS } from "./constants";
import { setStatusSchema } from "./schema";
import { canTransition } from "./status";

export function setInterviewStatus({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const { interviewId, status } = parseInput(setStatusSchema, input);
  withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, interviewId, "edit");
    if (!canTransition(interview.status, status)) {
      throw new InvalidTransitionError(
        `An interview that is “${STATUS_LABELS[interview.status]}” cannot be set to “${STATUS_LABELS[status]}” here.`,
      );
    }
    tx.update(interviews).set({ status, statusReason: null, updatedAt: ctx.now() }).where(eq(interviews.id, interview.id)).run();
    appendAuditEvent(tx, ctx, {
      action: "interview.status_changed",
      targetId: interview.id,
      payload: { from: interview.status, to: status },
    });
  });
}
