"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import type { ActionResult } from "@/lib/action-result";

interface Options<TIn extends FieldValues, TData> {
  defaultValues: DefaultValues<TIn>;
  onSuccess?: (data: TData, form: UseFormReturn<TIn, unknown, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * react-hook-form wired to a server action: the same zod schema validates in the browser; the server's field
 * errors land on their fields, anything else becomes a form-level message. The form is disabled while pending.
 */
export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>, TData>(
  schema: S,
  action: (input: z.input<S>) => Promise<ActionResult<TData>>,
  { defaultValues, onSuccess }: Options<z.input<S>, TData>,
) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    // The resolver's generics cannot follow a generic schema; the three type parameters above fix the types.
    resolver: zodResolver(schema as never) as never,
    defaultValues,
    // Checked on submit, then again as the user corrects a field. Not on blur: a message appearing when the user
    // leaves a field moves the button below it, and the click that caused the blur lands beside it and is lost.
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const result = await action(values as z.input<S>);
      if (result.ok) {
        onSuccess?.(result.data, form);
        return;
      }
      const known = new Set(Object.keys(defaultValues as object));
      let placed = false;
      for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
        const root = field.split(".")[0] ?? field;
        if (known.has(root)) {
          // Nested fields (a list editor's "languages.1.texts.risks") get the message where it belongs; a message
          // about one element of a checkbox group ("presence.0") goes to the group.
          const target = /\.\d+$/.test(field) ? field.replace(/\.\d+$/, "") : field;
          form.setError(target as Path<z.input<S>>, { type: "server", message }, { shouldFocus: !placed });
          placed = true;
        }
      }
      setFormError(result.message);
    });
  });

  return { form, onSubmit, pending, formError };
}
