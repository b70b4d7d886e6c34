import { eq } from "drizzle-orm";
import { interviews } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan, can } from "../auth/permissions";
import type { Ctx } from "../context";
import { ConflictError, ForbiddenError } from "../errors";
import { parseInput } from "../validation";
import { loadInterviewForActor } from "./access";
import { interviewIdSchema } from "./schema";

/**
 * Archives an interview: it leaves the default list and can no longer be changed. Never a hard delete, because
 * the audit log refers to it. The owner may archive; so may an administrator of its desk.
 */
export function archiveInterview({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const { interviewId } = parseInput(interviewIdSchema, input);
  withTransaction((tx) => {
    const { interview, access } = loadInterviewForActor(tx, actor, interviewId, "read");
    if (access !== "owner" && !can(actor, "interview:archive_any")) throw new ForbiddenError("Only the owner or an administrator can archive an interview.");
    if (interview.archivedAt !== null) throw new ConflictError("This interview is already archived.");
    tx.update(interviews).set({ archivedAt: ctx.now(), updatedAt: ctx.now() }).where(eq(interviews.id, interview.id)).run();
    appendAuditEvent(tx, ctx, { action: "interview.archived", targetId: interview.id, payload: {} });
  });
}
