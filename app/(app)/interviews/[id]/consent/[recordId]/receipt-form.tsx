"use client";

import { useState } from "react";
import { CheckboxField, FormError, SubmitButton, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { receiptSchema, type ReceiptInput } from "@/lib/exports/schema";
import { issueReceiptAction } from "@/app/(app)/exports/actions";

/** Saves a PDF the server sent as base64 (the receipt is small; nothing is kept in the page afterwards). */
function savePdf(base64: string, fileName: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The source's own copy: one page, Korean and English, what they agreed and how to withdraw. The journalist
 * decides whether the outlet's name and a way to reach the newsroom belong on it: paper found on a source must not
 * endanger them.
 */
export function ReceiptForm({ interviewId, recordId, outlet }: { interviewId: string; recordId: string; outlet: string }) {
  const [issued, setIssued] = useState<string | null>(null);
  const defaults: ReceiptInput = { interviewId, recordId, nameOutlet: false, contact: "" };
  const { form, onSubmit, pending, formError } = useActionForm(receiptSchema, issueReceiptAction, {
    defaultValues: defaults,
    onSuccess: (data) => {
      savePdf(data.base64, data.fileName);
      setIssued(data.fileName);
    },
  });
  const { register, formState } = form;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="receipt-form">
      <FormError message={formError} />
      <CheckboxField
        label={`Print the outlet's name (${outlet})`}
        registration={register("nameOutlet")}
        hint="Leave this off when being found with a foreign outlet's paper could put the source at risk."
      />
      <TextField
        label="How to reach us (optional)"
        registration={register("contact")}
        error={formState.errors.contact}
        hint="For example “through the interpreter who was present”. It is printed on the receipt and stored nowhere. Never a place."
      />
      <SubmitButton pending={pending} pendingText="Preparing…">
        Download the source&apos;s receipt (PDF)
      </SubmitButton>
      {issued ? (
        <p role="status" className="notice ok" data-testid="receipt-issued">
          {issued} saved. Issuing it was written to the audit log.
        </p>
      ) : null}
    </form>
  );
}
