"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { TextField } from "@/app/_components/fields";
import { ActionForm } from "@/app/_components/action-form";
import { useActionForm } from "@/app/_components/use-action-form";
import { enrolMfaSchema } from "@/lib/mfa/schema";
import { enrolMfaAction } from "./actions";
import { RecoveryCodesList } from "./recovery-codes-list";

interface Props {
  pending: string;
  qrDataUrl: string;
  secretGroups: string;
}

/** Scan (or type) the secret, confirm with the first code, then keep the recovery codes shown once. */
export function EnrolMfaForm({ pending, qrDataUrl, secretGroups }: Props) {
  const router = useRouter();
  const [codes, setCodes] = useState<string[] | null>(null);
  const {
    form,
    onSubmit,
    pending: busy,
    formError,
  } = useActionForm(enrolMfaSchema, enrolMfaAction, {
    defaultValues: { pending, code: "" },
    onSuccess: (data) => setCodes(data.recoveryCodes),
  });
  if (codes) {
    return (
      <div className="stack">
        <div className="notice ok" role="status">
          Two-step sign-in is on. From now on you sign in with your password and a code from your app.
        </div>
        <RecoveryCodesList codes={codes} />
        <div>
          <button
            type="button"
            onClick={() => {
              router.replace("/");
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
    <div className="stack">
      <ol className="stack">
        <li>
          Open an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or 1Password) and scan this code.
          {/* eslint-disable-next-line @next/next/no-img-element -- a server-rendered data: URL, nothing to optimise */}
          <img
            src={qrDataUrl}
            alt="QR code to add Sourcekeeper to your authenticator app"
            width={200}
            height={200}
            style={{ display: "block" }}
          />
        </li>
        <li>
          Cannot scan? Enter this key by hand (time-based, 6 digits):{" "}
          <code data-testid="mfa-secret" style={{ wordBreak: "break-all" }}>
            {secretGroups}
          </code>
        </li>
        <li>Enter the 6-digit code the app now shows.</li>
      </ol>
      <ActionForm
        label="Turn on two-step sign-in"
        onSubmit={onSubmit}
        pending={busy}
        formError={formError}
        submitLabel="Turn on two-step sign-in"
        pendingLabel="Checking…"
        hidden={<input type="hidden" {...form.register("pending")} />}
      >
        <TextField label="Code from your app" autoComplete="one-time-code" registration={form.register("code")} error={errors.code} />
      </ActionForm>
    </div>
  );
}
