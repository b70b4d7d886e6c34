"use client";

import { useRouter } from "next/navigation";
import { TextField } from "@/app/_components/fields";
import { ActionForm } from "@/app/_components/action-form";
import { useActionForm } from "@/app/_components/use-action-form";
import { disableMfaSchema } from "@/lib/mfa/schema";
import { disableMfaAction } from "./actions";

export function DisableMfaForm() {
  const router = useRouter();
  const { form, onSubmit, pending, formError } = useActionForm(disableMfaSchema, disableMfaAction, {
    defaultValues: { password: "", code: "" },
    onSuccess: () => router.refresh(),
  });
  const { errors } = form.formState;
  return (
    <ActionForm
      label="Turn off two-step sign-in"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Turn off two-step sign-in"
      pendingLabel="Turning off…"
    >
      <TextField
        label="Your password"
        type="password"
        autoComplete="current-password"
        registration={form.register("password")}
        error={errors.password}
      />
      <TextField
        label="Code from your app, or a recovery code"
        autoComplete="one-time-code"
        registration={form.register("code")}
        error={errors.code}
      />
    </ActionForm>
  );
}
