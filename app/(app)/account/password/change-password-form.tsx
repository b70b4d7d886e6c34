"use client";

import { FormError, SubmitButton, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { changePasswordSchema } from "@/lib/auth/schema";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm() {
  const { form, onSubmit, pending, formError } = useActionForm(changePasswordSchema, changePasswordAction, {
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { errors } = form.formState;
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Change password">
      <FormError message={formError} />
      <fieldset disabled={pending} className="stack" style={{ border: 0, padding: 0 }}>
        <TextField label="Current password" type="password" autoComplete="current-password" registration={form.register("currentPassword")} error={errors.currentPassword} />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters; not a common password."
          registration={form.register("newPassword")}
          error={errors.newPassword}
        />
        <TextField label="Repeat the new password" type="password" autoComplete="new-password" registration={form.register("confirmPassword")} error={errors.confirmPassword} />
        <div>
          <SubmitButton pending={pending} pendingText="Changing…">
            Change password
          </SubmitButton>
        </div>
      </fieldset>
    </form>
  );
}
