"use client";

import { useState } from "react";
import { FormError } from "@/app/_components/fields";
import { UploadInput, UploadSubmit, useUploadForm } from "@/app/_components/upload-form";
import { attachUploadAction } from "../actions";

/** Attach a signature scan. The server checks the content, strips metadata and says what it removed. */
export function UploadForm({ interviewId, recordId }: { interviewId: string; recordId: string }) {
  const [done, setDone] = useState<string | null>(null);
  const { ref, onSubmit, pending, error, fieldErrors } = useUploadForm(attachUploadAction, (data) =>
    setDone(data.removed.length ? `Attached. Removed before storing: ${data.removed.join(", ")}.` : "Attached. It carried no metadata."),
  );
  return (
    <form ref={ref} className="stack" aria-label="Attach a signature scan" onSubmit={onSubmit}>
      {done ? (
        <div className="notice ok" role="status">
          {done} Faces and other visible details must still be checked by eye.
        </div>
      ) : null}
      <FormError message={error} />
      <input type="hidden" name="interviewId" value={interviewId} />
      <input type="hidden" name="recordId" value={recordId} />
      <UploadInput
        label="Signature scan (JPEG, PNG or WebP, up to 8 MB)"
        name="file"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        error={fieldErrors.file}
      />
      <UploadSubmit pending={pending} label="Attach scan" pendingLabel="Checking and storing…" />
    </form>
  );
}
