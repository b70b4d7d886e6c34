"use client";

import { FormError, SubmitButton } from "./fields";

interface Props {
  label: string;
  onSubmit: (e?: React.BaseSyntheticEvent) => Promise<void>;
  pending: boolean;
  formError: string | null;
  submitLabel: string;
  pendingLabel: string;
  success?: string | null;
  hidden?: React.ReactNode;
  children: React.ReactNode;
}

/** The frame every form shares: success and error notices, fields disabled while pending, one submit button. */
export function ActionForm({ label, onSubmit, pending, formError, submitLabel, pendingLabel, success, hidden, children }: Props) {
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label={label}>
      {success ? (
        <div className="notice ok" role="status">
          {success}
        </div>
      ) : null}
      <FormError message={formError} />
      {hidden}
      <fieldset disabled={pending} className="stack" style={{ border: 0, padding: 0 }}>
        {children}
        <div>
          <SubmitButton pending={pending} pendingText={pendingLabel}>
            {submitLabel}
          </SubmitButton>
        </div>
      </fieldset>
    </form>
  );
}
