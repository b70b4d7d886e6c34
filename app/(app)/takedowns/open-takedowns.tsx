"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { ActionForm } from "@/app/_components/action-form";
import { formatDateTime } from "@/app/_components/datetime";
import { TextAreaField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { resolveTakedownSchema, TAKEDOWN_RESOLUTION_LABELS, TAKEDOWN_RESOLUTIONS } from "@/lib/publication/schema";
import type { TakedownTask } from "@/lib/publication/takedowns";
import { resolveTakedownAction } from "./actions";
import { TAKEDOWN_CAUSE_LABELS } from "./format";

/** An open task as the page sends it: the due time already put in words against the server's clock. */
export type OpenTakedown = Pick<TakedownTask, "id" | "interviewId" | "codeName" | "cause" | "createdAt" | "dueAt" | "overdue"> & {
  due: string;
};

type Resolution = (typeof TAKEDOWN_RESOLUTIONS)[number];

function ResolveTakedownForm({ task, onResolved }: { task: OpenTakedown; onResolved: (resolution: Resolution) => void }) {
  const { form, onSubmit, pending, formError } = useActionForm(resolveTakedownSchema, resolveTakedownAction, {
    defaultValues: { taskId: task.id, note: "" },
    onSuccess: (_data, f) => onResolved(f.getValues("resolution")),
  });
  const { register, formState } = form;
  const errorId = `${useId()}-resolution-error`;
  const resolutionError = formState.errors.resolution?.message;
  return (
    <ActionForm
      label={`Resolve the takedown of ${task.codeName}`}
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel="Record as resolved"
      pendingLabel="Recording…"
      hidden={<input type="hidden" {...register("taskId")} />}
    >
      <fieldset className="field" aria-describedby={resolutionError ? errorId : undefined}>
        <legend>What was done</legend>
        <div className="checks">
          {TAKEDOWN_RESOLUTIONS.map((r) => (
            <label key={r}>
              <input type="radio" value={r} {...register("resolution")} />
              {TAKEDOWN_RESOLUTION_LABELS[r]}
            </label>
          ))}
        </div>
        {resolutionError ? (
          <p className="error" id={errorId}>
            {resolutionError}
          </p>
        ) : null}
      </fieldset>
      <TextAreaField
        label="Note"
        hint="What was done and where (the article, the archive copies, syndication partners). At least 10 characters; kept encrypted."
        rows={2}
        registration={register("note")}
        error={formState.errors.note}
      />
    </ActionForm>
  );
}

/**
 * Every open takedown task of the reader's desks, soonest due first, each with its resolve form. Overdue tasks say
 * so in words as well as in colour. A resolved task leaves the list; the message about it stays, announced.
 */
export function OpenTakedowns({ tasks, empty }: { tasks: OpenTakedown[]; empty: React.ReactNode }) {
  const [resolved, setResolved] = useState<string | null>(null);
  return (
    <>
      <div role="status">
        {resolved ? (
          <p className="notice ok" style={{ marginBottom: "0.75rem" }}>
            {resolved}
          </p>
        ) : null}
      </div>
      {tasks.length === 0 ? (
        empty
      ) : (
        <ul className="takedown-list">
          {tasks.map((t) => (
            <li key={t.id} className={t.overdue ? "takedown overdue" : "takedown"} data-testid="takedown-task">
              <p className="takedown-head">
                {t.overdue ? (
                  <>
                    <strong className="badge overdue">OVERDUE</strong>{" "}
                  </>
                ) : null}
                <Link href={`/interviews/${t.interviewId}/publication`}>{t.codeName}</Link>: {TAKEDOWN_CAUSE_LABELS[t.cause]}
              </p>
              <p className={t.overdue ? "takedown-due overdue-text" : "takedown-due"}>
                {t.due}. <span className="muted small">Raised {formatDateTime(t.createdAt)}.</span>
              </p>
              <ResolveTakedownForm
                task={t}
                onResolved={(r) => setResolved(`${t.codeName}: takedown recorded as “${TAKEDOWN_RESOLUTION_LABELS[r]}”.`)}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
