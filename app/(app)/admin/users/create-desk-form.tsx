"use client";

import { TextField } from "@/app/_components/fields";
import { ActionForm } from "@/app/_components/action-form";
import { useActionForm } from "@/app/_components/use-action-form";
import { createDeskSchema } from "@/lib/users/schema";
import { createDeskAction } from "./actions";

export function CreateDeskForm() {
  const { form, onSubmit, pending, formError } = useActionForm(createDeskSchema, createDeskAction, {
    defaultValues: { name: "" },
    onSuccess: (_data, f) => f.reset(),
  });
  return (
    <ActionForm
      label="Create a desk"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Create desk"
      pendingLabel="Creating…"
    >
      <TextField
        label="Desk name"
        hint='For example "Kyiv bureau".'
        registration={form.register("name")}
        error={form.formState.errors.name}
      />
    </ActionForm>
  );
}
