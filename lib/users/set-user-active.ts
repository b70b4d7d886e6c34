import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { ValidationError } from "../errors";
import { parseInput } from "../validation";
import { loadUser } from "./internal";
import { userIdSchema } from "./schema";

/**
 * Deactivates or reactivates a user (users are never deleted: the audit log refers to them). Deactivation bumps
 * the session version, so an open session stops working on its next request.
 */
export function setUserActive({ ctx, input, active }: { ctx: Ctx; input: unknown; active: boolean }): { changed: boolean } {
  assertCan(ctx.actor, "user:manage");
  const actorId = ctx.actor.id;
  const { userId } = parseInput(userIdSchema, input);
  return withTransaction((tx) => {
    const user = loadUser(tx, userId);
    if (!active && user.id === actorId) {
      throw new ValidationError("You cannot deactivate your own account.", { form: "You cannot deactivate your own account." });
    }
    if (user.active === active) return { changed: false };
    tx.update(users)
      .set({ active, updatedAt: ctx.now(), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, user.id))
      .run();
    appendAuditEvent(tx, ctx, { action: active ? "user.reactivated" : "user.deactivated", targetId: user.id, payload: {} });
    return { changed: true };
  });
}
