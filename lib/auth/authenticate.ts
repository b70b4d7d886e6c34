import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import type { Ctx } from "../context";
import { keyedHash } from "./keyed-hash";
import { verifyPassword } from "./password-hash";
import type { RoleName } from "./roles";
import { signInSchema } from "./schema";
import { accountLockKey, activeLocks, clearAccountFailures, ipLockKey, pruneThrottle, recordFailure } from "./throttle";

export const SIGN_IN_FAILED_MESSAGE = "Email or password is incorrect, or the account is temporarily locked.";

export interface AuthenticatedUser {
  id: string;
  role: RoleName;
  sessionVersion: number;
}

/**
 * Checks a sign-in attempt. Every outcome is audited in the same transaction as the throttling state it
 * changes. Failures are indistinguishable to the caller (null), and an unknown e-mail costs one argon2 verify
 * like a wrong password.
 */
export async function authenticate({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<AuthenticatedUser | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const accountKey = keyedHash("email", email);
  const ipKey = keyedHash("ip", ctx.ip);

  const user = getDb().select().from(users).where(eq(users.email, email)).get();
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);

  return withTransaction((tx) => {
    const now = ctx.now();
    pruneThrottle(tx, now);
    const locks = activeLocks(tx, [accountLockKey(accountKey), ipLockKey(ipKey)], now);
    const reason = locks.has(accountLockKey(accountKey))
      ? "locked"
      : locks.has(ipLockKey(ipKey))
        ? "ip_limited"
        : !user || !passwordOk
          ? "bad_credentials"
          : !user.active
            ? "inactive"
            : null;

    if (reason === null && user) {
      clearAccountFailures(tx, accountKey);
      const actorCtx: Ctx = { ...ctx, actor: { id: user.id, role: user.role, deskIds: [] } };
      appendAuditEvent(tx, actorCtx, { action: "auth.sign_in_succeeded", targetId: user.id, payload: {} });
      return { id: user.id, role: user.role, sessionVersion: user.sessionVersion };
    }

    // Attempts refused by a lock do not extend it; every other failure counts.
    const newLocks = reason === "locked" || reason === "ip_limited" ? [] : recordFailure(tx, accountKey, ipKey, now);
    appendAuditEvent(tx, ctx, {
      action: "auth.sign_in_failed",
      targetId: null,
      payload: { emailHash: accountKey, reason: reason ?? "bad_credentials" },
    });
    for (const lock of newLocks) {
      appendAuditEvent(tx, ctx, { action: "auth.locked_out", targetId: null, payload: lock });
    }
    return null;
  });
}
