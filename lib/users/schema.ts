import { z } from "zod";
import { deskNameSchema, emailSchema, personNameSchema, roleSchema } from "../auth/schema";
import { newPasswordSchema } from "../auth/password-policy";

const idSchema = z.string().trim().min(1, "Missing id.").max(64);
const deskIdsSchema = z.array(idSchema).max(50, "Too many desks.");

export const createUserSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  role: roleSchema,
  deskIds: deskIdsSchema,
  password: newPasswordSchema,
  /** Admin-created accounts change their password at first sign-in unless the admin says otherwise (CLI). */
  mustChangePassword: z.boolean(),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z.object({
  userId: idSchema,
  name: personNameSchema,
  email: emailSchema,
  role: roleSchema,
  deskIds: deskIdsSchema,
});
export type UpdateUserInput = z.input<typeof updateUserSchema>;

export const userIdSchema = z.object({ userId: idSchema });
export type UserIdInput = z.input<typeof userIdSchema>;

export const resetPasswordSchema = z
  .object({ userId: idSchema, password: newPasswordSchema, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;

export const createDeskSchema = z.object({ name: deskNameSchema });
export type CreateDeskInput = z.input<typeof createDeskSchema>;
