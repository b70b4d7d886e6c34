import { randomUUID } from "node:crypto";
import { interviews } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import { CURRENT_GUIDANCE } from "../checklist/items";
import { syncChecklist } from "../checklist/sync";
import type { Ctx } from "../context";
import { sealOptional } from "../crypto/seal";
import { interviewDataKey } from "@/lib/crypto/data-keys";
import { ValidationError } from "../errors";
import { parseInput } from "../validation";
import { profileOf } from "./profile";
import { createInterviewSchema } from "./schema";

export const notesContext = (interviewId: string) => `interview:${interviewId}:notes`;

/** A journalist prepares an interview: the checklist for this source is instantiated at the current guidance. */
export function createInterview({ ctx, input }: { ctx: Ctx; input: unknown }): { interviewId: string } {
  assertCan(ctx.actor, "interview:create");
  const actor = ctx.actor;
  const data = parseInput(createInterviewSchema, input);
  if (!actor.deskIds.includes(data.deskId)) {
    throw new ValidationError("Choose one of your desks.", { deskId: "Choose one of your desks." });
  }
  return withTransaction((tx) => {
    const now = ctx.now();
    const interviewId = randomUUID();
    const { notes, ...fields } = data;
    const row = {
      ...fields,
      id: interviewId,
      custodyHolder: fields.inCustody ? fields.custodyHolder : null,
      plannedDate: fields.plannedDate || null,
      notesSealed: sealOptional(notes, notesContext(interviewId), interviewDataKey(interviewId, now)),
      ownerId: actor.id,
      guidanceVersion: CURRENT_GUIDANCE.version,
      createdAt: now,
      updatedAt: now,
    };
    tx.insert(interviews).values(row).run();
    const synced = syncChecklist(tx, { interviewId, profile: profileOf(row), version: CURRENT_GUIDANCE, now, actorId: actor.id });
    appendAuditEvent(tx, ctx, {
      action: "interview.created",
      targetId: interviewId,
      payload: { sourceType: row.sourceType, deskId: row.deskId, guidanceVersion: row.guidanceVersion, items: synced.added.length },
    });
    return { interviewId };
  });
}
