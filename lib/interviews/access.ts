import { and, eq, inArray, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { interviewCollaborators, interviews } from "@/db/schema";
import { can, type Actor } from "../auth/permissions";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";

export type InterviewRow = typeof interviews.$inferSelect;

/**
 * How an actor relates to an interview: its owner, a collaborator the owner added, or a reader through their
 * desk (editors and admins of the interview's desk). Anyone else has no access and is told "not found".
 */
export type InterviewAccess = "owner" | "collaborator" | "desk";

export function accessOf(tx: Db, actor: Actor, interview: InterviewRow): InterviewAccess | null {
  if (interview.ownerId === actor.id) return "owner";
  const collaborator = tx
    .select({ userId: interviewCollaborators.userId })
    .from(interviewCollaborators)
    .where(and(eq(interviewCollaborators.interviewId, interview.id), eq(interviewCollaborators.userId, actor.id)))
    .get();
  if (collaborator) return "collaborator";
  if (can(actor, "interview:read_desk") && actor.deskIds.includes(interview.deskId)) return "desk";
  return null;
}

export const canEdit = (access: InterviewAccess) => access === "owner" || access === "collaborator";

/**
 * The only way to load an interview for an actor. `need: "edit"` also refuses archived interviews and readers
 * who may only read and comment.
 */
export function loadInterviewForActor(
  tx: Db,
  actor: Actor,
  interviewId: string,
  need: "read" | "edit",
): { interview: InterviewRow; access: InterviewAccess } {
  const interview = tx.select().from(interviews).where(eq(interviews.id, interviewId)).get();
  const access = interview ? accessOf(tx, actor, interview) : null;
  if (!interview || !access) throw new NotFoundError("Interview not found.");
  if (need === "edit") {
    if (!canEdit(access)) throw new ForbiddenError("Only the owner and collaborators can change this interview. Editors can read and comment.");
    if (interview.erasedAt !== null) throw new ConflictError("This interview's source data was erased: it can no longer be changed.");
    if (interview.archivedAt !== null) throw new ConflictError("This interview is archived and can no longer be changed.");
  }
  return { interview, access };
}

/** SQL condition: the interviews an actor may see (for lists). */
export function visibleToActor(db: Db, actor: Actor): SQL {
  const collaborating = db
    .select({ id: interviewCollaborators.interviewId })
    .from(interviewCollaborators)
    .where(eq(interviewCollaborators.userId, actor.id));
  const conditions: SQL[] = [eq(interviews.ownerId, actor.id), inArray(interviews.id, collaborating)];
  if (can(actor, "interview:read_desk") && actor.deskIds.length > 0) conditions.push(inArray(interviews.deskId, [...actor.deskIds]));
  return or(...conditions) as SQL;
}
