import { eq } from "drizzle-orm";
import { interviews } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import { getGuidanceVersion } from "../checklist/applicable";
import { syncChecklist } from "../checklist/sync";
import type { Ctx } from "../context";
import { openOptional, sealOptional } from "../crypto/seal";
import { interviewDataKey } from "@/lib/crypto/data-keys";
import { ValidationError } from "../errors";
import { parseInput } from "../validation";
import { loadInterviewForActor } from "./access";
import { notesContext } from "./create-interview";
import { PROFILE_FIELDS, profileOf } from "./profile";
import { updateInterviewSchema } from "./schema";

const EDITABLE = [
  "codeName",
  "sourceType",
  "minor",
  "inCustody",
  "recentTrauma",
  "custodyHolder",
  "outlet",
  "deskId",
  "plannedDate",
  "setting",
  "sourceLanguage",
  "interviewLanguage",
  "interpreter",
] as const;

/**
 * Edits an interview. Changing the source type or flags re-syncs the checklist (kept items keep their state).
 * The audit entry names the changed fields, never their values.
 */
export function updateInterview({ ctx, input }: { ctx: Ctx; input: unknown }): { changed: string[] } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const { interviewId, fields } = parseInput(updateInterviewSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, interviewId, "edit");
    if (fields.deskId !== interview.deskId && !actor.deskIds.includes(fields.deskId)) {
      throw new ValidationError("Choose one of your desks.", { deskId: "Choose one of your desks." });
    }
    const next = {
      ...fields,
      custodyHolder: fields.inCustody ? fields.custodyHolder : null,
      plannedDate: fields.plannedDate || null,
    };
    const changed: string[] = EDITABLE.filter((f) => next[f] !== interview[f]);
    const notesChanged = (openOptional(interview.notesSealed, notesContext(interview.id)) ?? "") !== fields.notes;
    if (notesChanged) changed.push("notes");
    if (changed.length === 0) return { changed };

    const now = ctx.now();
    const { notes, ...rest } = next;
    tx.update(interviews)
      .set({
        ...rest,
        ...(notesChanged ? { notesSealed: sealOptional(notes, notesContext(interview.id), interviewDataKey(interview.id, now)) } : {}),
        updatedAt: now,
      })
      .where(eq(interviews.id, interview.id))
      .run();
    appendAuditEvent(tx, ctx, { action: "interview.updated", targetId: interview.id, payload: { fields: changed } });

    if (PROFILE_FIELDS.some((f) => changed.includes(f))) {
      const synced = syncChecklist(tx, {
        interviewId: interview.id,
        profile: profileOf(next),
        version: getGuidanceVersion(interview.guidanceVersion),
        now,
        actorId: actor.id,
      });
      if (synced.added.length || synced.removed.length || synced.restored.length) {
        appendAuditEvent(tx, ctx, { action: "checklist.synced", targetId: interview.id, payload: synced });
      }
    }
    return { changed };
  });
}
