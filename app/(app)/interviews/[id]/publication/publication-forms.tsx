"use client";

import { useRouter } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { CheckboxGroup, FormError, SubmitButton, TextAreaField, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { MEDIA, MEDIA_LABELS } from "@/lib/consent/constants";
import {
  captorOverrideSchema,
  publishSchema,
  SIGN_OFF_STATEMENT_MIN,
  signOffSchema,
  type CaptorOverrideInput,
  type PublishInput,
  type SignOffInput,
} from "@/lib/publication/schema";
import { ActionButton } from "../action-button";
import {
  approveCaptorOverrideAction,
  recordPublicationAction,
  requestCaptorOverrideAction,
  signOffAction,
  submitForReviewAction,
} from "./actions";

/** The owner or a collaborator hands an interviewed interview to the desk's editors. */
export function SubmitForReviewButton({ interviewId }: { interviewId: string }) {
  return (
    <ActionButton action={() => submitForReviewAction({ interviewId })} pendingText="Submitting…">
      Submit for review
    </ActionButton>
  );
}

/**
 * The editor's sign-off: a statement in their own words and their password. The report's hash travels with the
 * form, so a report that changed since the page loaded is refused. Disabled while the report lists any reason.
 */
export function SignOffForm({ interviewId, gateHash, blocked }: { interviewId: string; gateHash: string; blocked: boolean }) {
  const router = useRouter();
  const defaults: SignOffInput = { interviewId, gateHash, statement: "", password: "" };
  const { form, onSubmit, pending, formError } = useActionForm(signOffSchema, signOffAction, {
    defaultValues: defaults,
    onSuccess: (_data, f) => f.setValue("password", ""),
  });
  const { register, formState } = form;
  const errors = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Clear for publication" data-testid="sign-off-form">
      {blocked ? (
        <p className="notice warn" data-testid="sign-off-blocked">
          You can sign once the report above lists no reason. Each reason links to where it is fixed; this page checks the gate again when
          it loads.
        </p>
      ) : null}
      <FormError message={formError} />
      <input type="hidden" {...register("gateHash")} />
      {errors.gateHash?.message ? (
        <p className="notice error">
          {errors.gateHash.message}{" "}
          <button type="button" className="link" onClick={() => router.refresh()}>
            Load the report again
          </button>
        </p>
      ) : null}
      <fieldset disabled={blocked || pending} className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
        <TextAreaField
          label="Your statement"
          rows={3}
          hint={`In your own words: what you checked and that you clear it for publication (at least ${SIGN_OFF_STATEMENT_MIN} characters). It is kept, encrypted, with your sign-off.`}
          registration={register("statement")}
          error={errors.statement}
        />
        <TextField
          label="Your password, to confirm"
          type="password"
          autoComplete="current-password"
          registration={register("password")}
          error={errors.password}
        />
        <div>
          <SubmitButton pending={pending} pendingText="Signing…">
            Clear for publication
          </SubmitButton>
        </div>
      </fieldset>
    </form>
  );
}

/** Where and when a cleared interview was published, and which media. */
export function PublishForm({ interviewId, outlet, today }: { interviewId: string; outlet: string; today: string }) {
  const defaults: PublishInput = { interviewId, outlet, publishedOn: today, reference: "", media: [] };
  const { form, onSubmit, pending, formError } = useActionForm(publishSchema, recordPublicationAction, { defaultValues: defaults });
  const { register, formState } = form;
  const errors = formState.errors;
  return (
    <ActionForm
      label="Record publication"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Record publication"
      pendingLabel="Recording…"
    >
      <TextField label="Outlet" registration={register("outlet")} error={errors.outlet} />
      <TextField label="Date published" type="date" registration={register("publishedOn")} error={errors.publishedOn} />
      <TextField
        label="URL or reference"
        registration={register("reference")}
        error={errors.reference}
        hint="The web address, or the print edition and page, or the programme and time of the broadcast."
      />
      <CheckboxGroup
        legend="What was published"
        registration={register("media")}
        error={errors.media}
        options={MEDIA.map((m) => ({ value: m, label: MEDIA_LABELS[m] }))}
      />
    </ActionForm>
  );
}

/** An editor of the desk records why consent obtained with captors present can stand; a second editor approves it. */
export function CaptorOverrideForm({ interviewId }: { interviewId: string }) {
  const defaults: CaptorOverrideInput = { interviewId, reason: "" };
  const { form, onSubmit, pending, formError } = useActionForm(captorOverrideSchema, requestCaptorOverrideAction, {
    defaultValues: defaults,
  });
  return (
    <ActionForm
      label="Record an override"
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Record the override"
      pendingLabel="Recording…"
    >
      <TextAreaField
        label="Why this consent can stand"
        rows={4}
        hint="At least 40 characters: how the source could decide freely despite who was present. A second editor of the desk must approve it. It is stored encrypted."
        registration={form.register("reason")}
        error={form.formState.errors.reason}
      />
    </ActionForm>
  );
}

export function ApproveOverrideButton({ interviewId, overrideId }: { interviewId: string; overrideId: string }) {
  return (
    <ActionButton action={() => approveCaptorOverrideAction({ interviewId, overrideId })} pendingText="Approving…">
      Approve override
    </ActionButton>
  );
}
