import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import type { Ctx } from "../context";

/**
 * Signing out ends the session on the server, not only in this browser: the account's session version moves on,
 * so every token issued before is refused on its next request — including a copy of the cookie taken earlier, or
 * one a request still in flight sets again after the browser cleared it. This signs the account out on every
 * device, which is what someone who fears their session was seen wants. Audited. Any signed-in user may sign out.
 */
export function recordSignOut({ ctx }: { ctx: Ctx }): void {
  if (!ctx.actor) return;
  const actorId = ctx.actor.id;
  withTransaction((tx) => {
    tx.update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, actorId))
      .run();
    appendAuditEvent(tx, ctx, { action: "auth.signed_out", targetId: actorId, payload: {} });
  });
}
