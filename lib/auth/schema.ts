import { z } from "zod";
import { newPasswordSchema, PASSWORD_MAX } from "./password-policy";
import { ROLE_VALUES } from "./roles";

/** Client-safe schemas for sign-in, first-run setup and account forms (used by react-hook-form and services). */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter an e-mail address.")
  .max(254, "This e-mail address is too long.")
  .pipe(z.email("Enter a valid e-mail address, like name@example.org."));

export const personNameSchema = z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters.");

export const deskNameSchema = z.string().trim().min(2, "Enter a desk name of at least 2 characters.").max(80, "Use at most 80 characters.");

/** An authenticator code ("123 456") or a recovery code ("abcde-fghjk"); checked by the server. */
export const mfaCodeSchema = z
  .string()
  .trim()
  .min(1, "Enter the 6-digit code from your authenticator app, or a recovery code.")
  .max(32, "That code is too long.");

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX, "Password is too long."),
  /** The second step: a 6-digit authenticator code or a recovery code; absent on the first step. */
  code: mfaCodeSchema.optional(),
});
export type SignInInput = z.input<typeof signInSchema>;

export const setupSchema = z
  .object({
    name: personNameSchema,
    email: emailSchema,
    password: newPasswordSchema,
    confirmPassword: z.string(),
    deskName: deskNameSchema,
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });
export type SetupInput = z.input<typeof setupSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const roleSchema = z.enum(ROLE_VALUES, { message: "Choose journalist, editor or admin." });
