"use client";

import { useRouter } from "next/navigation";
import { TextField } from "@/app/_components/fields";
import { ActionForm } from "@/app/_components/action-form";
import { useActionForm } from "@/app/_components/use-action-form";
import { signInSchema } from "@/lib/auth/schema";
import { signInAction } from "./actions";

export function SignInForm() {
  const router = useRouter();
  const { form, onSubmit, pending, formError } = useActionForm(signInSchema, signInAction, {
    defaultValues: { email: "", password: "" },
    onSuccess: () => {
      router.replace("/");
      router.refresh();
    },
  });
  const { errors } = form.formState;
  return (
    <ActionForm
      label="Sign in"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Sign in"
      pendingLabel="Signing in…"
    >
      <TextField label="E-mail" type="email" autoComplete="username" registration={form.register("email")} error={errors.email} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        registration={form.register("password")}
        error={errors.password}
      />
    </ActionForm>
  );
}
