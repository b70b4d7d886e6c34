import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { userMfa } from "@/db/schema";
import { mfaRequiredForRole, unusedRecoveryCodes } from "../auth/mfa-store";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";

export interface MfaStatus {
  enabled: boolean;
  enabledAt: number | null;
  recoveryCodesLeft: number;
  /** The role must use two-step sign-in (instance setting). */
  required: boolean;
}

/** The signed-in user's own two-step sign-in state, for the account security page. */
export function getMfaStatus({ ctx }: { ctx: Ctx }): MfaStatus {
  assertCan(ctx.actor, "account:manage_mfa");
  const db = getDb();
  const row = db.select({ enabledAt: userMfa.enabledAt }).from(userMfa).where(eq(userMfa.userId, ctx.actor.id)).get();
  return {
    enabled: !!row,
    enabledAt: row?.enabledAt ?? null,
    recoveryCodesLeft: row ? unusedRecoveryCodes(db, ctx.actor.id) : 0,
    required: mfaRequiredForRole(db, ctx.actor.role),
  };
}
