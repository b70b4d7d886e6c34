"use client";

import { useId, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";

/**
 * A multipart form posted to a server action (files cannot go through react-hook-form's JSON values): pending
 * state, a form-level message and messages per field from the server. The form is reset after success.
 */
export function useUploadForm<T>(action: (data: FormData) => Promise<ActionResult<T>>, onSuccess: (data: T) => void) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const ref = useRef<HTMLFormElement>(null);
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(async () => {
      setError(null);
      setFieldErrors({});
      const result = await action(data);
      if (!result.ok) {
        setError(result.message);
        setFieldErrors(result.fieldErrors ?? {});
        return;
      }
      ref.current?.reset();
      onSuccess(result.data);
    });
  };
  return { ref, onSubmit, pending, error, fieldErrors };
}

/** A labelled input of a multipart form, with the server's message for it. */
export function UploadInput({
  label,
  name,
  error,
  type = "text",
  accept,
  maxLength,
}: {
  label: string;
  name: string;
  error?: string;
  type?: "text" | "file";
  accept?: string;
  maxLength?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        accept={accept}
        maxLength={maxLength}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The submit button of an upload form: says what is happening while the server works. */
export function UploadSubmit({ pending, label, pendingLabel }: { pending: boolean; label: string; pendingLabel: string }) {
  return (
    <div>
      <button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending ? pendingLabel : label}
      </button>
    </div>
  );
}
