"use client";

import { useRef, useState, useTransition } from "react";
import { FormError } from "@/app/_components/fields";
import { attachUploadAction } from "../actions";

/** Attach a signature scan. The server checks the content, strips metadata and says what it removed. */
export function UploadForm({ interviewId, recordId }: { interviewId: string; recordId: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  return (
    <form
      ref={ref}
      className="stack"
      aria-label="Attach a signature scan"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(async () => {
          setError(null);
          setDone(null);
          const result = await attachUploadAction(data);
          if (!result.ok) setError(result.message);
          else {
            setDone(result.data.removed.length ? `Attached. Removed before storing: ${result.data.removed.join(", ")}.` : "Attached. It carried no metadata.");
            ref.current?.reset();
          }
        });
      }}
    >
      {done ? (
        <div className="notice ok" role="status">
          {done} Faces and other visible details must still be checked by eye.
        </div>
      ) : null}
      <FormError message={error} />
      <input type="hidden" name="interviewId" value={interviewId} />
      <input type="hidden" name="recordId" value={recordId} />
      <div className="field">
        <label htmlFor="scan-file">Signature scan (JPEG, PNG or WebP, up to 8 MB)</label>
        <input id="scan-file" name="file" type="file" accept="image/jpeg,image/png,image/webp" required disabled={pending} />
      </div>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Checking and storing…" : "Attach scan"}
        </button>
      </div>
    </form>
  );
}
