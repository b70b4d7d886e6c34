"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useFieldArray } from "react-hook-form";
import { CheckboxField, FormError, SelectField, SubmitButton, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import {
  MAX_VAULT_ENTRIES,
  VAULT_CATEGORIES,
  VAULT_CATEGORY_LABELS,
  vaultInputSchema,
  type VaultEntryInput,
  type VaultInput,
} from "@/lib/review/schema";
import { saveVaultAction } from "../review/actions";

const CATEGORY_OPTIONS = VAULT_CATEGORIES.map((c) => ({ value: c, label: VAULT_CATEGORY_LABELS[c] }));
const blank = (): VaultEntryInput => ({ id: "", category: "name", realName: false, value: "" });

/** The list editor of the vault: one row per identifier, saved as a whole. */
export function VaultForm({
  interviewId,
  entries,
  fingerprint,
  readOnly,
}: {
  interviewId: string;
  entries: VaultEntryInput[];
  fingerprint: string;
  readOnly: boolean;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState<string | null>(null);
  const defaults: VaultInput = {
    interviewId,
    expectedFingerprint: fingerprint,
    entries: entries.length > 0 ? entries : [{ ...blank(), realName: true }],
  };
  const { form, onSubmit, pending, formError } = useActionForm(vaultInputSchema, saveVaultAction, {
    defaultValues: defaults,
    onSuccess: (data) => {
      const parts = [
        data.added && `${data.added} added`,
        data.changed && `${data.changed} changed`,
        data.removed && `${data.removed} removed`,
      ].filter(Boolean);
      setSaved(
        parts.length
          ? `Saved: ${parts.join(", ")}. Scan your documents again so they are checked against the new list.`
          : "Nothing changed.",
      );
      // Reload the list from the server so new rows get their ids (a second save must not add them twice).
      router.refresh();
    },
  });
  useEffect(() => {
    form.reset({ interviewId, expectedFingerprint: fingerprint, entries: entries.length > 0 ? entries : [{ ...blank(), realName: true }] });
  }, [entries, fingerprint, interviewId, form]);
  const {
    register,
    control,
    watch,
    formState: { errors },
  } = form;
  const { fields, append, remove } = useFieldArray({ control, name: "entries" });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Protected identifiers">
      <FormError message={formError} />
      <input type="hidden" {...register("expectedFingerprint")} />
      {saved ? (
        <p className="notice ok" role="status">
          {saved}
        </p>
      ) : null}
      {fields.length === 0 ? <p className="notice">No identifiers registered. Add the source&apos;s real name first.</p> : null}
      <ol className="vault-list">
        {fields.map((field, index) => {
          const rowErrors = errors.entries?.[index];
          return (
            <li key={field.id} className="card vault-row">
              <fieldset disabled={readOnly}>
                <legend>Identifier {index + 1}</legend>
                <input type="hidden" {...register(`entries.${index}.id`)} />
                <SelectField
                  label="Kind"
                  options={CATEGORY_OPTIONS}
                  registration={register(`entries.${index}.category`, {
                    // Only a name can be the real name, and the box is shown for names only: a row changed to another
                    // kind (the first row starts as the real name) must not keep a flag nobody can see or untick.
                    onChange: (e: React.ChangeEvent<HTMLSelectElement>) => {
                      if (e.target.value === "name") return;
                      form.setValue(`entries.${index}.realName`, false);
                      form.clearErrors(`entries.${index}.realName`);
                    },
                  })}
                  error={rowErrors?.category}
                />
                <TextField label="Value" autoComplete="off" registration={register(`entries.${index}.value`)} error={rowErrors?.value} />
                {watch(`entries.${index}.category`) === "name" ? (
                  <CheckboxField
                    label="This is the source's real name"
                    hint="The consent record decides whether it may ever appear; if not, no finding of it can be kept."
                    registration={register(`entries.${index}.realName`)}
                  />
                ) : null}
                {rowErrors?.realName?.message ? <p className="error">{rowErrors.realName.message}</p> : null}
                {readOnly ? null : (
                  <button type="button" className="secondary" onClick={() => remove(index)}>
                    Remove identifier {index + 1}
                  </button>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {errors.entries?.message || errors.entries?.root?.message ? (
        <p className="error" role="alert">
          {errors.entries.message ?? errors.entries.root?.message}
        </p>
      ) : null}
      {readOnly ? null : (
        <div className="actions-row">
          {fields.length < MAX_VAULT_ENTRIES ? (
            <button type="button" className="secondary" onClick={() => append(blank())}>
              Add an identifier
            </button>
          ) : null}
          <SubmitButton pending={pending} pendingText="Encrypting and saving…">
            Save identifiers
          </SubmitButton>
        </div>
      )}
    </form>
  );
}
