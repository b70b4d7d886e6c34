"use server";

import { AuthError } from "next-auth";
import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { SIGN_IN_FAILED_MESSAGE } from "@/lib/auth/authenticate";
import { signIn } from "@/lib/auth/next-auth";
import { signInSchema } from "@/lib/auth/schema";
import { parseInput } from "@/lib/validation";

/** Signs in. Every failure gets the same message, whether the e-mail is unknown, the password wrong or locked. */
export async function signInAction(input: unknown): Promise<ActionResult> {
  try {
    const data = parseInput(signInSchema, input);
    await signIn("credentials", { email: data.email, password: data.password, redirect: false });
    return ok();
  } catch (err) {
    if (err instanceof AuthError) return { ok: false, code: "sign_in_failed", message: SIGN_IN_FAILED_MESSAGE };
    return toActionResult(err);
  }
}
