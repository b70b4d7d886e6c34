"use client";

import { useState } from "react";
import { FormError, SubmitButton, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { SETTING_DEFINITIONS, settingsInputSchema, type Settings, type SettingsInput } from "@/lib/settings/definitions";
import { updateSettingsAction } from "./actions";

export function SettingsForm({ values }: { values: Settings }) {
  const [saved, setSaved] = useState<string | null>(null);
  const { form, onSubmit, pending, formError } = useActionForm(settingsInputSchema, updateSettingsAction, {
    defaultValues: values as SettingsInput,
    onSuccess: (data) => setSaved(data.changed.length === 0 ? "Nothing changed." : "Saved."),
  });
  const def = SETTING_DEFINITIONS.consent_reconfirmation_days;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Settings">
      <FormError message={formError} />
      {saved ? (
        <p className="notice ok" role="status">
          {saved}
        </p>
      ) : null}
      <TextField
        type="number"
        label={def.label}
        hint={def.help}
        registration={form.register("consent_reconfirmation_days")}
        error={form.formState.errors.consent_reconfirmation_days}
      />
      <SubmitButton pending={pending} pendingText="Saving…">
        Save settings
      </SubmitButton>
    </form>
  );
}
