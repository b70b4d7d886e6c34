import type { SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { loadInterviewForActor } from "../interviews/access";
import { parseInput } from "../validation";
import { activityFilterSchema, DEFAULT_AUDIT_PAGE } from "./filters";
import { aboutInterview, readPage, type AuditPage } from "./internal";

/**
 * An interview's Activity tab: every audit entry about it (changes, consent, checklist, identifiers, documents,
 * images, and every sensitive read), newest first, keyset-paged by seq. Authorized by the interview itself, not
 * by audit:read: whoever can read the interview (owner, collaborators, desk editors and admins) can answer
 * "who looked at this source's file, and when". Anyone else is told "not found". A read: writes no entry.
 */
export function listInterviewActivity({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: unknown;
}): AuditPage & { interview: { id: string; codeName: string; archived: boolean } } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const f = parseInput(activityFilterSchema, input);
  const db = getDb();
  const { interview } = loadInterviewForActor(db, actor, f.interviewId, "read");
  const conditions: SQL[] = [aboutInterview(interview.id)];
  return {
    interview: { id: interview.id, codeName: interview.codeName, archived: interview.archivedAt !== null },
    ...readPage(db, actor, conditions, f.limit ?? DEFAULT_AUDIT_PAGE, f.before),
  };
}
