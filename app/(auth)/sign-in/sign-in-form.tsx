"use client";

import { useRouter } from "next/navigation";
import { FormError, SubmitButton, TextField } from "@/app/_components/fields";
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
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Sign in">
      <FormError message={formError} />
      <fieldset disabled={pending} className="stack" style={{ border: 0, padding: 0 }}>
        <TextField label="E-mail" type="email" autoComplete="username" registration={form.register("email")} error={errors.email} />
        <TextField label="Password" type="password" autoComplete="current-password" registration={form.register("password")} error={errors.password} />
        <div>
          <SubmitButton pending={pending} pendingText="Signing in…">
            Sign in
          </SubmitButton>
        </div>
      </fieldset>
    </form>
  );
}
