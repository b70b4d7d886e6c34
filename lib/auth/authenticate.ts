import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import type { Ctx } from "../context";
import { keyedHash } from "./keyed-hash";
import { consumeSecondFactor, hasMfa } from "./mfa-store";
import { verifyPassword } from "./password-hash";
import type { RoleName } from "./roles";
import { signInSchema } from "./schema";
import { accountLockKey, activeLocks, clearAccountFailures, ipLockKey, pruneThrottle, recordFailure } from "./throttle";

export const SIGN_IN_FAILED_MESSAGE = "Email or password is incorrect, or the account is temporarily locked.";
export const SIGN_IN_CODE_FAILED_MESSAGE = "That code is not correct or was already used, or the account is temporarily locked.";

/** The password was right and the account has a second factor: ask for a code (nothing is recorded). */
export const MFA_REQUIRED = "mfa_required" as const;

export interface AuthenticatedUser {
  id: string;
  role: RoleName;
  sessionVersion: number;
}

/**
 * Checks a sign-in attempt. Every outcome is audited in the same transaction as the throttling state it
 * changes. Failures are indistinguishable to the caller (null), and an unknown e-mail costs one argon2 verify
 * like a wrong password.
 *
 * Accounts with a second factor: only once the password is right (and no lock applies) does the caller learn
 * MFA_REQUIRED; the next attempt carries the code as well. A wrong, replayed or used code is a failure like a
 * wrong password (audited as "bad_code", counted towards the same account and address locks), and the account's
 * failure count is cleared only by a complete sign-in, so re-entering the password never resets code guessing.
 */
export async function authenticate({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<AuthenticatedUser | typeof MFA_REQUIRED | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password, code } = parsed.data;
  const accountKey = keyedHash("email", email);
  const ipKey = keyedHash("ip", ctx.ip);

  const user = getDb().select().from(users).where(eq(users.email, email)).get();
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);

  return withTransaction((tx): AuthenticatedUser | typeof MFA_REQUIRED | null => {
    const now = ctx.now();
    pruneThrottle(tx, now);
    const locks = activeLocks(tx, [accountLockKey(accountKey), ipLockKey(ipKey)], now);
    let reason: "locked" | "ip_limited" | "bad_credentials" | "inactive" | "bad_code" | null = locks.has(accountLockKey(accountKey))
      ? "locked"
      : locks.has(ipLockKey(ipKey))
        ? "ip_limited"
        : !user || !passwordOk
          ? "bad_credentials"
          : !user.active
            ? "inactive"
            : null;

    if (reason === null && user) {
      const actorCtx: Ctx = { ...ctx, actor: { id: user.id, role: user.role, deskIds: [] } };
      if (hasMfa(tx, user.id)) {
        if (!code) return MFA_REQUIRED;
        const factor = consumeSecondFactor(tx, user.id, code, now);
        if (factor?.method === "recovery") {
          appendAuditEvent(tx, actorCtx, { action: "mfa.recovery_used", targetId: user.id, payload: { remaining: factor.remaining } });
        }
        if (!factor) reason = "bad_code";
      }
      if (reason === null) {
        clearAccountFailures(tx, accountKey);
        appendAuditEvent(tx, actorCtx, { action: "auth.sign_in_succeeded", targetId: user.id, payload: {} });
        return { id: user.id, role: user.role, sessionVersion: user.sessionVersion };
      }
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
