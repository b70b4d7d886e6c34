"use client";

import { useId } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";

interface FieldProps {
  label: string;
  registration: UseFormRegisterReturn;
  error?: FieldError;
  hint?: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
}

/** A labelled input whose hint and error are announced with it (aria-describedby, aria-invalid). */
export function TextField({ label, registration, error, hint, type = "text", autoComplete }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...registration}
      />
      {error?.message ? (
        <p className="error" id={errorId}>
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
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={errorId} {...registration}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error?.message ? (
        <p className="error" id={errorId}>
          {error.message}
        </p>
      ) : null}
    </div>
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
