import { z } from "zod";
import { COMMON_PASSWORDS, COMMON_PASSWORD_STEMS } from "./common-passwords";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** Returns why a password is too weak, or null. Client-safe: the same rule runs in the browser and server. */
export function passwordWeakness(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  const stem = lower.replace(/^[^a-z]+|[^a-z]+$/g, "");
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORD_STEMS.has(stem) || /^(.)\1+$/.test(password) || /^\d+$/.test(password)) {
    return "This password is too common or too easy to guess. Try a few unrelated words.";
  }
  if (new Set(password).size < 4) return "Use more different characters.";
  return null;
}

export const newPasswordSchema = z.string().superRefine((value, ctx) => {
  const problem = passwordWeakness(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
