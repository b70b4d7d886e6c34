"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError, SelectField, SubmitButton, TextAreaField, TextField } from "@/app/_components/fields";
import { UploadInput, UploadSubmit, useUploadForm } from "@/app/_components/upload-form";
import { useActionForm } from "@/app/_components/use-action-form";
import { addDocumentSchema, DOCUMENT_KIND_LABELS, DOCUMENT_KINDS, MAX_PASTED_CHARS } from "@/lib/review/schema";
import { addPastedDocumentAction, uploadDocumentAction } from "./actions";

const KIND_OPTIONS = DOCUMENT_KINDS.map((k) => ({ value: k, label: DOCUMENT_KIND_LABELS[k] }));

/** Two ways to add a document: paste the text, or upload a .txt, .md or .docx file. Both scan at once. */
export function AddDocumentForms({ interviewId }: { interviewId: string }) {
  const router = useRouter();
  const [mode, setMode] = useState<"paste" | "upload">("paste");
  return (
    <div className="stack" style={{ marginTop: "1rem" }}>
      <h3>Add a document</h3>
      <div role="radiogroup" aria-label="How to add the document" className="segmented">
        <label>
          <input type="radio" name="add-mode" checked={mode === "paste"} onChange={() => setMode("paste")} /> Paste text
        </label>
        <label>
          <input type="radio" name="add-mode" checked={mode === "upload"} onChange={() => setMode("upload")} /> Upload a file (.txt, .md,
          .docx)
        </label>
      </div>
      {mode === "paste" ? (
        <PasteForm interviewId={interviewId} onDone={(id) => router.push(`/interviews/${interviewId}/review/${id}`)} />
      ) : (
        <UploadForm interviewId={interviewId} onDone={(id) => router.push(`/interviews/${interviewId}/review/${id}`)} />
      )}
    </div>
  );
}

function PasteForm({ interviewId, onDone }: { interviewId: string; onDone: (documentId: string) => void }) {
  const { form, onSubmit, pending, formError } = useActionForm(addDocumentSchema, addPastedDocumentAction, {
    defaultValues: { interviewId, title: "", kind: "draft", text: "" },
    onSuccess: (data) => onDone(data.documentId),
  });
  const { register, formState } = form;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Paste a document">
      <FormError message={formError} />
      <TextField
        label="Title"
        hint="For example “Draft 1” or “Video captions”. Never the source's name."
        registration={register("title")}
        error={formState.errors.title}
      />
      <SelectField label="Kind" options={KIND_OPTIONS} registration={register("kind")} error={formState.errors.kind} />
      <TextAreaField
        label="Text"
        hint={`Up to ${MAX_PASTED_CHARS.toLocaleString("en")} characters. It is stored encrypted.`}
        rows={10}
        registration={register("text")}
        error={formState.errors.text}
      />
      <SubmitButton pending={pending} pendingText="Scanning…">
        Add and scan
      </SubmitButton>
    </form>
  );
}

function UploadForm({ interviewId, onDone }: { interviewId: string; onDone: (documentId: string) => void }) {
  const { ref, onSubmit, pending, error, fieldErrors } = useUploadForm(uploadDocumentAction, (data) => onDone(data.documentId));
  return (
    <form ref={ref} aria-label="Upload a document" className="stack" onSubmit={onSubmit}>
      <FormError message={error} />
      <input type="hidden" name="interviewId" value={interviewId} />
      <UploadInput label="Title" name="title" maxLength={120} error={fieldErrors.title} />
      <div className="field">
        <label htmlFor="upload-kind">Kind</label>
        <select id="upload-kind" name="kind" defaultValue="draft">
          {KIND_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <UploadInput
        label="File (.txt, .md or .docx, up to 2 MB)"
        name="file"
        type="file"
        accept=".txt,.md,.docx,text/plain,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        error={fieldErrors.file}
      />
      <UploadSubmit pending={pending} label="Upload and scan" pendingLabel="Extracting and scanning…" />
    </form>
  );
}
