"use client";

import { ActionForm } from "@/app/_components/action-form";
import { TextAreaField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { commentSchema } from "@/lib/interviews/schema";
import { addCommentAction } from "./actions";

export function CommentForm({ interviewId }: { interviewId: string }) {
  const { form, onSubmit, pending, formError } = useActionForm(commentSchema, addCommentAction, {
    defaultValues: { interviewId, body: "" },
    onSuccess: (_d, f) => f.reset({ interviewId, body: "" }),
  });
  return (
    <ActionForm label="Add a comment" onSubmit={onSubmit} pending={pending} formError={formError} submitLabel="Add comment" pendingLabel="Adding…">
      <TextAreaField label="Comment" hint="Comments are encrypted. No real names or identifying details." rows={3} registration={form.register("body")} error={form.formState.errors.body} />
    </ActionForm>
  );
}
