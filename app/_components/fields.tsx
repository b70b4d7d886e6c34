"use client";

import { useId } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";

interface FrameProps {
  label: string;
  error?: { message?: string };
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: true | undefined }) => React.ReactNode;
}

/** Label, hint and error around one control, wired so assistive technology announces them with it. */
function FieldFrame({ label, error, hint, children }: FrameProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error?.message ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children({ id, describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined, invalid: errorId ? true : undefined })}
      {errorId ? (
        <p className="error" id={errorId}>
          {error?.message}
        </p>
      ) : null}
    </div>
  );
}

interface FieldProps {
  label: string;
  registration: UseFormRegisterReturn;
  error?: FieldError;
  hint?: string;
  type?: "text" | "email" | "password" | "date" | "search" | "datetime-local" | "number";
  autoComplete?: string;
}

export function TextField({ label, registration, error, hint, type = "text", autoComplete }: FieldProps) {
  return (
    <FieldFrame label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input id={id} type={type} autoComplete={autoComplete} aria-invalid={invalid} aria-describedby={describedBy} {...registration} />
      )}
    </FieldFrame>
  );
}

export function TextAreaField({ label, registration, error, hint, rows = 4 }: Omit<FieldProps, "type" | "autoComplete"> & { rows?: number }) {
  return (
    <FieldFrame label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => <textarea id={id} rows={rows} aria-invalid={invalid} aria-describedby={describedBy} {...registration} />}
    </FieldFrame>
  );
}

/** One yes/no checkbox with its label beside it. */
export function CheckboxField({
  label,
  registration,
  hint,
  error,
}: {
  label: string;
  registration: UseFormRegisterReturn;
  hint?: string;
  error?: { message?: string };
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error?.message ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id} style={{ fontWeight: 400, display: "inline-flex", gap: "0.5rem", alignItems: "flex-start" }}>
        <input id={id} type="checkbox" aria-describedby={describedBy} aria-invalid={error?.message ? true : undefined} {...registration} />
        <span>{label}</span>
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error?.message ? (
        <p className="error" id={`${id}-error`}>
          {error.message}
        </p>
      ) : null}
    </div>
  );
}

interface SelectProps {
  label: string;
  registration: UseFormRegisterReturn;
  error?: FieldError;
  options: readonly { value: string; label: string }[];
}

export function SelectField({ label, registration, error, options }: SelectProps) {
  return (
    <FieldFrame label={label} error={error}>
      {({ id, describedBy, invalid }) => (
        <select id={id} aria-invalid={invalid} aria-describedby={describedBy} {...registration}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

interface ChecksProps {
  legend: string;
  registration: UseFormRegisterReturn;
  error?: FieldError | { message?: string };
  options: readonly { value: string; label: string }[];
  hint?: string;
}

/** A group of checkboxes bound to one array field. */
export function CheckboxGroup({ legend, registration, error, options, hint }: ChecksProps) {
  const id = useId();
  return (
    <fieldset className="field" aria-describedby={error?.message ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      <div className="checks">
        {options.map((o) => (
          <label key={o.value}>
            <input type="checkbox" value={o.value} {...registration} />
            {o.label}
          </label>
        ))}
      </div>
      {error?.message ? (
        <p className="error" id={`${id}-error`}>
          {error.message}
        </p>
      ) : null}
    </fieldset>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="notice error" role="alert" data-testid="form-error">
      {message}
    </div>
  );
}

export function SubmitButton({ pending, children, pendingText }: { pending: boolean; children: React.ReactNode; pendingText?: string }) {
  return (
    <button type="submit" disabled={pending} aria-busy={pending || undefined}>
      {pending ? (pendingText ?? "Working…") : children}
    </button>
  );
}
