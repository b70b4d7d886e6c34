"use client";

import { useState } from "react";
import { CheckboxGroup, SelectField, TextField } from "@/app/_components/fields";
import { ActionForm } from "@/app/_components/action-form";
import { useActionForm } from "@/app/_components/use-action-form";
import { ROLE_LABELS, ROLE_VALUES } from "@/lib/auth/roles";
import { createUserSchema } from "@/lib/users/schema";
import { createUserAction } from "./actions";

const formSchema = createUserSchema.omit({ mustChangePassword: true });
const roleOptions = ROLE_VALUES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export function CreateUserForm({ desks }: { desks: { id: string; name: string }[] }) {
  const [created, setCreated] = useState<string | null>(null);
  const { form, onSubmit, pending, formError } = useActionForm(formSchema, createUserAction, {
    defaultValues: { name: "", email: "", role: "journalist", deskIds: [], password: "" },
    onSuccess: (_data, f) => {
      setCreated(f.getValues("email"));
      f.reset();
    },
  });
  const { errors } = form.formState;
  return (
    <ActionForm
      label="Create a user"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Create user"
      pendingLabel="Creating…"
      success={
        created
          ? `Account created for ${created}. Give them the temporary password through a safe channel; they must change it when they first sign in.`
          : null
      }
    >
      <div className="row">
        <TextField label="Name" autoComplete="off" registration={form.register("name")} error={errors.name} />
        <TextField label="E-mail" type="email" autoComplete="off" registration={form.register("email")} error={errors.email} />
      </div>
      <div className="row">
        <SelectField label="Role" options={roleOptions} registration={form.register("role")} error={errors.role} />
        <TextField
          label="Temporary password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters. The user must change it at first sign-in."
          registration={form.register("password")}
          error={errors.password}
        />
      </div>
      {desks.length ? (
        <CheckboxGroup
          legend="Desks"
          options={desks.map((d) => ({ value: d.id, label: d.name }))}
          registration={form.register("deskIds")}
          error={errors.deskIds}
        />
      ) : (
        <p className="muted">No desks yet: create one above first to place this user in a desk.</p>
      )}
    </ActionForm>
  );
}
