import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mfaRecoveryCodes, userMfa } from "@/db/schema";
import { open } from "../crypto/seal";
import { readSetting } from "../settings/read";
import { keyedHash } from "./keyed-hash";
import { normaliseRecoveryCode } from "./recovery-codes";
import type { RoleName } from "./roles";
import { verifyTotp } from "./totp";

/** Shared database helpers for the second factor. Writes here run inside the caller's transaction. */

/** Associated data binding a sealed TOTP secret to its user: a secret copied to another user's row fails to open. */
export const mfaSecretContext = (userId: string) => `user_mfa:${userId}`;

export function recoveryCodeHash(userId: string, normalisedCode: string): string {
  return keyedHash("mfa_recovery", `${userId}:${normalisedCode}`);
}

export function hasMfa(db: Db, userId: string): boolean {
  return !!db.select({ userId: userMfa.userId }).from(userMfa).where(eq(userMfa.userId, userId)).get();
}

/** Editors and administrators must enrol while the instance setting says so; journalists may. */
export function mfaRequiredForRole(db: Db, role: RoleName): boolean {
  return role !== "journalist" && readSetting("mfa_required_for_editors", db);
}

export function unusedRecoveryCodes(db: Db, userId: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(mfaRecoveryCodes)
      .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)))
      .get()?.n ?? 0
  );
}

export type SecondFactorResult = { method: "totp" } | { method: "recovery"; remaining: number } | null;

/**
 * Checks a TOTP code or a recovery code and, when it is accepted, consumes it in the same transaction: the TOTP
 * step becomes the last used one (that code and any earlier one are refused from now on), the recovery code is
 * marked used. Null when the user has no second factor or the code is wrong, already used or replayed.
 */
export function consumeSecondFactor(tx: Db, userId: string, code: string, now: number): SecondFactorResult {
  const mfa = tx.select().from(userMfa).where(eq(userMfa.userId, userId)).get();
  if (!mfa) return null;
  const step = verifyTotp(open(mfa.secretSealed, mfaSecretContext(userId)), code, now, mfa.lastUsedStep);
  if (step !== null) {
    const updated = tx
      .update(userMfa)
      .set({ lastUsedStep: step })
      .where(and(eq(userMfa.userId, userId), sql`${userMfa.lastUsedStep} < ${step}`))
      .run();
    return updated.changes === 1 ? { method: "totp" } : null;
  }
  const recovery = normaliseRecoveryCode(code);
  if (!recovery) return null;
  const used = tx
    .update(mfaRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(mfaRecoveryCodes.userId, userId),
        eq(mfaRecoveryCodes.codeHash, recoveryCodeHash(userId, recovery)),
        isNull(mfaRecoveryCodes.usedAt),
      ),
    )
    .run();
  return used.changes === 1 ? { method: "recovery", remaining: unusedRecoveryCodes(tx, userId) } : null;
}
