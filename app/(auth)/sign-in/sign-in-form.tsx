"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { TextField } from "@/app/_components/fields";
import { ActionForm } from "@/app/_components/action-form";
import { useActionForm } from "@/app/_components/use-action-form";
import { signInSchema } from "@/lib/auth/schema";
import { signInAction } from "./actions";

/**
 * Two steps in one form: e-mail and password, then — for an account with two-step sign-in — the code. The e-mail
 * and password stay in the form's state (hidden in the second step) and are sent again with the code.
 */
export function SignInForm() {
  const router = useRouter();
  const [codeStep, setCodeStep] = useState(false);
  const { form, onSubmit, pending, formError } = useActionForm(signInSchema, signInAction, {
    defaultValues: { email: "", password: "" },
    onSuccess: (data) => {
      if (data.mfaRequired) {
        setCodeStep(true);
        return;
      }
      router.replace("/");
      router.refresh();
    },
  });
  const { errors } = form.formState;
  // Keyboard and screen-reader users land in the code field when it appears (and after a refused code), once the
  // form is enabled again (a disabled field cannot take the focus).
  useEffect(() => {
    if (codeStep && !pending) form.setFocus("code", { shouldSelect: true });
  }, [codeStep, pending, form]);
  return (
    <ActionForm
      label="Sign in"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel={codeStep ? "Verify code" : "Sign in"}
      pendingLabel={codeStep ? "Checking…" : "Signing in…"}
    >
      <div hidden={codeStep}>
        <TextField label="E-mail" type="email" autoComplete="username" registration={form.register("email")} error={errors.email} />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          registration={form.register("password")}
          error={errors.password}
        />
      </div>
      {codeStep ? (
        <>
          <p className="muted small" role="status">
            Enter the 6-digit code from your authenticator app. Lost your phone? Enter one of your recovery codes instead.
          </p>
          <TextField
            label="Authentication code"
            autoComplete="one-time-code"
            hint="6 digits, or a recovery code like abcde-fghjk."
            registration={form.register("code")}
            error={errors.code}
          />
        </>
      ) : null}
    </ActionForm>
  );
}
