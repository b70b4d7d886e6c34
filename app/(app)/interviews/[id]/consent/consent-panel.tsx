import Link from "next/link";
import type { ConsentRecordSummary } from "@/lib/consent/list-consent-records";
import { CONSENT_STATE_LABELS, isFinal } from "@/lib/consent/state-machine";
import { WithdrawConsent } from "./consent-event-forms";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The consent section of the interview page: status, records, and the one-click way to record a withdrawal. */
export function ConsentPanel({ interviewId, records, canEdit }: { interviewId: string; records: ConsentRecordSummary[]; canEdit: boolean }) {
  const current = records[0];
  return (
    <section className="card" aria-labelledby="consent-heading" data-testid="consent-panel">
      <h2 id="consent-heading" style={{ marginTop: 0 }}>
        Consent
      </h2>
      {!current ? (
        <p>
          No consent recorded yet. Explain the consent script to the source, then record how consent was obtained and what they agreed to.
        </p>
      ) : (
        <>
          <p>
            Current: <strong data-testid="consent-status">{CONSENT_STATE_LABELS[current.status]}</strong>
            {current.lastConfirmedAt ? ` · last confirmed ${day(current.lastConfirmedAt)}` : ""}
          </p>
          {current.captorPresent ? (
            <p className="notice error">Blocking: detaining-authority personnel, guards or an intelligence service were present when consent was given.</p>
          ) : null}
          {current.needsOverride && current.overrideApprovals < 2 ? (
            <p className="notice warn">
              The prisoner of war chose an identifying option: two editors must approve the public-interest justification ({current.overrideApprovals} of 2).
            </p>
          ) : null}
          <ul>
            {records.map((r) => (
              <li key={r.id}>
                <Link href={`/interviews/${interviewId}/consent/${r.id}`}>
                  Record of {day(r.createdAt)}: {CONSENT_STATE_LABELS[r.status]}
                </Link>{" "}
                <span className="muted small">by {r.recordedBy}</span>
              </li>
            ))}
          </ul>
          {!isFinal(current.status) ? <WithdrawConsent interviewId={interviewId} recordId={current.id} /> : null}
        </>
      )}
      {canEdit ? (
        <p style={{ marginTop: "1rem" }}>
          <Link className="button" href={`/interviews/${interviewId}/consent/new${current ? `?previous=${current.id}` : ""}`}>
            {current ? "Record a new consent (re-consent)" : "Record consent"}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
