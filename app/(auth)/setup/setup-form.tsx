"use client";

import { useRouter } from "next/navigation";
import { TextField } from "@/app/_components/fields";
import { ActionForm } from "@/app/_components/action-form";
import { useActionForm } from "@/app/_components/use-action-form";
import { setupSchema } from "@/lib/auth/schema";
import { setupAction } from "./actions";

export function SetupForm() {
  const router = useRouter();
  const { form, onSubmit, pending, formError } = useActionForm(setupSchema, setupAction, {
    defaultValues: { name: "", email: "", password: "", confirmPassword: "", deskName: "" },
    onSuccess: () => router.replace("/sign-in?setup=done"),
  });
  const { errors } = form.formState;
  return (
    <ActionForm
      label="Create the administrator account"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Create administrator account"
      pendingLabel="Creating…"
    >
      <TextField label="Your name" autoComplete="name" registration={form.register("name")} error={errors.name} />
      <TextField label="E-mail" type="email" autoComplete="username" registration={form.register("email")} error={errors.email} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters. A few unrelated words are easy to remember and hard to guess."
        registration={form.register("password")}
        error={errors.password}
      />
      <TextField
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        registration={form.register("confirmPassword")}
        error={errors.confirmPassword}
      />
      <TextField
        label="Your first desk"
        hint='The team you work in, for example "Seoul bureau". Editors see the work of their desks.'
        registration={form.register("deskName")}
        error={errors.deskName}
      />
    </ActionForm>
  );
}
