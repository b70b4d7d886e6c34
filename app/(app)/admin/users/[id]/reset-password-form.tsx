"use client";

import { useState } from "react";
import { FormError, SubmitButton, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { resetPasswordSchema } from "@/lib/users/schema";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ userId }: { userId: string }) {
  const [done, setDone] = useState(false);
  const { form, onSubmit, pending, formError } = useActionForm(resetPasswordSchema, resetPasswordAction, {
    defaultValues: { userId, password: "", confirmPassword: "" },
    onSuccess: (_d, f) => {
      setDone(true);
      f.reset({ userId, password: "", confirmPassword: "" });
    },
  });
  const { errors } = form.formState;
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Reset password">
      {done ? (
        <div className="notice ok" role="status">
          Password reset. Their open sessions have ended; they must choose a new password at next sign-in.
        </div>
      ) : null}
      <FormError message={formError} />
      <input type="hidden" {...form.register("userId")} />
      <fieldset disabled={pending} className="stack" style={{ border: 0, padding: 0 }}>
        <div className="row">
          <TextField label="Temporary password" type="password" autoComplete="new-password" registration={form.register("password")} error={errors.password} />
          <TextField label="Repeat it" type="password" autoComplete="new-password" registration={form.register("confirmPassword")} error={errors.confirmPassword} />
        </div>
        <div>
          <SubmitButton pending={pending} pendingText="Resetting…">
            Reset password
          </SubmitButton>
        </div>
      </fieldset>
    </form>
  );
}
