import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { mfaRecoveryCodes, userMfa } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { mfaSecretContext, recoveryCodeHash } from "../auth/mfa-store";
import { assertCan } from "../auth/permissions";
import { generateRecoveryCodes, normaliseRecoveryCode } from "../auth/recovery-codes";
import { verifyTotp } from "../auth/totp";
import type { Ctx } from "../context";
import { open, seal } from "../crypto/seal";
import { instanceDataKey } from "@/lib/crypto/data-keys";
import { ConflictError, ValidationError } from "../errors";
import { parseInput } from "../validation";
import { ENROLMENT_TTL_MS, pendingEnrolmentContext } from "./start-mfa-enrolment";
import { enrolMfaSchema } from "./schema";

const EXPIRED = "This set-up page has expired. Reload the page and scan the new code.";
const WRONG_CODE = "That code does not match. Check the time on your phone and enter the code your app shows now.";

function openPending(pending: string, userId: string, now: number): string {
  let parsed: { s?: unknown; t?: unknown };
  try {
    parsed = JSON.parse(open(pending, pendingEnrolmentContext(userId))) as { s?: unknown; t?: unknown };
  } catch {
    throw new ValidationError(EXPIRED, { form: EXPIRED });
  }
  if (typeof parsed.s !== "string" || typeof parsed.t !== "number" || now - parsed.t > ENROLMENT_TTL_MS || parsed.t > now + 60_000) {
    throw new ValidationError(EXPIRED, { form: EXPIRED });
  }
  return parsed.s;
}

/**
 * Turns two-step sign-in on: the user's app proves it holds the secret with a current code (that code's step is
 * stored as used, so it cannot sign in afterwards), and ten recovery codes are issued. The recovery codes are
 * returned once, in clear, to be shown to the user; only their keyed hashes are stored.
 */
export function enrolMfa({ ctx, input }: { ctx: Ctx; input: unknown }): { recoveryCodes: string[] } {
  assertCan(ctx.actor, "account:manage_mfa");
  const actorId = ctx.actor.id;
  const data = parseInput(enrolMfaSchema, input);
  const now = ctx.now();
  const secret = openPending(data.pending, actorId, now);
  const step = verifyTotp(secret, data.code, now, 0);
  if (step === null) throw new ValidationError(WRONG_CODE, { code: WRONG_CODE });
  const recoveryCodes = generateRecoveryCodes();
  withTransaction((tx) => {
    if (tx.select({ userId: userMfa.userId }).from(userMfa).where(eq(userMfa.userId, actorId)).get()) {
      throw new ConflictError("Two-step sign-in is already on for your account.");
    }
    tx.insert(userMfa)
      .values({ userId: actorId, secretSealed: seal(secret, mfaSecretContext(actorId), instanceDataKey(now)), enabledAt: now, lastUsedStep: step })
      .run();
    // Codes left over from an earlier enrolment (turned off since) never come back to life.
    tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, actorId)).run();
    for (const code of recoveryCodes) {
      tx.insert(mfaRecoveryCodes)
        .values({ id: randomUUID(), userId: actorId, codeHash: recoveryCodeHash(actorId, normaliseRecoveryCode(code)!) })
        .run();
    }
    appendAuditEvent(tx, ctx, { action: "mfa.enrolled", targetId: actorId, payload: { recoveryCodes: recoveryCodes.length } });
  });
  return { recoveryCodes };
}
