"use client";

import { useState } from "react";
import { TextField } from "@/app/_components/fields";
import { ActionForm } from "@/app/_components/action-form";
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
    <ActionForm
      label="Reset password"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Reset password"
      pendingLabel="Resetting…"
      success={done ? `Password reset. Their open sessions have ended; they must choose a new password at next sign-in.` : null}
      hidden={<input type="hidden" {...form.register("userId")} />}
    >
      <div className="row">
        <TextField
          label="Temporary password"
          type="password"
          autoComplete="new-password"
          registration={form.register("password")}
          error={errors.password}
        />
        <TextField
          label="Repeat it"
          type="password"
          autoComplete="new-password"
          registration={form.register("confirmPassword")}
          error={errors.confirmPassword}
        />
      </div>
    </ActionForm>
  );
}
