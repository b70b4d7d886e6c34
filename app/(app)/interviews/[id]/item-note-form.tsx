"use client";

import { z } from "zod";
import { ActionForm } from "@/app/_components/action-form";
import { TextAreaField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import type { ActionResult } from "@/lib/action-result";

interface Props {
  label: string;
  fieldLabel: string;
  hint: string;
  required: boolean;
  submitLabel: string;
  onDone: () => void;
  submit: (text: string) => Promise<ActionResult<unknown>>;
}

/** The short note that goes with "done" (evidence) or "not applicable" (reason). */
export function ItemNoteForm({ label, fieldLabel, hint, required, submitLabel, onDone, submit }: Props) {
  const schema = z.object({
    text: required
      ? z.string().trim().min(10, "Write at least a short sentence.").max(2000, "Use at most 2,000 characters.")
      : z.string().trim().max(2000, "Use at most 2,000 characters."),
  });
  const { form, onSubmit, pending, formError } = useActionForm(schema, ({ text }) => submit(text), {
    defaultValues: { text: "" },
    onSuccess: onDone,
  });
  return (
    <ActionForm label={label} onSubmit={onSubmit} pending={pending} formError={formError} submitLabel={submitLabel} pendingLabel="Saving…">
      <TextAreaField label={fieldLabel} hint={hint} rows={3} registration={form.register("text")} error={form.formState.errors.text} />
    </ActionForm>
  );
}
