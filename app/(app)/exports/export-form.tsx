"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useWatch } from "react-hook-form";
import { CheckboxField, CheckboxGroup, FormError, SelectField, SubmitButton, TextAreaField, TextField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { CONSENT_STATE_LABELS, CONSENT_STATES } from "@/lib/consent/state-machine";
import {
  EXPORT_FORMAT_LABELS,
  EXPORT_FORMATS,
  consentExportSchema,
  SENSITIVE_REASON_MIN,
  type ConsentExportInput,
} from "@/lib/exports/schema";
import type { TicketProgress } from "@/lib/exports/tickets";
import { SOURCE_TYPE_LABELS, SOURCE_TYPES } from "@/lib/interviews/constants";
import { consentExportProgressAction, prepareConsentExportAction } from "./actions";

type Option = { value: string; label: string };

/** Starts the browser's download of a prepared export (the server streams it; the browser saves it to disk). */
function download(ticketId: string): void {
  const a = document.createElement("a");
  a.href = `/api/exports/consent/${encodeURIComponent(ticketId)}`;
  a.download = "";
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
}

/** Follows a running export until it is done, polling its progress. */
function ExportProgress({ ticketId, total, onReset }: { ticketId: string; total: number; onReset: () => void }) {
  const [progress, setProgress] = useState<TicketProgress>({ state: "ready", done: 0, total, exportId: null, manifestSha256: null });
  const [error, setError] = useState<string | null>(null);
  // Polls that found the download not yet started: the browser may have blocked it.
  const [waiting, setWaiting] = useState(0);
  const finished = progress.state === "done" || progress.state === "failed";
  const router = useRouter();

  // The finished export (or its failed start) belongs in "Recent exports", which the server renders: refresh it.
  useEffect(() => {
    if (finished) router.refresh();
  }, [finished, router]);

  useEffect(() => {
    if (finished || error) return;
    const timer = setTimeout(async () => {
      const r = await consentExportProgressAction(ticketId);
      if (r.ok) {
        setProgress(r.data);
        setWaiting((w) => (r.data.state === "ready" ? w + 1 : 0));
      } else setError(r.message);
    }, 400);
    return () => clearTimeout(timer);
  }, [ticketId, progress, finished, error]);

  const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  return (
    <div aria-live="polite" data-testid="export-progress" className="card" style={{ marginTop: "1rem" }}>
      {progress.state === "done" ? (
        <div className="notice ok" data-testid="export-done">
          <p style={{ marginTop: 0 }}>
            <strong>Export complete:</strong> {progress.done.toLocaleString("en")} consent record{progress.done === 1 ? "" : "s"}. Your
            browser saved the ZIP file.
          </p>
          <p>
            Manifest SHA-256 (also in the audit log): <code className="mono break-all">{progress.manifestSha256}</code>
          </p>
          <p style={{ marginBottom: 0 }}>
            Anyone can check the file without Sourcekeeper&apos;s database:{" "}
            <code>npm run cli -- export verify FILE.zip --pubkey KEY.pem</code> (an editor can download the newsroom&apos;s public key from
            the audit log page).
          </p>
        </div>
      ) : progress.state === "failed" ? (
        <div className="notice error" role="alert">
          The export stopped before it was complete: the file your browser received is not valid. Its start is recorded in the audit log.
          Try again; if it fails again, tell your administrator.
        </div>
      ) : (
        <p style={{ margin: 0 }}>
          {waiting > 20 ? (
            <span className="notice warn" style={{ display: "block", marginBottom: "0.5rem" }}>
              The download has not started. If your browser asked where to save it, answer there; otherwise{" "}
              <a href={`/api/exports/consent/${encodeURIComponent(ticketId)}`} download>
                start it here
              </a>
              .
            </span>
          ) : null}
          <label>
            {progress.state === "ready"
              ? "Starting the download…"
              : `Exported ${progress.done.toLocaleString("en")} of ${progress.total.toLocaleString("en")} records`}{" "}
            <progress max={Math.max(progress.total, 1)} value={progress.done}>
              {percent}%
            </progress>
          </label>
        </p>
      )}
      {error ? <p className="error">{error}</p> : null}
      {finished || error ? (
        <p style={{ marginBottom: 0 }}>
          <button type="button" className="secondary" onClick={onReset}>
            Make another export
          </button>
        </p>
      ) : null}
    </div>
  );
}

/**
 * Chooses what to export — one interview, or a desk, a date range, a status or a kind of source — and in which
 * formats. A sensitive export (editors) asks for the reason and the password; the server checks all of it before
 * the download starts, and the same zod schema checks it here first.
 */
export function ExportForm({
  interviews,
  desks,
  interviewId,
  canSensitive,
}: {
  interviews: Option[];
  desks: Option[];
  interviewId: string;
  canSensitive: boolean;
}) {
  const [running, setRunning] = useState<{ ticketId: string; total: number } | null>(null);
  const defaults: ConsentExportInput = {
    interviewId,
    deskId: "",
    decidedFrom: "",
    decidedTo: "",
    status: "",
    sourceType: "",
    formats: ["pdf", "csv", "json"],
    sensitive: false,
    reason: "",
    password: "",
  };
  const { form, onSubmit, pending, formError } = useActionForm(consentExportSchema, prepareConsentExportAction, {
    defaultValues: defaults,
    onSuccess: (data, f) => {
      f.setValue("password", "");
      setRunning({ ticketId: data.ticketId, total: data.total });
      download(data.ticketId);
    },
  });
  const { register, formState, control } = form;
  const errors = formState.errors;
  const sensitive = useWatch({ control, name: "sensitive" });
  const oneInterview = useWatch({ control, name: "interviewId" });

  if (running) return <ExportProgress ticketId={running.ticketId} total={running.total} onReset={() => setRunning(null)} />;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="export-form">
      <FormError message={formError} />
      <fieldset className="field">
        <legend>Which records</legend>
        <SelectField
          label="Interview"
          registration={register("interviewId")}
          error={errors.interviewId}
          options={[{ value: "", label: "All interviews I can export" }, ...interviews]}
        />
        {!oneInterview && desks.length > 0 ? (
          <SelectField
            label="Desk"
            registration={register("deskId")}
            error={errors.deskId}
            options={[{ value: "", label: "All my desks" }, ...desks]}
          />
        ) : null}
        <div className="grid-2">
          <TextField label="Consent decided from" type="date" registration={register("decidedFrom")} error={errors.decidedFrom} />
          <TextField label="Consent decided until" type="date" registration={register("decidedTo")} error={errors.decidedTo} />
        </div>
        <SelectField
          label="Status now"
          registration={register("status")}
          error={errors.status}
          options={[{ value: "", label: "Any status" }, ...CONSENT_STATES.map((s) => ({ value: s, label: CONSENT_STATE_LABELS[s] }))]}
        />
        {!oneInterview ? (
          <SelectField
            label="Kind of source"
            registration={register("sourceType")}
            error={errors.sourceType}
            options={[{ value: "", label: "Any kind of source" }, ...SOURCE_TYPES.map((s) => ({ value: s, label: SOURCE_TYPE_LABELS[s] }))]}
          />
        ) : null}
      </fieldset>
      <CheckboxGroup
        legend="Formats"
        registration={register("formats")}
        error={errors.formats}
        options={EXPORT_FORMATS.map((f) => ({ value: f, label: EXPORT_FORMAT_LABELS[f] }))}
        hint="All formats say the same thing; each record carries the same fingerprint in each of them."
      />
      {canSensitive ? (
        <fieldset className="field">
          <legend>Sensitive material</legend>
          <CheckboxField
            label="Include the free-text answers, event details and signature scans"
            registration={register("sensitive")}
            hint="Only when a request truly needs them (a court order, the source's own request). They can identify the source or the people around them. The bundle is marked sensitive."
          />
          {sensitive ? (
            <>
              <TextAreaField
                label="Reason for including them"
                registration={register("reason")}
                error={errors.reason}
                rows={3}
                hint={`At least ${SENSITIVE_REASON_MIN} characters. It is written into the signed manifest and kept, encrypted, with the export's record.`}
              />
              <TextField
                label="Your password, to confirm"
                type="password"
                autoComplete="current-password"
                registration={register("password")}
                error={errors.password}
              />
            </>
          ) : null}
        </fieldset>
      ) : null}
      <SubmitButton pending={pending} pendingText="Checking…">
        Export
      </SubmitButton>
    </form>
  );
}
