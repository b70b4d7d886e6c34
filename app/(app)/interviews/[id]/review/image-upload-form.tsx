"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/app/_components/fields";
import { UploadInput, UploadSubmit, useUploadForm } from "@/app/_components/upload-form";
import { attachImageAction } from "./actions";

/** Attach an image; the server strips its metadata and says what it found. */
export function ImageUploadForm({ interviewId }: { interviewId: string }) {
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  const { ref, onSubmit, pending, error, fieldErrors } = useUploadForm(attachImageAction, ({ removed }) => {
    setDone(
      removed.length
        ? `Attached. Removed before storing: ${removed.join(", ")}.${removed.includes("GPS position") ? " The photo recorded where it was taken: that position is gone from the stored copy, but check your original." : ""}`
        : "Attached. It carried no hidden metadata.",
    );
    router.refresh();
  });
  return (
    <form ref={ref} className="stack" aria-label="Attach an image" onSubmit={onSubmit}>
      <h3>Attach an image</h3>
      {done ? (
        <div className="notice ok" role="status" data-testid="image-result">
          {done} Faces and other visible details must still be checked by eye.
        </div>
      ) : null}
      <FormError message={error} />
      <input type="hidden" name="interviewId" value={interviewId} />
      <UploadInput label="What it shows (not who)" name="caption" maxLength={300} error={fieldErrors.caption} />
      <UploadInput
        label="Image (JPEG, PNG or WebP, up to 8 MB)"
        name="file"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        error={fieldErrors.file}
      />
      <UploadSubmit pending={pending} label="Attach image" pendingLabel="Removing metadata and storing…" />
    </form>
  );
}
