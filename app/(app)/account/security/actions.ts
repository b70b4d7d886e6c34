"use server";

import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { signOut } from "@/lib/auth/next-auth";
import { requireActionContext } from "@/lib/auth/session";
import { disableMfa } from "@/lib/mfa/disable-mfa";
import { enrolMfa } from "@/lib/mfa/enrol-mfa";
import { replaceRecoveryCodes } from "@/lib/mfa/replace-recovery-codes";

/** Confirms enrolment with a current code; returns the recovery codes to show once. Open while enrolment is pending. */
export async function enrolMfaAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  try {
    const ctx = await requireActionContext({ allowPendingMfa: true });
    return ok(enrolMfa({ ctx, input }));
  } catch (err) {
    return toActionResult(err);
  }
}

/** Turns two-step sign-in off, which ends every session of the account: the user signs in again. */
export async function disableMfaAction(input: unknown): Promise<ActionResult> {
  try {
    const ctx = await requireActionContext();
    await disableMfa({ ctx, input });
  } catch (err) {
    return toActionResult(err);
  }
  await signOut({ redirectTo: "/sign-in?mfa=off" });
  return ok();
}

/** Ten new recovery codes (the old ones stop working); returned once, to be shown to the user. */
export async function replaceRecoveryCodesAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  try {
    const ctx = await requireActionContext();
    return ok(await replaceRecoveryCodes({ ctx, input }));
  } catch (err) {
    return toActionResult(err);
  }
}
