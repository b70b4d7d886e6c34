"use client";

import { useState } from "react";
import type { FieldError } from "react-hook-form";
import { CheckboxField, FormError, SubmitButton, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { SETTING_DEFINITIONS, SETTING_KEYS, settingsInputSchema, type Settings, type SettingsInput } from "@/lib/settings/definitions";
import { updateSettingsAction } from "./actions";

/** Every instance setting, one number field or checkbox each, saved together; each changed one is audited. */
export function SettingsForm({ values }: { values: Settings }) {
  const [saved, setSaved] = useState<string | null>(null);
  const { form, onSubmit, pending, formError } = useActionForm(settingsInputSchema, updateSettingsAction, {
    defaultValues: values as SettingsInput,
    onSuccess: (data) => setSaved(data.changed.length === 0 ? "Nothing changed." : "Saved."),
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Settings">
      <FormError message={formError} />
      {saved ? (
        <p className="notice ok" role="status">
          {saved}
        </p>
      ) : null}
      {SETTING_KEYS.map((key) =>
        typeof SETTING_DEFINITIONS[key].default === "boolean" ? (
          <CheckboxField
            key={key}
            label={SETTING_DEFINITIONS[key].label}
            hint={SETTING_DEFINITIONS[key].help}
            registration={form.register(key)}
          />
        ) : (
          <TextField
            key={key}
            type="number"
            label={SETTING_DEFINITIONS[key].label}
            hint={SETTING_DEFINITIONS[key].help}
            registration={form.register(key)}
            error={form.formState.errors[key] as FieldError | undefined}
          />
        ),
      )}
      <SubmitButton pending={pending} pendingText="Saving…">
        Save settings
      </SubmitButton>
    </form>
  );
}
