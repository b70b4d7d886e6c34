"use client";

import { TextField } from "@/app/_components/fields";
import { ActionForm } from "@/app/_components/action-form";
import { useActionForm } from "@/app/_components/use-action-form";
import { changePasswordSchema } from "@/lib/auth/schema";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm() {
  const { form, onSubmit, pending, formError } = useActionForm(changePasswordSchema, changePasswordAction, {
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { errors } = form.formState;
  return (
    <ActionForm
      label="Change password"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Change password"
      pendingLabel="Changing…"
    >
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        registration={form.register("currentPassword")}
        error={errors.currentPassword}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters; not a common password."
        registration={form.register("newPassword")}
        error={errors.newPassword}
      />
      <TextField
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        registration={form.register("confirmPassword")}
        error={errors.confirmPassword}
      />
    </ActionForm>
  );
}
