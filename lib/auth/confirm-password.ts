import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import type { Ctx } from "../context";
import { UnauthenticatedError, ValidationError } from "../errors";
import { keyedHash } from "./keyed-hash";
import { verifyPassword } from "./password-hash";
import { accountLockKey, activeLocks, ipLockKey, pruneThrottle, recordFailure } from "./throttle";

export const REAUTH_FAILED_MESSAGE = "That password is not correct, or your account is locked for a while after repeated failures.";

/**
 * Asks a signed-in user for their password again before a sensitive step (a sensitive export). A stolen session
 * alone is then not enough. Failures count towards the same lock as failed sign-ins (a session cannot be used to
 * guess the password), and are audited; success changes nothing.
 */
export async function confirmPassword(
  ctx: Ctx,
  password: string,
  purpose: "sensitive_export" | "sign_off" | "mfa_disable" | "mfa_codes" | "erasure",
  field = "password",
): Promise<void> {
  if (!ctx.actor) throw new UnauthenticatedError();
  const actorId = ctx.actor.id;
  const user = getDb().select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, actorId)).get();
  if (!user) throw new UnauthenticatedError();
  const accountKey = keyedHash("email", user.email);
  const ipKey = keyedHash("ip", ctx.ip);
  const ok = await verifyPassword(user.passwordHash, password);
  const refused = withTransaction((tx) => {
    const now = ctx.now();
    pruneThrottle(tx, now);
    const locked = activeLocks(tx, [accountLockKey(accountKey), ipLockKey(ipKey)], now).size > 0;
    if (ok && !locked) return false;
    const newLocks = locked ? [] : recordFailure(tx, accountKey, ipKey, now);
    appendAuditEvent(tx, ctx, {
      action: "auth.reauth_failed",
      targetId: actorId,
      payload: { purpose, reason: locked ? "locked" : "bad_password" },
    });
    for (const lock of newLocks) appendAuditEvent(tx, ctx, { action: "auth.locked_out", targetId: null, payload: lock });
    return true;
  });
  if (refused) throw new ValidationError(REAUTH_FAILED_MESSAGE, { [field]: REAUTH_FAILED_MESSAGE });
}
