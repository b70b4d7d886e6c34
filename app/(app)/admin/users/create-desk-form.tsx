"use client";

import { FormError, SubmitButton, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { createDeskSchema } from "@/lib/users/schema";
import { createDeskAction } from "./actions";

export function CreateDeskForm() {
  const { form, onSubmit, pending, formError } = useActionForm(createDeskSchema, createDeskAction, {
    defaultValues: { name: "" },
    onSuccess: (_data, f) => f.reset(),
  });
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Create a desk">
      <FormError message={formError} />
      <fieldset disabled={pending} className="stack" style={{ border: 0, padding: 0 }}>
        <TextField label="Desk name" hint='For example "Kyiv bureau".' registration={form.register("name")} error={form.formState.errors.name} />
        <div>
          <SubmitButton pending={pending} pendingText="Creating…">
            Create desk
          </SubmitButton>
        </div>
      </fieldset>
    </form>
  );
}
