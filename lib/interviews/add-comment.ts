import { randomUUID } from "node:crypto";
import { interviewComments } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { seal } from "../crypto/seal";
import { interviewDataKey } from "@/lib/crypto/data-keys";
import { ConflictError } from "../errors";
import { parseInput } from "../validation";
import { loadInterviewForActor } from "./access";
import { commentSchema } from "./schema";

export const commentContext = (interviewId: string, commentId: string) => `interview:${interviewId}:comment:${commentId}`;

/** Anyone who can read an interview may comment on it (editors of the desk included) until it is archived. Stored encrypted. */
export function addComment({ ctx, input }: { ctx: Ctx; input: unknown }): { commentId: string } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const { interviewId, body } = parseInput(commentSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, interviewId, "read");
    if (interview.archivedAt !== null) throw new ConflictError("This interview is archived and can no longer be changed.");
    const commentId = randomUUID();
    tx.insert(interviewComments)
      .values({ id: commentId, interviewId: interview.id, authorId: actor.id, bodySealed: seal(body, commentContext(interview.id, commentId), interviewDataKey(interview.id, ctx.now())), createdAt: ctx.now() })
      .run();
    appendAuditEvent(tx, ctx, { action: "interview.comment_added", targetId: interview.id, payload: { commentId } });
    return { commentId };
  });
}
