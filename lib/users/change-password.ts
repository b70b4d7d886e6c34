import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { hashPassword, verifyPassword } from "../auth/password-hash";
import { assertCan } from "../auth/permissions";
import { changePasswordSchema } from "../auth/schema";
import type { Ctx } from "../context";
import { ConflictError, ValidationError } from "../errors";
import { parseInput } from "../validation";
import { loadUser } from "./internal";

/**
 * A user changes their own password. Every session of theirs (this one included) ends: the caller signs them
 * out and they sign in again with the new password.
 */
export async function changePassword({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<void> {
  assertCan(ctx.actor, "account:change_password");
  const actorId = ctx.actor.id;
  const data = parseInput(changePasswordSchema, input);
  const current = getDb().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actorId)).get();
  if (!(await verifyPassword(current?.passwordHash ?? null, data.currentPassword))) {
    throw new ValidationError("Your current password is not correct.", { currentPassword: "Your current password is not correct." });
  }
  const passwordHash = await hashPassword(data.newPassword);
  withTransaction((tx) => {
    const user = loadUser(tx, actorId);
    if (user.passwordHash !== current?.passwordHash) {
      throw new ConflictError("Your password was changed elsewhere in the meantime. Please try again.");
    }
    tx.update(users)
      .set({ passwordHash, mustChangePassword: false, updatedAt: ctx.now(), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, user.id))
      .run();
    appendAuditEvent(tx, ctx, { action: "user.password_changed", targetId: user.id, payload: {} });
  });
}
