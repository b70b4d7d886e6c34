"use server";

import { revalidatePath } from "next/cache";
import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { requireActionContext } from "@/lib/auth/session";
import { resetUserMfa } from "@/lib/mfa/reset-user-mfa";
import { resetPassword } from "@/lib/users/reset-password";
import { setUserActive } from "@/lib/users/set-user-active";
import { updateUser } from "@/lib/users/update-user";

export async function updateUserAction(input: unknown): Promise<ActionResult<{ changed: boolean }>> {
  try {
    const ctx = await requireActionContext();
    const result = updateUser({ ctx, input });
    revalidatePath("/admin/users", "layout");
    return ok(result);
  } catch (err) {
    return toActionResult(err);
  }
}

export async function setUserActiveAction(input: { userId: string; active: boolean }): Promise<ActionResult<{ changed: boolean }>> {
  try {
    const ctx = await requireActionContext();
    const result = setUserActive({ ctx, input: { userId: input?.userId }, active: input?.active === true });
    revalidatePath("/admin/users", "layout");
    return ok(result);
  } catch (err) {
    return toActionResult(err);
  }
}

export async function resetPasswordAction(input: unknown): Promise<ActionResult> {
  try {
    const ctx = await requireActionContext();
    await resetPassword({ ctx, input });
    revalidatePath("/admin/users", "layout");
    return ok();
  } catch (err) {
    return toActionResult(err);
  }
}

/** Removes the user's second factor and ends their sessions (audited as user.mfa_reset). */
export async function resetUserMfaAction(input: unknown): Promise<ActionResult<{ changed: boolean }>> {
  try {
    const ctx = await requireActionContext();
    const result = resetUserMfa({ ctx, input });
    revalidatePath("/admin/users", "layout");
    return ok(result);
  } catch (err) {
    return toActionResult(err);
  }
}
