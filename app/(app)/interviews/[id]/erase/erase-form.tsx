"use client";

import { useRouter } from "next/navigation";
import { CheckboxField, FormError, SelectField, SubmitButton, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { ERASURE_REASON_LABELS, ERASURE_REASONS, eraseSourceDataSchema, type EraseSourceDataInput } from "@/lib/interviews/schema";
import { eraseSourceDataAction } from "../actions";

/** The erasure itself: a reason, the code name typed out, an explicit acknowledgement and the editor's password. */
export function EraseForm({ interviewId, codeName }: { interviewId: string; codeName: string }) {
  const router = useRouter();
  const defaults: EraseSourceDataInput = { interviewId, reason: "source_request", confirmCodeName: "", understood: false, password: "" };
  const { form, onSubmit, pending, formError } = useActionForm(eraseSourceDataSchema, eraseSourceDataAction, {
    defaultValues: defaults,
    onSuccess: () => router.push(`/interviews/${interviewId}?erased=1`),
  });
  const { register, formState } = form;
  const errors = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Erase source data" data-testid="erase-form" className="card stack">
      <FormError message={formError} />
      <fieldset disabled={pending} className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
        <SelectField
          label="Why is the source data being erased?"
          registration={register("reason")}
          error={errors.reason}
          options={ERASURE_REASONS.map((r) => ({ value: r, label: ERASURE_REASON_LABELS[r] }))}
        />
        <TextField
          label={`Type the interview's code name (${codeName}) to confirm`}
          registration={register("confirmCodeName")}
          error={errors.confirmCodeName}
          autoComplete="off"
        />
        <CheckboxField
          label="I understand that this cannot be undone, not even from a backup once the master key has been rotated."
          registration={register("understood")}
          error={errors.understood}
        />
        <TextField label="Your password, to confirm" type="password" autoComplete="current-password" registration={register("password")} error={errors.password} />
        <div>
          <SubmitButton pending={pending} pendingText="Erasing…">
            Erase the source data for good
          </SubmitButton>
        </div>
      </fieldset>
    </form>
  );
}
