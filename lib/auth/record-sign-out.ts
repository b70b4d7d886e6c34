import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import type { Ctx } from "../context";

/** Audits a sign-out before the session cookie is cleared. Any signed-in user may sign out. */
export function recordSignOut({ ctx }: { ctx: Ctx }): void {
  if (!ctx.actor) return;
  const actorId = ctx.actor.id;
  withTransaction((tx) => {
    appendAuditEvent(tx, ctx, { action: "auth.signed_out", targetId: actorId, payload: {} });
  });
}
