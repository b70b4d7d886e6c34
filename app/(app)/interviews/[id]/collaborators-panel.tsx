"use client";

import { ActionForm } from "@/app/_components/action-form";
import { SelectField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { collaboratorSchema } from "@/lib/interviews/schema";
import { ActionButton } from "./action-button";
import { addCollaboratorAction, removeCollaboratorAction } from "./actions";

interface Props {
  interviewId: string;
  collaborators: { id: string; name: string }[];
  colleagues: { id: string; name: string }[];
  canManage: boolean;
}

export function CollaboratorsPanel({ interviewId, collaborators, colleagues, canManage }: Props) {
  const candidates = colleagues.filter((c) => !collaborators.some((k) => k.id === c.id));
  const { form, onSubmit, pending, formError } = useActionForm(collaboratorSchema, addCollaboratorAction, {
    defaultValues: { interviewId, userId: "" },
    onSuccess: (_d, f) => f.reset({ interviewId, userId: "" }),
  });
  return (
    <section className="card" aria-labelledby="collab-heading">
      <h2 id="collab-heading" style={{ marginTop: 0 }}>
        Collaborators
      </h2>
      <p className="muted small">Collaborators can edit the interview and its checklist. Editors of the desk can read and comment.</p>
      {collaborators.length === 0 ? <p>No collaborators.</p> : null}
      <ul>
        {collaborators.map((c) => (
          <li key={c.id}>
            {c.name}{" "}
            {canManage ? (
              <ActionButton className="link" action={() => removeCollaboratorAction({ interviewId, userId: c.id })} pendingText="Removing…">
                Remove {c.name}
              </ActionButton>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage && candidates.length > 0 ? (
        <ActionForm label="Add a collaborator" onSubmit={onSubmit} pending={pending} formError={formError} submitLabel="Add collaborator" pendingLabel="Adding…">
          <SelectField
            label="Colleague from this desk"
            options={[{ value: "", label: "Choose a colleague" }, ...candidates.map((c) => ({ value: c.id, label: c.name }))]}
            registration={form.register("userId")}
            error={form.formState.errors.userId}
          />
        </ActionForm>
      ) : null}
      {canManage && candidates.length === 0 ? <p className="muted small">Everyone else on this desk is already a collaborator, or the desk has no one else yet.</p> : null}
    </section>
  );
}
