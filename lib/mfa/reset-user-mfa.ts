import { eq, sql } from "drizzle-orm";
import { mfaRecoveryCodes, userMfa, users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { parseInput } from "../validation";
import { loadUser } from "../users/internal";
import { userIdSchema } from "../users/schema";

/**
 * An administrator removes a user's second factor (a lost phone and lost recovery codes). Every session of the
 * user ends; at their next sign-in the password is enough, and an editor or administrator is then sent to set up
 * two-step sign-in again. Audited as `user.mfa_reset`.
 */
export function resetUserMfa({ ctx, input }: { ctx: Ctx; input: unknown }): { changed: boolean } {
  assertCan(ctx.actor, "user:manage");
  const { userId } = parseInput(userIdSchema, input);
  return withTransaction((tx) => {
    const user = loadUser(tx, userId);
    const enrolled = !!tx.select({ userId: userMfa.userId }).from(userMfa).where(eq(userMfa.userId, user.id)).get();
    if (!enrolled) return { changed: false };
    const removed = tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.id)).run().changes;
    tx.delete(userMfa).where(eq(userMfa.userId, user.id)).run();
    tx.update(users)
      .set({ updatedAt: ctx.now(), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, user.id))
      .run();
    appendAuditEvent(tx, ctx, { action: "user.mfa_reset", targetId: user.id, payload: { recoveryCodesRemoved: removed } });
    return { changed: true };
  });
}
