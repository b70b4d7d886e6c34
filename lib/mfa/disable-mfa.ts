import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mfaRecoveryCodes, userMfa, users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { confirmPassword } from "../auth/confirm-password";
import { keyedHash } from "../auth/keyed-hash";
import { consumeSecondFactor } from "../auth/mfa-store";
import { assertCan } from "../auth/permissions";
import { recordFailure } from "../auth/throttle";
import type { Ctx } from "../context";
import { NotFoundError, ValidationError } from "../errors";
import { parseInput } from "../validation";
import { disableMfaSchema } from "./schema";

export const BAD_CODE = "That code is not correct or was already used.";

/**
 * Checks a current code (or a recovery code, which is used up) for a step that needs the second factor again.
 * A wrong code counts towards the sign-in lock and is audited; returns null then (the caller refuses after the
 * transaction commits, so the count and the entry stay).
 */
export function checkSecondFactor(tx: Db, ctx: Ctx, actorId: string, code: string, purpose: "mfa_disable" | "mfa_codes"): { method: "totp" | "recovery" } | null {
  const user = tx.select({ email: users.email }).from(users).where(eq(users.id, actorId)).get();
  if (!user || !tx.select({ userId: userMfa.userId }).from(userMfa).where(eq(userMfa.userId, actorId)).get()) {
    throw new NotFoundError("Two-step sign-in is not on for your account.");
  }
  const now = ctx.now();
  const factor = consumeSecondFactor(tx, actorId, code, now);
  if (factor) return factor;
  const locks = recordFailure(tx, keyedHash("email", user.email), keyedHash("ip", ctx.ip), now);
  appendAuditEvent(tx, ctx, { action: "auth.reauth_failed", targetId: actorId, payload: { purpose, reason: "bad_code" } });
  for (const lock of locks) appendAuditEvent(tx, ctx, { action: "auth.locked_out", targetId: null, payload: lock });
  return null;
}

/**
 * A user turns their own two-step sign-in off, with their password and a current code (or a recovery code): a
 * stolen session alone cannot remove it. Wrong passwords and wrong codes count towards the sign-in lock.
 * Every session of the account ends (the action then signs out). Where the role requires two-step sign-in, the user
 * is sent to enrolment again after signing in (a way to move to a new phone).
 */
export async function disableMfa({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<void> {
  assertCan(ctx.actor, "account:manage_mfa");
  const actorId = ctx.actor.id;
  const data = parseInput(disableMfaSchema, input);
  await confirmPassword(ctx, data.password, "mfa_disable");
  const refused = withTransaction((tx) => {
    const factor = checkSecondFactor(tx, ctx, actorId, data.code, "mfa_disable");
    if (!factor) return true;
    const now = ctx.now();
    tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, actorId)).run();
    tx.delete(userMfa).where(eq(userMfa.userId, actorId)).run();
    // Removing a factor ends every session of the account, this one included (ASVS 7.4.3): a thief who had a
    // session elsewhere loses it, and the user signs in again without the code.
    tx.update(users).set({ updatedAt: now, sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, actorId)).run();
    appendAuditEvent(tx, ctx, { action: "mfa.disabled", targetId: actorId, payload: { method: factor.method } });
    return false;
  });
  if (refused) throw new ValidationError(BAD_CODE, { code: BAD_CODE });
}
