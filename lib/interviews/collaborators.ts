import { and, eq } from "drizzle-orm";
import { interviewCollaborators, userDesks, users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import { parseInput } from "../validation";
import { loadInterviewForActor } from "./access";
import { collaboratorSchema } from "./schema";

/** The owner adds an active colleague of the interview's desk as a collaborator (they may then edit it). */
export function addCollaborator({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const { interviewId, userId } = parseInput(collaboratorSchema, input);
  withTransaction((tx) => {
    const { interview, access } = loadInterviewForActor(tx, actor, interviewId, "edit");
    if (access !== "owner") throw new ForbiddenError("Only the owner can add collaborators.");
    const colleague = tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(userDesks, and(eq(userDesks.userId, users.id), eq(userDesks.deskId, interview.deskId)))
      .where(and(eq(users.id, userId), eq(users.active, true)))
      .get();
    if (!colleague || userId === interview.ownerId) {
      throw new ValidationError("Choose an active colleague from this interview's desk.", { userId: "Choose an active colleague from this interview's desk." });
    }
    const existing = tx
      .select({ userId: interviewCollaborators.userId })
      .from(interviewCollaborators)
      .where(and(eq(interviewCollaborators.interviewId, interview.id), eq(interviewCollaborators.userId, userId)))
      .get();
    if (existing) throw new ConflictError("This person is already a collaborator.", { userId: "This person is already a collaborator." });
    tx.insert(interviewCollaborators).values({ interviewId: interview.id, userId, addedAt: ctx.now() }).run();
    appendAuditEvent(tx, ctx, { action: "interview.collaborator_added", targetId: interview.id, payload: { userId } });
  });
}

export function removeCollaborator({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const { interviewId, userId } = parseInput(collaboratorSchema, input);
  withTransaction((tx) => {
    const { interview, access } = loadInterviewForActor(tx, actor, interviewId, "edit");
    if (access !== "owner") throw new ForbiddenError("Only the owner can remove collaborators.");
    const removed = tx
      .delete(interviewCollaborators)
      .where(and(eq(interviewCollaborators.interviewId, interview.id), eq(interviewCollaborators.userId, userId)))
      .run();
    if (removed.changes === 0) throw new ValidationError("This person is not a collaborator.", { userId: "This person is not a collaborator." });
    appendAuditEvent(tx, ctx, { action: "interview.collaborator_removed", targetId: interview.id, payload: { userId } });
  });
}
