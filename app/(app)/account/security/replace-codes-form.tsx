"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { TextField } from "@/app/_components/fields";
import { ActionForm } from "@/app/_components/action-form";
import { useActionForm } from "@/app/_components/use-action-form";
import { confirmFactorSchema } from "@/lib/mfa/schema";
import { replaceRecoveryCodesAction } from "./actions";
import { RecoveryCodesList } from "./recovery-codes-list";

/** New recovery codes with the password and a code again; the old ones stop working. Shown once. */
export function ReplaceCodesForm() {
  const router = useRouter();
  const [codes, setCodes] = useState<string[] | null>(null);
  const { form, onSubmit, pending, formError } = useActionForm(confirmFactorSchema, replaceRecoveryCodesAction, {
    defaultValues: { password: "", code: "" },
    onSuccess: (data) => setCodes(data.recoveryCodes),
  });
  if (codes) {
    return (
      <div className="stack">
        <div className="notice ok" role="status">
          New recovery codes issued. Your old codes no longer work.
        </div>
        <RecoveryCodesList codes={codes} />
        <div>
          <button
            type="button"
            onClick={() => {
              setCodes(null);
              form.reset();
              router.refresh();
            }}
          >
            I have saved my recovery codes
          </button>
        </div>
      </div>
    );
  }
  const { errors } = form.formState;
  return (
    <ActionForm
      label="Get new recovery codes"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Get new recovery codes"
      pendingLabel="Issuing…"
    >
      <TextField label="Your password" type="password" autoComplete="current-password" registration={form.register("password")} error={errors.password} />
      <TextField
        label="Code from your app, or a recovery code"
        autoComplete="one-time-code"
        registration={form.register("code")}
        error={errors.code}
      />
    </ActionForm>
  );
}
