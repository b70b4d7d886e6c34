"use client";

import { useRouter } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { CheckboxField, SelectField, TextAreaField, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import type { ActionResult } from "@/lib/action-result";
import {
  INTERPRETER_ARRANGEMENTS,
  INTERPRETER_LABELS,
  SETTING_LABELS,
  SETTINGS,
  SOURCE_TYPE_LABELS,
  SOURCE_TYPES,
} from "@/lib/interviews/constants";
import { interviewFieldsSchema, type CreateInterviewInput } from "@/lib/interviews/schema";
import { createInterviewAction, updateInterviewAction } from "../actions";

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) => values.map((v) => ({ value: v, label: labels[v] }));

interface Props {
  desks: { id: string; name: string }[];
  initial?: CreateInterviewInput;
  interviewId?: string;
}

export const EMPTY_INTERVIEW: CreateInterviewInput = {
  codeName: "",
  sourceType: "pow",
  minor: false,
  inCustody: true,
  recentTrauma: false,
  custodyHolder: "",
  outlet: "",
  deskId: "",
  plannedDate: "",
  setting: "custodial_facility",
  sourceLanguage: "Korean",
  interviewLanguage: "Korean",
  interpreter: "independent",
  notes: "",
};

/** Create or edit an interview. The source's real identity is never asked for here. */
export function InterviewForm({ desks, initial, interviewId }: Props) {
  const router = useRouter();
  // Both actions answer with the id of the interview to open next.
  const action = async (fields: CreateInterviewInput): Promise<ActionResult<{ interviewId: string }>> => {
    if (!interviewId) return createInterviewAction(fields);
    const result = await updateInterviewAction({ interviewId, fields });
    return result.ok ? { ok: true, data: { interviewId } } : result;
  };
  const { form, onSubmit, pending, formError } = useActionForm(interviewFieldsSchema, action, {
    defaultValues: initial ?? { ...EMPTY_INTERVIEW, deskId: desks.length === 1 ? desks[0]!.id : "" },
    onSuccess: (data) => {
      router.push(`/interviews/${data.interviewId}`);
      router.refresh();
    },
  });
  const { errors } = form.formState;
  const sourceType = form.watch("sourceType");
  const inCustody = form.watch("inCustody") || sourceType === "pow";
  return (
    <ActionForm
      label={interviewId ? "Edit interview" : "New interview"}
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel={interviewId ? "Save changes" : "Create interview and checklist"}
      pendingLabel="Saving…"
    >
      <div className="notice warn" role="note">
        Never type the source&apos;s real name, hometown, unit, relatives or contact details here. Use the code name only; real
        identifiers will go to the encrypted identifier vault. Notes are encrypted and will be checked by the redaction scanner.
      </div>
      <div className="row">
        <TextField
          label="Code name of the source"
          hint="The only name Sourcekeeper shows, e.g. “Magpie”. Must not hint at the real name."
          registration={form.register("codeName")}
          error={errors.codeName}
        />
        <SelectField label="Kind of source" options={options(SOURCE_TYPES, SOURCE_TYPE_LABELS)} registration={form.register("sourceType")} error={errors.sourceType} />
      </div>
      <fieldset className="field">
        <legend>About the source</legend>
        <div className="checks">
          <CheckboxField label="Under 18, or may be" registration={form.register("minor")} />
          <CheckboxField
            label={sourceType === "pow" ? "In custody (always, for a prisoner of war)" : "In custody"}
            registration={form.register("inCustody")}
          />
          <CheckboxField label="Recent trauma or injury" registration={form.register("recentTrauma")} />
        </div>
      </fieldset>
      {inCustody ? (
        <TextField
          label="Who holds the source in custody"
          hint="For example “Ukrainian authorities”. Say who, not where."
          registration={form.register("custodyHolder")}
          error={errors.custodyHolder}
        />
      ) : null}
      <div className="row">
        <TextField label="Outlet" hint="Where the story will be published." registration={form.register("outlet")} error={errors.outlet} />
        <SelectField
          label="Desk"
          options={[{ value: "", label: "Choose a desk" }, ...desks.map((d) => ({ value: d.id, label: d.name }))]}
          registration={form.register("deskId")}
          error={errors.deskId}
        />
        <TextField label="Planned date" type="date" registration={form.register("plannedDate")} error={errors.plannedDate} />
      </div>
      <div className="row">
        <SelectField label="Setting" options={options(SETTINGS, SETTING_LABELS)} registration={form.register("setting")} error={errors.setting} />
        <TextField label="Source's language" registration={form.register("sourceLanguage")} error={errors.sourceLanguage} />
        <TextField label="Interview language" registration={form.register("interviewLanguage")} error={errors.interviewLanguage} />
      </div>
      <SelectField
        label="Interpreter"
        options={options(INTERPRETER_ARRANGEMENTS, INTERPRETER_LABELS)}
        registration={form.register("interpreter")}
        error={errors.interpreter}
      />
      <TextAreaField
        label="Notes"
        hint="Practical preparation notes. No real names or identifying details."
        registration={form.register("notes")}
        error={errors.notes}
      />
    </ActionForm>
  );
}
