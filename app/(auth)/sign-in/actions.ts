"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { MFA_REQUIRED, SIGN_IN_CODE_FAILED_MESSAGE, SIGN_IN_FAILED_MESSAGE } from "@/lib/auth/authenticate";
import { signIn } from "@/lib/auth/next-auth";
import { signInSchema } from "@/lib/auth/schema";
import { parseInput } from "@/lib/validation";

/**
 * Signs in. Every failure gets the same message, whether the e-mail is unknown, the password wrong or locked.
 * When the password is right and the account has a second factor, the result asks for the code: the form keeps
 * the e-mail and password in its own state and sends them again with the code (never in the URL).
 */
export async function signInAction(input: unknown): Promise<ActionResult<{ mfaRequired: boolean }>> {
  let withCode = false;
  try {
    const data = parseInput(signInSchema, input);
    withCode = !!data.code;
    await signIn("credentials", { email: data.email, password: data.password, code: data.code ?? "", redirect: false });
    return ok({ mfaRequired: false });
  } catch (err) {
    if (err instanceof CredentialsSignin && err.code === MFA_REQUIRED) return ok({ mfaRequired: true });
    if (err instanceof AuthError) {
      return { ok: false, code: "sign_in_failed", message: withCode ? SIGN_IN_CODE_FAILED_MESSAGE : SIGN_IN_FAILED_MESSAGE };
    }
    return toActionResult(err);
  }
}
