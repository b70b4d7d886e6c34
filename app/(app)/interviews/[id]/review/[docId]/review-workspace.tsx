"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { FindingsLegend, HighlightedText, type ViewerFinding } from "@/app/_components/findings/highlighted-text";
import { CheckboxField, FormError, SubmitButton, TextAreaField, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import type { ActionResult } from "@/lib/action-result";
import { priorExposureJustificationSchema } from "@/lib/publication/schema";
import { addVersionSchema, DECISION_LABELS, decisionSchema, DECISIONS, type Decision } from "@/lib/review/schema";
import type { DocumentReview, ReviewFinding } from "@/lib/review/view";
import {
  addVersionAction,
  approveKeptFindingAction,
  decideFindingAction,
  justifyPriorExposureAction,
  produceRedactedAction,
  scanDocumentAction,
} from "../actions";

const SEVERITY_WORDS = { high: "High", medium: "Medium", low: "Low" } as const;

/** The document text with its findings, the decision panel for the selected finding, and the document's actions. */
export function ReviewWorkspace({ review }: { review: DocumentReview }) {
  const router = useRouter();
  const { findings, version, interview, document: doc } = review;
  const firstOpen = findings.find((f) => !f.decision) ?? findings[0];
  const [selectedId, setSelectedId] = useState<string | null>(firstOpen?.id ?? null);
  const selected = findings.find((f) => f.id === selectedId) ?? null;
  const viewerFindings: ViewerFinding[] = useMemo(
    () =>
      findings.map((f) => ({
        id: f.id,
        start: f.start,
        end: f.end,
        category: f.category,
        label: f.label,
        severity: f.severity,
        decision: f.decision?.decision ?? null,
        needsApproval: f.decision?.decision === "keep" && f.severity === "high" && !f.decision.approvedBy,
      })),
    [findings],
  );
  const refs = { interviewId: interview.id, documentId: doc.id };
  const undecided = findings.filter((f) => !f.decision).length;
  const anyRedaction = findings.some((f) => f.decision && f.decision.decision !== "keep");

  const afterDecision = (id: string) => {
    const index = findings.findIndex((f) => f.id === id);
    const next = [...findings.slice(index + 1), ...findings.slice(0, index)].find((f) => !f.decision && f.id !== id);
    if (next) setSelectedId(next.id);
    router.refresh();
  };

  return (
    <>
      <section aria-labelledby="findings-heading" className="review-grid">
        <div className="review-text" lang={/[\uac00-\ud7a3]/.test(version.text) ? "ko" : undefined}>
          <h2 id="findings-heading" style={{ marginTop: 0 }}>
            Text and findings ({findings.length})
          </h2>
          {review.scan === null ? (
            <p className="notice">This version has not been scanned.</p>
          ) : findings.length === 0 ? (
            <p className="notice ok">
              The scanner found nothing identifying in this version. Read it once more yourself: no scanner catches everything.
            </p>
          ) : null}
          <HighlightedText
            text={version.text}
            findings={viewerFindings}
            selectedId={selectedId}
            onSelect={setSelectedId}
            label={`Version ${version.number} with ${findings.length} finding${findings.length === 1 ? "" : "s"}`}
          />
          <details className="legend">
            <summary>How findings are marked</summary>
            <FindingsLegend />
          </details>
        </div>
        <div className="review-panel">
          {selected ? (
            <FindingPanel key={selected.id} finding={selected} text={version.text} review={review} onDecided={afterDecision} />
          ) : (
            <p>{findings.length ? "Choose a finding in the text." : "Nothing to decide."}</p>
          )}
        </div>
      </section>

      {review.canDecide ? (
        <section className="card" aria-labelledby="actions-heading">
          <h2 id="actions-heading" style={{ marginTop: 0 }}>
            Next steps
          </h2>
          <div className="actions-row">
            <ActionButton
              label="Scan again"
              pendingLabel="Scanning…"
              run={() => scanDocumentAction(refs)}
              onDone={() => router.refresh()}
            />
            <ActionButton
              label="Produce the redacted version"
              pendingLabel="Redacting and rescanning…"
              disabled={undecided > 0 || !anyRedaction}
              run={() => produceRedactedAction(refs)}
              onDone={() => router.push(`/interviews/${interview.id}/review/${doc.id}`)}
            />
          </div>
          <p className="hint">
            {undecided > 0
              ? `Decide every finding first: ${undecided} still open.`
              : anyRedaction
                ? "The redacted version replaces what you chose to redact or replace; it is scanned again at once."
                : "Nothing is marked for redaction: this version can be used as it is once every kept finding is approved where needed."}
          </p>
          <details>
            <summary>Add a revised text as a new version</summary>
            <NewVersionForm interviewId={interview.id} documentId={doc.id} onDone={() => router.refresh()} />
          </details>
        </section>
      ) : null}

      {findings.length > 0 ? (
        <section className="card" aria-labelledby="all-findings">
          <h2 id="all-findings" style={{ marginTop: 0 }}>
            All findings
          </h2>
          <ol className="finding-list">
            {findings.map((f) => (
              <li key={f.id}>
                <button
                  type="button"
                  className="link"
                  aria-current={f.id === selectedId ? "true" : undefined}
                  onClick={() => setSelectedId(f.id)}
                >
                  {f.label}
                </button>{" "}
                <span className="muted small">
                  {SEVERITY_WORDS[f.severity]} · {f.decision ? DECISION_LABELS[f.decision.decision] : "not decided"}
                  {f.decision?.decision === "keep" && f.severity === "high"
                    ? f.decision.approvedBy
                      ? " · approved"
                      : " · awaiting an editor"
                    : ""}
                  {f.decision?.priorExposure
                    ? f.decision.priorExposureJustification
                      ? " · earlier publication justified"
                      : " · earlier publication needs an editor's justification"
                    : ""}
                </span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

function ActionButton({
  label,
  pendingLabel,
  run,
  onDone,
  disabled,
}: {
  label: string;
  pendingLabel: string;
  run: () => Promise<ActionResult<unknown>>;
  onDone: () => void;
  disabled?: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span>
      <button
        type="button"
        disabled={pending || disabled}
        aria-busy={pending || undefined}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await run();
            if (result.ok) onDone();
            else setError(result.message);
          })
        }
      >
        {pending ? pendingLabel : label}
      </button>
      {error ? (
        <span className="error" role="alert">
          {" "}
          {error}
        </span>
      ) : null}
    </span>
  );
}

function FindingPanel({
  finding,
  text,
  review,
  onDecided,
}: {
  finding: ReviewFinding;
  text: string;
  review: DocumentReview;
  onDecided: (id: string) => void;
}) {
  const matched = text.slice(finding.start, finding.end);
  const d = finding.decision;
  return (
    <div className="card" data-testid="finding-panel">
      <h2 style={{ marginTop: 0 }}>{finding.label}</h2>
      <p>
        <span className={`badge${finding.severity === "high" ? " off" : finding.severity === "medium" ? " warn" : ""}`}>
          {SEVERITY_WORDS[finding.severity]} severity
        </span>{" "}
        <span className="muted small">How it was found: {finding.explanation}</span>
      </p>
      {finding.category === "combination" ? (
        <p>
          Together these details may identify the source:{" "}
          {finding.related.map((r, i) => (
            <span key={i}>
              {i > 0 ? ", " : ""}
              <q>{text.slice(r.start, r.end)}</q>
            </span>
          ))}
          . Redacting this finding redacts each of them.
        </p>
      ) : (
        <p>
          Found: <q className="matched">{matched}</q>
        </p>
      )}
      {!finding.keepable ? (
        <p className="notice error">Consent does not allow the source&apos;s real name: this must be redacted or replaced.</p>
      ) : null}
      {d ? (
        <p data-testid="current-decision">
          Decision: <strong>{DECISION_LABELS[d.decision]}</strong>
          {d.replacement ? ` → “${d.replacement}”` : ""} · {d.decidedBy}
          {d.justification ? (
            <span className="small" style={{ display: "block" }}>
              Justification: {d.justification}
            </span>
          ) : null}
          {d.decision === "keep" && finding.severity === "high" ? (
            <span style={{ display: "block" }}>{d.approvedBy ? `Approved by ${d.approvedBy}.` : "Awaiting an editor's approval."}</span>
          ) : null}
        </p>
      ) : (
        <p>Not decided yet.</p>
      )}
      {d?.priorExposure ? (
        d.priorExposureJustification ? (
          <p className="notice ok" data-testid="prior-exposure">
            Kept because it was published before. Justified on its own by {d.priorExposureJustification.by}:{" "}
            <span style={{ whiteSpace: "pre-wrap" }}>{d.priorExposureJustification.justification}</span>
          </p>
        ) : (
          <div className="notice warn" data-testid="prior-exposure">
            <p style={{ marginTop: 0 }}>
              <strong>Earlier publication needs an editor&apos;s own justification.</strong> That a government&apos;s video or another
              outlet showed it before is not a licence to publish it again.
            </p>
            {review.canJustifyPriorExposure ? (
              <PriorExposureForm refs={{ interviewId: review.interview.id, documentId: review.document.id, findingId: finding.id }} />
            ) : (
              <p style={{ marginBottom: 0 }}>An editor of the desk who does not work on this interview records it.</p>
            )}
          </div>
        )
      ) : null}
      {review.canApprove && d?.decision === "keep" && finding.severity === "high" && !d.approvedBy ? (
        <ApproveButton refs={{ interviewId: review.interview.id, documentId: review.document.id, findingId: finding.id }} />
      ) : null}
      {review.canDecide ? <DecisionForm finding={finding} review={review} onDecided={onDecided} /> : null}
    </div>
  );
}

function ApproveButton({ refs }: { refs: { interviewId: string; documentId: string; findingId: string } }) {
  const router = useRouter();
  return (
    <ActionButton
      label="Approve keeping it"
      pendingLabel="Approving…"
      run={() => approveKeptFindingAction(refs)}
      onDone={() => router.refresh()}
    />
  );
}

function DecisionForm({ finding, review, onDecided }: { finding: ReviewFinding; review: DocumentReview; onDecided: (id: string) => void }) {
  const current = finding.decision;
  const { form, onSubmit, pending, formError } = useActionForm(decisionSchema, decideFindingAction, {
    defaultValues: {
      interviewId: review.interview.id,
      documentId: review.document.id,
      findingId: finding.id,
      decision: current?.decision ?? (finding.keepable ? undefined : "redact"),
      replacement: current?.replacement ?? "",
      justification: current?.justification ?? "",
      priorExposure: current?.priorExposure ?? false,
    },
    onSuccess: () => onDecided(finding.id),
  });
  const { register, watch, formState } = form;
  const decision = watch("decision") as Decision | undefined;
  const options = DECISIONS.filter((o) => !(o === "pseudonym" && finding.category === "combination"));
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Decide on this finding">
      <FormError message={formError} />
      <fieldset className="field">
        <legend>What should happen to it?</legend>
        {options.map((o) => {
          const blocked = o === "keep" && !finding.keepable;
          return (
            <label key={o} style={{ display: "block", fontWeight: 400 }}>
              <input type="radio" value={o} disabled={blocked} {...register("decision")} /> {DECISION_LABELS[o]}
              {blocked ? " (not allowed by consent)" : ""}
            </label>
          );
        })}
        {formState.errors.decision?.message ? <p className="error">{formState.errors.decision.message}</p> : null}
      </fieldset>
      {decision === "pseudonym" ? (
        <TextField label="Pseudonym or wording to use" registration={register("replacement")} error={formState.errors.replacement} />
      ) : null}
      {decision === "keep" ? (
        <>
          <TextAreaField
            label="Why it can be published as it is"
            hint={finding.severity === "high" ? "A high-severity finding that is kept needs another editor's approval." : undefined}
            rows={3}
            registration={register("justification")}
            error={formState.errors.justification}
          />
          <CheckboxField
            label="Kept because it was published before (a government video, another outlet)"
            registration={register("priorExposure")}
            hint="Earlier publication is not a licence: an editor of the desk must then justify it on its own before clearance."
          />
        </>
      ) : null}
      <SubmitButton pending={pending} pendingText="Saving…">
        {current ? "Change decision" : "Save decision"}
      </SubmitButton>
    </form>
  );
}

/** An editor of the desk justifies, on its own, a detail kept because it was published before (guidance §6.4). */
function PriorExposureForm({ refs }: { refs: { interviewId: string; documentId: string; findingId: string } }) {
  const router = useRouter();
  const { form, onSubmit, pending, formError } = useActionForm(priorExposureJustificationSchema, justifyPriorExposureAction, {
    defaultValues: { ...refs, justification: "" },
    onSuccess: () => router.refresh(),
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Justify keeping a detail published before">
      <FormError message={formError} />
      <TextAreaField
        label="Why publishing it again adds no risk"
        hint="At least 30 characters, in your own words. It is kept, encrypted, with this decision."
        rows={3}
        registration={form.register("justification")}
        error={form.formState.errors.justification}
      />
      <SubmitButton pending={pending} pendingText="Saving…">
        Record justification
      </SubmitButton>
    </form>
  );
}

function NewVersionForm({ interviewId, documentId, onDone }: { interviewId: string; documentId: string; onDone: () => void }) {
  const { form, onSubmit, pending, formError } = useActionForm(addVersionSchema, addVersionAction, {
    defaultValues: { interviewId, documentId, text: "" },
    onSuccess: (_data, f) => {
      f.reset({ interviewId, documentId, text: "" });
      onDone();
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a new version">
      <FormError message={formError} />
      <TextAreaField label="Revised text" rows={8} registration={form.register("text")} error={form.formState.errors.text} />
      <SubmitButton pending={pending} pendingText="Scanning…">
        Add version and scan
      </SubmitButton>
    </form>
  );
}
