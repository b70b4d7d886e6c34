"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { localInputToIso, nowLocalInput } from "@/app/_components/datetime";
import { CheckboxField, CheckboxGroup, FormError, SelectField, SubmitButton, TextAreaField, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import {
  ANONYMITY_FROM,
  ANONYMITY_LABELS,
  FACE_CHOICES,
  FACE_LABELS,
  INFORMATION_ITEMS,
  INFORMATION_LABELS,
  MEDIA,
  MEDIA_LABELS,
  METHOD_LABELS,
  METHODS,
  NAME_CHOICES,
  NAME_LABELS,
  PERMITTED_USE_LABELS,
  PERMITTED_USES,
  PRESENCE,
  PRESENCE_LABELS,
  VOICE_CHOICES,
  VOICE_LABELS,
} from "@/lib/consent/constants";
import { consentRecordSchemaFor, needsPublicInterestOverride, type ConsentContext, type ConsentFields } from "@/lib/consent/schema";
import { recordConsentAction } from "../actions";
import { ConsentSummary } from "./consent-summary";

const opts = <T extends string>(values: readonly T[], labels: Record<T, string>) => values.map((v) => ({ value: v, label: labels[v] }));

interface Props {
  interviewId: string;
  context: ConsentContext;
  scripts: { id: string; label: string; languages: string[] }[];
  previousRecordId: string;
}

/**
 * The consent record form: every answer guidance.md §7 asks for, with the questions that depend on the source
 * (custody, minor, prisoner of war) shown only when they apply. Saving takes two steps: review the summary,
 * then certify it (as REDCap's e-Consent does).
 */
export function ConsentForm({ interviewId, context, scripts, previousRecordId }: Props) {
  const router = useRouter();
  const [step, setStep] = useState<"edit" | "review">("edit");
  const [certified, setCertified] = useState(false);
  const schema = consentRecordSchemaFor(context);
  const defaults: ConsentFields = {
    interviewId,
    previousRecordId,
    scriptId: scripts[0]?.id ?? "",
    language: "ko",
    explainedAt: nowLocalInput(),
    decidedAt: nowLocalInput(),
    sessions: 1,
    locationGeneral: "",
    arrangedBy: "",
    accessConditions: "",
    presence: [],
    presenceNote: "",
    privateSetting: false,
    interpreterUsed: true,
    interpreterAffiliation: "",
    interpreterIndependent: false,
    interpreterLanguage: "",
    interpreterConfidentiality: false,
    ageEstablished: "",
    capacityInjury: false,
    capacityMedication: false,
    capacityDistress: false,
    capacitySelfHarmRisk: false,
    capacityNote: "",
    capacityDecision: "proceed",
    informationGiven: [],
    sourceQuestions: "",
    explainBack: "",
    anonymityFrom: "dprk_state",
    nameChoice: "none",
    faceChoice: "not_filmed",
    voiceChoice: "altered",
    media: [],
    outlets: "",
    permittedUses: [],
    leaveOut: "",
    inducementsNoneOffered: true,
    sourceRequests: "",
    commitments: "",
    embargoUntil: "",
    expiresOn: "",
    method: "witnessed_verbal",
    methodReason: "",
    recordingSha256: "",
    witness: "",
    guardian: "",
    guardianConsent: false,
    childAgreement: false,
    powAcknowledged: false,
    publicInterestJustification: "",
    outcome: "given",
  };
  const { form, onSubmit, pending, formError } = useActionForm(
    schema,
    (values: ConsentFields) =>
      recordConsentAction({ ...values, explainedAt: localInputToIso(values.explainedAt), decidedAt: localInputToIso(values.decidedAt), certified }),
    {
      defaultValues: defaults,
      onSuccess: (data) => {
        router.push(`/interviews/${interviewId}/consent/${data.recordId}`);
        router.refresh();
      },
    },
  );
  const { errors } = form.formState;
  const v = form.watch();
  const selectedScript = scripts.find((s) => s.id === v.scriptId);
  const reg = form.register;

  if (step === "review") {
    return (
      <form className="stack" onSubmit={onSubmit} noValidate aria-label="Confirm the consent record">
        <FormError message={formError} />
        <ConsentSummary values={v} context={context} scriptLabel={selectedScript?.label ?? v.scriptId} />
        <div className="notice warn">
          <label style={{ display: "inline-flex", gap: "0.5rem", alignItems: "flex-start" }}>
            <input type="checkbox" checked={certified} onChange={(e) => setCertified(e.target.checked)} />
            <span>
              I certify that this summary is accurate: it records what was explained, who was present and what the source decided, as it
              happened. Once saved, these terms cannot be changed; a change needs a new consent record.
            </span>
          </label>
        </div>
        <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
          <button type="button" className="secondary" onClick={() => setStep("edit")} disabled={pending}>
            Back to the answers
          </button>
          {certified ? (
            <SubmitButton pending={pending} pendingText="Saving…">
              Save consent record
            </SubmitButton>
          ) : (
            <button type="button" disabled>
              Save consent record
            </button>
          )}
        </div>
      </form>
    );
  }

  return (
    <form className="stack" onSubmit={form.handleSubmit(() => setStep("review"))} noValidate aria-label="Record consent">
      <FormError message={formError} />
      {Object.keys(errors).length > 0 ? (
        <div className="notice error" role="alert" data-testid="form-error">
          Some answers need attention: see the messages below.
        </div>
      ) : null}
      <fieldset className="card">
        <legend>The script</legend>
        <div className="row">
          <SelectField label="Consent script version" options={scripts.map((s) => ({ value: s.id, label: s.label }))} registration={reg("scriptId")} error={errors.scriptId} />
          <SelectField
            label="Language it was read in"
            options={(selectedScript?.languages ?? ["en", "ko"]).map((l) => ({ value: l, label: l === "ko" ? "Korean" : l === "en" ? "English" : l }))}
            registration={reg("language")}
            error={errors.language}
          />
        </div>
      </fieldset>

      <fieldset className="card">
        <legend>When and where</legend>
        <div className="row">
          <TextField label="Explained at" type="datetime-local" registration={reg("explainedAt")} error={errors.explainedAt} />
          <TextField label="Source decided at" type="datetime-local" hint="Time to reflect is the gap between the two." registration={reg("decidedAt")} error={errors.decidedAt} />
          <TextField label="Number of sessions" type="number" registration={reg("sessions")} error={errors.sessions} />
        </div>
        <TextField label="General location" hint="A city or “safe location”; never an address or coordinates." registration={reg("locationGeneral")} error={errors.locationGeneral} />
        <div className="row">
          <TextField label="Who arranged access" registration={reg("arrangedBy")} error={errors.arrangedBy} />
          <TextField label="Conditions attached to access" hint="Pre-approval, editing control, officials present… or none." registration={reg("accessConditions")} error={errors.accessConditions} />
        </div>
      </fieldset>

      <fieldset className="card">
        <legend>Who was present</legend>
        {context.inCustody ? (
          <p className="notice warn">
            The source is in custody. Consent given with detaining-authority personnel, guards or an intelligence service present is not free:
            it is flagged as a blocking problem.
          </p>
        ) : null}
        <CheckboxGroup legend="Present or within hearing" options={opts(PRESENCE, PRESENCE_LABELS)} registration={reg("presence")} error={errors.presence} />
        <TextField label="Roles and affiliations of those present" registration={reg("presenceNote")} error={errors.presenceNote} />
        <CheckboxField label="The setting was private (nobody else within hearing)" registration={reg("privateSetting")} />
        {errors.privateSetting ? <p className="error">{errors.privateSetting.message}</p> : null}
      </fieldset>

      <fieldset className="card">
        <legend>Interpreter</legend>
        <CheckboxField label="An interpreter was used" registration={reg("interpreterUsed")} />
        {v.interpreterUsed ? (
          <>
            <div className="row">
              <TextField label="Whom the interpreter works for" registration={reg("interpreterAffiliation")} error={errors.interpreterAffiliation} />
              <TextField label="Language or dialect used" registration={reg("interpreterLanguage")} error={errors.interpreterLanguage} />
            </div>
            <CheckboxField label="Independent of the detaining authority and of intelligence services" registration={reg("interpreterIndependent")} />
            <CheckboxField label="Bound to confidentiality" registration={reg("interpreterConfidentiality")} />
          </>
        ) : null}
      </fieldset>

      <fieldset className="card">
        <legend>Capacity</legend>
        <div className="checks">
          <CheckboxField label="Injury or pain" registration={reg("capacityInjury")} />
          <CheckboxField label="Medication" registration={reg("capacityMedication")} />
          <CheckboxField label="Acute distress" registration={reg("capacityDistress")} />
          <CheckboxField label="Risk of self-harm" registration={reg("capacitySelfHarmRisk")} />
        </div>
        <TextAreaField label="What you observed" rows={2} registration={reg("capacityNote")} error={errors.capacityNote} />
        <div className="row">
          <SelectField
            label="Decision"
            options={[
              { value: "proceed", label: "The source could weigh the decision: proceed" },
              { value: "postpone", label: "Postpone" },
            ]}
            registration={reg("capacityDecision")}
            error={errors.capacityDecision}
          />
          <TextField label="How the age was established" registration={reg("ageEstablished")} error={errors.ageEstablished} />
        </div>
      </fieldset>

      <fieldset className="card">
        <legend>What was explained</legend>
        <CheckboxGroup
          legend="Tick each point that was explained"
          hint="Consent only counts as informed when every point was explained."
          options={opts(INFORMATION_ITEMS, INFORMATION_LABELS)}
          registration={reg("informationGiven")}
          error={errors.informationGiven}
        />
        <TextAreaField label="The source's questions" rows={2} registration={reg("sourceQuestions")} error={errors.sourceQuestions} />
        <TextAreaField
          label="Explain-back: the key points in the source's own words"
          hint="Briefly, without identifying details."
          rows={2}
          registration={reg("explainBack")}
          error={errors.explainBack}
        />
      </fieldset>

      <fieldset className="card">
        <legend>The source&apos;s choices</legend>
        <SelectField label="Must stay unidentifiable to" options={opts(ANONYMITY_FROM, ANONYMITY_LABELS)} registration={reg("anonymityFrom")} error={errors.anonymityFrom} />
        <div className="row">
          <SelectField label="Name" options={opts(NAME_CHOICES, NAME_LABELS)} registration={reg("nameChoice")} error={errors.nameChoice} />
          <SelectField label="Face" options={opts(FACE_CHOICES, FACE_LABELS)} registration={reg("faceChoice")} error={errors.faceChoice} />
          <SelectField label="Voice" options={opts(VOICE_CHOICES, VOICE_LABELS)} registration={reg("voiceChoice")} error={errors.voiceChoice} />
        </div>
        <CheckboxGroup legend="Media agreed" options={opts(MEDIA, MEDIA_LABELS)} registration={reg("media")} error={errors.media} />
        <TextField label="Outlets agreed" hint="Where it may be published." registration={reg("outlets")} error={errors.outlets} />
        <CheckboxGroup legend="Uses agreed (unticked means no)" options={opts(PERMITTED_USES, PERMITTED_USE_LABELS)} registration={reg("permittedUses")} error={errors.permittedUses} />
        <TextAreaField label="Details the source asked to leave out" hint="Stored encrypted." rows={2} registration={reg("leaveOut")} error={errors.leaveOut} />
        {context.pow ? (
          <>
            <div className="notice warn">
              A prisoner of war cannot give up the protection of the Third Geneva Convention (article 7): whatever they agree to, the newsroom
              must not expose them to public curiosity (article 13).
            </div>
            <CheckboxField label="I explained this, and the newsroom will keep the source unidentifiable regardless" registration={reg("powAcknowledged")} />
            {errors.powAcknowledged ? <p className="error">{errors.powAcknowledged.message}</p> : null}
            {needsPublicInterestOverride(v, true) ? (
              <TextAreaField
                label="Public-interest justification for the identifying choice"
                hint="Two editors other than you must approve it before anything identifying can be published."
                rows={3}
                registration={reg("publicInterestJustification")}
                error={errors.publicInterestJustification}
              />
            ) : null}
          </>
        ) : null}
      </fieldset>

      <fieldset className="card">
        <legend>Inducements and promises</legend>
        <CheckboxField label="Nothing was offered or promised in return for the interview" registration={reg("inducementsNoneOffered")} />
        <TextAreaField label="Requests the source made" rows={2} registration={reg("sourceRequests")} error={errors.sourceRequests} />
        <TextAreaField label="Commitments made by the newsroom" rows={2} registration={reg("commitments")} error={errors.commitments} />
      </fieldset>

      {context.minor ? (
        <fieldset className="card">
          <legend>The source may be under 18</legend>
          <TextField label="Guardian or appropriate adult, and their relationship" registration={reg("guardian")} error={errors.guardian} />
          <CheckboxField label="The guardian or appropriate adult agreed" registration={reg("guardianConsent")} />
          <CheckboxField label="The young person agreed themselves" registration={reg("childAgreement")} />
          {errors.childAgreement ? <p className="error">{errors.childAgreement.message}</p> : null}
        </fieldset>
      ) : null}

      <fieldset className="card">
        <legend>How consent was given</legend>
        <SelectField label="Method" options={opts(METHODS, METHOD_LABELS)} registration={reg("method")} error={errors.method} />
        {v.method !== "written" ? (
          <TextField label="Why not written" hint="For example: a signed form would itself be a risk." registration={reg("methodReason")} error={errors.methodReason} />
        ) : null}
        {v.method === "recorded_verbal" ? (
          <TextField label="SHA-256 of the recording" hint="Store the fingerprint here, never the recording." registration={reg("recordingSha256")} error={errors.recordingSha256} />
        ) : null}
        {v.method === "witnessed_verbal" ? <TextField label="Witness (newsroom staff or role)" registration={reg("witness")} error={errors.witness} /> : null}
        <div className="row">
          <TextField label="Embargo until" type="date" registration={reg("embargoUntil")} error={errors.embargoUntil} />
          <TextField label="Consent expires on" type="date" registration={reg("expiresOn")} error={errors.expiresOn} />
        </div>
        <SelectField
          label="What the source decided"
          options={[
            { value: "given", label: "Gave consent" },
            { value: "refused", label: "Refused" },
          ]}
          registration={reg("outcome")}
          error={errors.outcome}
        />
      </fieldset>
      <div>
        <button type="submit">Review before saving</button>
      </div>
    </form>
  );
}
