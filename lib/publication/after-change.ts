import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { interviews, takedownTasks } from "@/db/schema";
import { appendAuditEvent } from "../audit/append";
import type { AuditAction } from "../audit/events";
import type { Ctx } from "../context";
import { readSetting } from "../settings/read";
import { consequenceOf, mayMatter } from "./drop-back";
import { REOPEN_REASONS } from "./schema";

/**
 * What the publication gate does when something about an interview changes (issue 9). Called by the audit writer
 * for every entry, in the same transaction, so no service can forget it:
 * - a cleared interview whose content, consent, checklist, identifiers or media change goes back to review, with the
 *   reason shown on the interview — the editor's sign-off covered what was there, not what came after;
 * - consent withdrawn (or revoked by the newsroom) after publication opens a takedown task for the desk's editors,
 *   due within the configured hours; one open task per interview (a unique index guarantees it).
 */
export function afterInterviewChange(
  tx: Db,
  ctx: Ctx,
  event: { action: AuditAction; targetId: string | null; payload: Record<string, unknown> },
): void {
  if (!event.targetId || !mayMatter(event.action)) return;
  const interview = tx
    .select({ id: interviews.id, status: interviews.status, deskId: interviews.deskId })
    .from(interviews)
    .where(eq(interviews.id, event.targetId))
    .get();
  const consequence = interview ? consequenceOf(event.action, interview.status) : null;
  if (!interview || !consequence) return;
  if (consequence.kind === "reopen") {
    const reason = consequence.reason;
    tx.update(interviews)
      .set({ status: "in_review", statusReason: REOPEN_REASONS[reason], updatedAt: ctx.now() })
      .where(eq(interviews.id, interview.id))
      .run();
    appendAuditEvent(tx, ctx, {
      action: "interview.status_changed",
      targetId: interview.id,
      payload: { from: "cleared", to: "in_review", reason },
    });
    return;
  }
  {
    const open = tx
      .select({ id: takedownTasks.id })
      .from(takedownTasks)
      .where(and(eq(takedownTasks.interviewId, interview.id), isNull(takedownTasks.resolvedAt)))
      .get();
    if (open) return;
    const id = randomUUID();
    const now = ctx.now();
    const dueAt = now + readSetting("takedown_due_hours", tx) * 3_600_000;
    const recordId = String(event.payload.recordId ?? "");
    const cause = consequence.cause;
    tx.insert(takedownTasks)
      .values({ id, interviewId: interview.id, deskId: interview.deskId, consentRecordId: recordId, cause, createdAt: now, dueAt })
      .run();
    appendAuditEvent(tx, ctx, { action: "takedown.created", targetId: interview.id, payload: { taskId: id, recordId, cause, dueAt } });
  }
}
