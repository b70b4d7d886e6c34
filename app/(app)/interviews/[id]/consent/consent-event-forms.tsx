"use client";

import { useState } from "react";
import { ActionForm } from "@/app/_components/action-form";
import { localInputToIso, nowLocalInput } from "@/app/_components/datetime";
import { SelectField, TextAreaField, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { CHANNEL_LABELS, CHANNELS } from "@/lib/consent/constants";
import { reconfirmSchema, withdrawSchema, type ReconfirmInput, type WithdrawInput } from "@/lib/consent/schema";
import { reconfirmConsentAction, withdrawConsentAction } from "./actions";

const channelOptions = CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }));

/** One clear action: the form opens in place, and saving takes effect at once. */
export function WithdrawConsent({ interviewId, recordId }: { interviewId: string; recordId: string }) {
  const [open, setOpen] = useState(false);
  const { form, onSubmit, pending, formError } = useActionForm(
    withdrawSchema,
    (values: WithdrawInput) => withdrawConsentAction({ ...values, occurredAt: localInputToIso(values.occurredAt) }),
    { defaultValues: { interviewId, recordId, occurredAt: nowLocalInput(), channel: "in_person", receivedBy: "", sourceWords: "" }, onSuccess: () => setOpen(false) },
  );
  if (!open) {
    return (
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Record withdrawal of consent
      </button>
    );
  }
  const { errors } = form.formState;
  return (
    <div className="card" style={{ borderColor: "var(--danger)" }}>
      <p>
        <strong>Withdrawal takes effect at once and cannot be undone.</strong> Every later step will see it; working with the source again needs a
        new consent record.
      </p>
      <ActionForm label="Record withdrawal" onSubmit={onSubmit} pending={pending} formError={formError} submitLabel="Record withdrawal" pendingLabel="Recording…">
        <div className="row">
          <TextField label="When the source withdrew" type="datetime-local" registration={form.register("occurredAt")} error={errors.occurredAt} />
          <SelectField label="How it reached you" options={channelOptions} registration={form.register("channel")} error={errors.channel} />
          <TextField label="Who received it" registration={form.register("receivedBy")} error={errors.receivedBy} />
        </div>
        <TextAreaField label="The source's words, if any" hint="Stored encrypted." rows={2} registration={form.register("sourceWords")} error={errors.sourceWords} />
      </ActionForm>
      <button type="button" className="link" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </div>
  );
}

export function ReconfirmConsent({ interviewId, recordId }: { interviewId: string; recordId: string }) {
  const [done, setDone] = useState(false);
  const { form, onSubmit, pending, formError } = useActionForm(
    reconfirmSchema,
    (values: ReconfirmInput) => reconfirmConsentAction({ ...values, occurredAt: localInputToIso(values.occurredAt) }),
    {
      defaultValues: { interviewId, recordId, occurredAt: nowLocalInput(), channel: "in_person", reexplained: "", contentShownSha256: "" },
      onSuccess: (_d, f) => {
        setDone(true);
        f.reset({ interviewId, recordId, occurredAt: nowLocalInput(), channel: "in_person", reexplained: "", contentShownSha256: "" });
      },
    },
  );
  const { errors } = form.formState;
  return (
    <ActionForm
      label="Record reconfirmation"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Record reconfirmation"
      pendingLabel="Recording…"
      success={done ? "Reconfirmation recorded." : null}
    >
      <div className="row">
        <TextField label="When" type="datetime-local" registration={form.register("occurredAt")} error={errors.occurredAt} />
        <SelectField label="Channel" options={channelOptions} registration={form.register("channel")} error={errors.channel} />
      </div>
      <TextAreaField
        label="What was re-explained or shown"
        hint="For example: the final text was read to the source in Korean; no changes asked."
        rows={2}
        registration={form.register("reexplained")}
        error={errors.reexplained}
      />
      <TextField label="SHA-256 of the content shown (optional)" registration={form.register("contentShownSha256")} error={errors.contentShownSha256} />
    </ActionForm>
  );
}
