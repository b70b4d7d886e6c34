"use client";

import { useState } from "react";
import { CheckboxGroup, SelectField, TextField } from "@/app/_components/fields";
import { ActionForm } from "@/app/_components/action-form";
import { useActionForm } from "@/app/_components/use-action-form";
import type { RoleName } from "@/lib/auth/roles";
import { ROLE_LABELS, ROLE_VALUES } from "@/lib/auth/roles";
import { updateUserSchema } from "@/lib/users/schema";
import { updateUserAction } from "./actions";

const roleOptions = ROLE_VALUES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

interface Props {
  user: { id: string; name: string; email: string; role: RoleName; deskIds: string[] };
  desks: { id: string; name: string }[];
}

export function EditUserForm({ user, desks }: Props) {
  const [saved, setSaved] = useState<string | null>(null);
  const { form, onSubmit, pending, formError } = useActionForm(updateUserSchema, updateUserAction, {
    defaultValues: { userId: user.id, name: user.name, email: user.email, role: user.role, deskIds: user.deskIds },
    onSuccess: (data) => setSaved(data.changed ? "Changes saved." : "Nothing to change."),
  });
  const { errors } = form.formState;
  return (
    <ActionForm
      label="Edit user"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Save changes"
      pendingLabel="Saving…"
      success={saved}
      hidden={<input type="hidden" {...form.register("userId")} />}
    >
      <div className="row">
        <TextField label="Name" registration={form.register("name")} error={errors.name} />
        <TextField label="E-mail" type="email" registration={form.register("email")} error={errors.email} />
      </div>
      <SelectField label="Role" options={roleOptions} registration={form.register("role")} error={errors.role} />
      <CheckboxGroup
        legend="Desks"
        options={desks.map((d) => ({ value: d.id, label: d.name }))}
        registration={form.register("deskIds")}
        error={errors.deskIds}
      />
    </ActionForm>
  );
}
