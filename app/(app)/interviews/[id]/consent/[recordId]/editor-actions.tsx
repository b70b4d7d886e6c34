"use client";

import { z } from "zod";
import { ActionForm } from "@/app/_components/action-form";
import { TextAreaField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { ActionButton } from "../../action-button";
import { approveOverrideAction, revokeConsentAction } from "../actions";

const reasonSchema = z.object({ reason: z.string().trim().min(10, "Explain why the newsroom revokes this consent.").max(2000) });

/** Editors: approve a POW public-interest justification, or revoke consent on the newsroom's side. */
export function EditorConsentActions({ interviewId, recordId, canRevoke, canApprove }: { interviewId: string; recordId: string; canRevoke: boolean; canApprove: boolean }) {
  const { form, onSubmit, pending, formError } = useActionForm(reasonSchema, ({ reason }) => revokeConsentAction({ interviewId, recordId, reason }), {
    defaultValues: { reason: "" },
  });
  if (!canRevoke && !canApprove) return null;
  return (
    <section className="card" aria-labelledby="editor-actions">
      <h2 id="editor-actions" style={{ marginTop: 0 }}>
        Editor decisions
      </h2>
      {canApprove ? (
        <p>
          <ActionButton action={() => approveOverrideAction({ interviewId, recordId })} pendingText="Approving…">
            Approve the public-interest justification
          </ActionButton>
        </p>
      ) : null}
      {canRevoke ? (
        <ActionForm label="Revoke consent" onSubmit={onSubmit} pending={pending} formError={formError} submitLabel="Revoke consent" pendingLabel="Revoking…">
          <TextAreaField label="Why the newsroom revokes this consent" rows={2} registration={form.register("reason")} error={form.formState.errors.reason} />
        </ActionForm>
      ) : null}
    </section>
  );
}
