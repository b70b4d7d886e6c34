import { z } from "zod";
import { mfaCodeSchema } from "../auth/schema";
import { PASSWORD_MAX } from "../auth/password-policy";

/** Client-safe schemas for the two-step sign-in forms. */

export const enrolMfaSchema = z.object({
  /** The sealed secret the enrolment page issued (opaque to the browser). */
  pending: z.string().min(1, "Reload the page to start again.").max(1000),
  code: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code your authenticator app shows.")),
});
export type EnrolMfaInput = z.input<typeof enrolMfaSchema>;

export const disableMfaSchema = z.object({
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX),
  code: mfaCodeSchema,
});
export type DisableMfaInput = z.input<typeof disableMfaSchema>;

/** The password and a second factor again, for new recovery codes (the same fields as turning it off). */
export const confirmFactorSchema = disableMfaSchema;
export type ConfirmFactorInput = DisableMfaInput;
