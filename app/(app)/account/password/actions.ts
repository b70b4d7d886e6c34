"use server";

import { toActionResult, type ActionResult } from "@/lib/action-result";
import { signOut } from "@/lib/auth/next-auth";
import { requireActionContext } from "@/lib/auth/session";
import { changePassword } from "@/lib/users/change-password";

/** Changes the password, then ends the session: the user signs in again with the new password. */
export async function changePasswordAction(input: unknown): Promise<ActionResult> {
  try {
    const ctx = await requireActionContext({ allowPendingPasswordChange: true });
    await changePassword({ ctx, input });
  } catch (err) {
    return toActionResult(err);
  }
  await signOut({ redirectTo: "/sign-in?password=changed" });
  return { ok: true, data: undefined };
}
