import Link from "next/link";
import type { ConsentRecordSummary } from "@/lib/consent/list-consent-records";
import { CONSENT_STATE_LABELS, isActive, isFinal } from "@/lib/consent/state-machine";
import { WithdrawConsent } from "./consent-event-forms";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The consent section of the interview page: status, records, and the one-click way to record a withdrawal. */
export function ConsentPanel({
  interviewId,
  records,
  canEdit,
}: {
  interviewId: string;
  records: ConsentRecordSummary[];
  canEdit: boolean;
}) {
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
          {isActive(current.status) ? (
            <ReconfirmationNote reconfirmation={current.reconfirmation} expiresOn={current.terms.expiresOn} />
          ) : null}
          {current.status === "withdrawn" ? (
            <p className="notice error">
              The source withdrew consent. Nothing from this interview may be published; working with them again needs a new consent record.
            </p>
          ) : null}
          {current.status === "expired" ? (
            <p className="notice error">
              Consent expired{current.terms.expiresOn ? ` at the end of ${current.terms.expiresOn}` : ""}. A new consent record is needed.
            </p>
          ) : null}
          {current.captorPresent ? (
            <p className="notice error">
              Blocking: detaining-authority personnel, guards or an intelligence service were present when consent was given.
            </p>
          ) : null}
          {current.needsOverride && current.overrideApprovals < 2 ? (
            <p className="notice warn">
              The prisoner of war chose an identifying option: two editors must approve the public-interest justification (
              {current.overrideApprovals} of 2).
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
          <p>
            <Link href={`/exports?interview=${interviewId}`} data-testid="export-interview-consent">
              Export these consent records (PDF, CSV, JSON — signed)
            </Link>
          </p>
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

/** Reconfirmation before publication (guidance.md §4.13): when it last happened and whether it still counts. */
function ReconfirmationNote({
  reconfirmation: r,
  expiresOn,
}: {
  reconfirmation: ConsentRecordSummary["reconfirmation"];
  expiresOn: string | null;
}) {
  const expiry = expiresOn ? ` Consent expires at the end of ${expiresOn}.` : "";
  if (r.lastReconfirmedAt === null) {
    return (
      <p className="notice warn" data-testid="reconfirmation-state">
        Not reconfirmed yet. Shortly before publication, show or read the final content to the source and record their answer (it counts for{" "}
        {r.days} days).{expiry}
      </p>
    );
  }
  if (!r.current) {
    return (
      <p className="notice warn" data-testid="reconfirmation-state">
        Last reconfirmed {day(r.lastReconfirmedAt)}, more than {r.days} days ago: reconfirm before publication.{expiry}
      </p>
    );
  }
  return (
    <p data-testid="reconfirmation-state">
      Reconfirmed {day(r.lastReconfirmedAt)}; counts for publication until {day(r.validUntil!)}.{expiry}
    </p>
  );
}
