import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { mfaRecoveryCodes } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { confirmPassword } from "../auth/confirm-password";
import { recoveryCodeHash } from "../auth/mfa-store";
import { assertCan } from "../auth/permissions";
import { generateRecoveryCodes, normaliseRecoveryCode } from "../auth/recovery-codes";
import type { Ctx } from "../context";
import { ValidationError } from "../errors";
import { parseInput } from "../validation";
import { BAD_CODE, checkSecondFactor } from "./disable-mfa";
import { confirmFactorSchema } from "./schema";

/**
 * Ten new recovery codes for the signed-in user (lost or used up the old ones), with the password and a current
 * code (or one of the old recovery codes) again: a stolen session alone cannot mint codes that outlive it. Every
 * old code stops working in the same transaction. The new codes are returned once, in clear; only keyed hashes are
 * stored. Wrong passwords and codes count towards the sign-in lock and are audited.
 */
export async function replaceRecoveryCodes({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ recoveryCodes: string[] }> {
  assertCan(ctx.actor, "account:manage_mfa");
  const actorId = ctx.actor.id;
  const data = parseInput(confirmFactorSchema, input);
  await confirmPassword(ctx, data.password, "mfa_codes");
  const recoveryCodes = generateRecoveryCodes();
  const replaced = withTransaction((tx) => {
    const factor = checkSecondFactor(tx, ctx, actorId, data.code, "mfa_codes");
    if (!factor) return false;
    tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, actorId)).run();
    for (const code of recoveryCodes) {
      tx.insert(mfaRecoveryCodes)
        .values({ id: randomUUID(), userId: actorId, codeHash: recoveryCodeHash(actorId, normaliseRecoveryCode(code)!) })
        .run();
    }
    appendAuditEvent(tx, ctx, {
      action: "mfa.recovery_codes_replaced",
      targetId: actorId,
      payload: { recoveryCodes: recoveryCodes.length, method: factor.method },
    });
    return true;
  });
  if (!replaced) throw new ValidationError(BAD_CODE, { code: BAD_CODE });
  return { recoveryCodes };
}
