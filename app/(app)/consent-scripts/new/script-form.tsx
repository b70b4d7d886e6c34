"use client";

import { useRouter } from "next/navigation";
import { useFieldArray, useWatch, type Control } from "react-hook-form";
import { FormError, SubmitButton, TextAreaField, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { findSouthernLoanwords } from "@/lib/consent/korean-style";
import {
  consentScriptInputSchema,
  MAX_SCRIPT_LANGUAGES,
  SCRIPT_SECTIONS,
  SECTION_MAX_CHARS,
  SECTION_MIN_CHARS,
  SECTION_TITLES,
  type ConsentScriptInput,
  type ScriptLanguageInput,
} from "@/lib/consent/script-types";
import { createConsentScriptAction } from "../actions";

const LANGUAGE_NAMES: Record<string, string> = { en: "English", ko: "Korean (for a North Korean reader)" };

const emptyLanguage = (): ScriptLanguageInput => ({
  code: "",
  title: "",
  texts: Object.fromEntries(SCRIPT_SECTIONS.map((s) => [s, ""])) as ScriptLanguageInput["texts"],
});

/** Soft warning under the Korean text: words a North Korean reader may not know, with plainer ones. */
function KoreanStyleHint({ control, index }: { control: Control<ConsentScriptInput>; index: number }) {
  const entry = useWatch({ control, name: `languages.${index}` });
  const text = entry ? [entry.title, ...Object.values(entry.texts ?? {})].join("\n") : "";
  const found = findSouthernLoanwords(text);
  if (found.length === 0) return null;
  return (
    <div className="notice" role="status" data-testid="loanword-hint">
      <p style={{ marginTop: 0 }}>
        These words may be unfamiliar to a North Korean reader. This does not stop you saving; consider plainer words:
      </p>
      <ul>
        {found.map((f) => (
          <li key={f.word}>
            <span lang="ko">{f.word}</span> → <span lang="ko">{f.suggestion}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The new-version editor: label and change note, then every section in every language (English and Korean
 * required, more can be added). The same zod schema checks it in the browser and on the server.
 */
export function ScriptForm({ basedOn, baseLabel, languages }: { basedOn: string; baseLabel: string; languages: ScriptLanguageInput[] }) {
  const router = useRouter();
  const defaults: ConsentScriptInput = { label: "", notes: "", basedOn, languages };
  const { form, onSubmit, pending, formError } = useActionForm(consentScriptInputSchema, createConsentScriptAction, {
    defaultValues: defaults,
    onSuccess: (data) => router.push(`/consent-scripts/${data.scriptId}`),
  });
  const {
    register,
    control,
    formState: { errors },
  } = form;
  const { fields, append, remove } = useFieldArray({ control, name: "languages" });
  const languageErrors = errors.languages;

  return (
    <form onSubmit={onSubmit} noValidate aria-label="New consent script version">
      <FormError message={formError} />
      <input type="hidden" {...register("basedOn")} />
      <TextField label="Version label" hint="Short and unique, for example “2027-01” or “2027-01 POW wording”." registration={register("label")} error={errors.label} />
      <TextAreaField
        label={`What changed from “${baseLabel}”, and why`}
        hint="Reviewers read this first; it stays with the version."
        rows={3}
        registration={register("notes")}
        error={errors.notes}
      />
      {languageErrors?.root?.message || languageErrors?.message ? (
        <p className="error" role="alert">
          {languageErrors.root?.message ?? languageErrors.message}
        </p>
      ) : null}
      {fields.map((field, index) => {
        const fixed = index < 2;
        const code = fixed ? field.code : undefined;
        const langErrors = languageErrors?.[index];
        return (
          <fieldset key={field.id} className="card" lang={code}>
            <legend>{fixed ? `${LANGUAGE_NAMES[field.code] ?? field.code} (${field.code})` : `Additional language ${index - 1}`}</legend>
            {fixed ? (
              <input type="hidden" {...register(`languages.${index}.code`)} />
            ) : (
              <TextField
                label="Language code"
                hint="Two or three lowercase letters, optionally a region or script: “ru”, “uk”, “zh-Hant”."
                registration={register(`languages.${index}.code`)}
                error={langErrors?.code}
              />
            )}
            <TextField label="Title" registration={register(`languages.${index}.title`)} error={langErrors?.title} />
            {SCRIPT_SECTIONS.map((section) => (
              <TextAreaField
                key={section}
                label={SECTION_TITLES[section][code === "ko" ? "ko" : "en"]}
                hint={`${SECTION_MIN_CHARS}–${SECTION_MAX_CHARS.toLocaleString("en")} characters. Separate paragraphs with a blank line.`}
                rows={5}
                registration={register(`languages.${index}.texts.${section}`)}
                error={langErrors?.texts?.[section]}
              />
            ))}
            {field.code === "ko" && fixed ? <KoreanStyleHint control={control} index={index} /> : null}
            {fixed ? null : (
              <button type="button" className="secondary" onClick={() => remove(index)}>
                Remove this language
              </button>
            )}
          </fieldset>
        );
      })}
      {fields.length < MAX_SCRIPT_LANGUAGES ? (
        <p>
          <button type="button" className="secondary" onClick={() => append(emptyLanguage())}>
            Add a language
          </button>
        </p>
      ) : null}
      <p className="hint">Saving is final: a version can never be edited or deleted, only followed by a newer one.</p>
      <SubmitButton pending={pending} pendingText="Saving the version…">
        Save as a new version
      </SubmitButton>
    </form>
  );
}
