"use server";

import { revalidatePath } from "next/cache";
import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { requireActionContext } from "@/lib/auth/session";
import { disableMfa } from "@/lib/mfa/disable-mfa";
import { enrolMfa } from "@/lib/mfa/enrol-mfa";

/** Confirms enrolment with a current code; returns the recovery codes to show once. Open while enrolment is pending. */
export async function enrolMfaAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  try {
    const ctx = await requireActionContext({ allowPendingMfa: true });
    return ok(enrolMfa({ ctx, input }));
  } catch (err) {
    return toActionResult(err);
  }
}

export async function disableMfaAction(input: unknown): Promise<ActionResult> {
  try {
    const ctx = await requireActionContext();
    await disableMfa({ ctx, input });
    revalidatePath("/", "layout");
    return ok();
  } catch (err) {
    return toActionResult(err);
  }
}
