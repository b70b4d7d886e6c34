import type { Metadata } from "next";
import Link from "next/link";
import { orNotFound } from "@/app/_components/or-not-found";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { PHASE_LABELS, PHASES } from "@/lib/checklist/types";
import { listConsentRecords } from "@/lib/consent/list-consent-records";
import { INTERPRETER_LABELS, SETTING_LABELS, SOURCE_TYPE_LABELS, STATUS_LABELS, type InterviewStatus } from "@/lib/interviews/constants";
import { getInterview } from "@/lib/interviews/get-interview";
import { ERASURE_REASON_LABELS } from "@/lib/interviews/schema";
import { formatDateTime } from "@/app/_components/datetime";
import { listDeskColleagues } from "@/lib/interviews/list-desk-colleagues";
import { listDocuments } from "@/lib/review/documents";
import { describeReviewState } from "@/lib/review/rules";
import { ChecklistItem } from "./checklist-item";
import { CollaboratorsPanel } from "./collaborators-panel";
import { CommentForm } from "./comment-form";
import { ConsentPanel } from "./consent/consent-panel";
import { StatusControls, UpgradeButton } from "./status-controls";

export const metadata: Metadata = { title: "Interview" };

/** What the publication gate needs next, by status (the publication page has the full report). */
const PUBLICATION_STEP: Record<InterviewStatus, string> = {
  preparing: "Once the interview has taken place, mark it “Interviewed”; then it can be submitted for review.",
  interviewed: "Next: submit it for review on the publication page.",
  in_review: "An editor of the desk reads the gate report and clears it; the report lists anything that blocks it.",
  cleared: "Cleared for publication: record the publication once it has appeared.",
  published: "Published. A withdrawal of consent now opens a takedown task for the desk's editors.",
  cancelled: "Cancelled: it cannot be cleared or published.",
};

export default async function InterviewPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const ctx = pageCtx(user);
  const detail = orNotFound(() => getInterview({ ctx, interviewId: id }));
  const { interview, readiness, checklist } = detail;
  const colleagues = detail.isOwner && detail.canEdit ? listDeskColleagues({ ctx, interviewId: interview.id }) : [];
  const consentRecords = listConsentRecords({ ctx, interviewId: interview.id });
  const consentNow = consentRecords[0]?.status;
  const documents = listDocuments({ ctx, interviewId: interview.id });
  const blocking = checklist.filter((c) => c.blockingOpen);
  const others = checklist.filter((c) => !c.blockingOpen);
  return (
    <>
      <p>
        <Link href="/interviews">← Interviews</Link>
      </p>
      <div style={{ display: "flex", flexWrap: "wrap", gap: "0.75rem", alignItems: "baseline" }}>
        <h1>{interview.codeName}</h1>
        <span className="badge">{SOURCE_TYPE_LABELS[interview.sourceType]}</span>
        <span className="badge">{STATUS_LABELS[interview.status]}</span>
        {interview.archivedAt ? <span className="badge off">Archived</span> : null}
        {interview.erasedAt ? <span className="badge off">Source data erased</span> : null}
        <Link href={`/interviews/${interview.id}/activity`}>Activity</Link>
        <Link href={`/interviews/${interview.id}/publication`}>Publication</Link>
        {detail.canErase ? <Link href={`/interviews/${interview.id}/erase`}>Erase source data</Link> : null}
      </div>
      {interview.erasedAt !== null ? (
        <div className="notice" role="status" data-testid="erased-banner">
          <strong>Source data erased</strong> on {formatDateTime(interview.erasedAt)}
          {detail.erasedBy ? ` by ${detail.erasedBy.name}` : ""}
          {interview.erasureReason ? ` (${ERASURE_REASON_LABELS[interview.erasureReason].toLowerCase()})` : ""}. Its encryption key was destroyed:
          identifiers, notes, documents, images, the consent records&apos; free text and files can no longer be read, and show as
          “[erased]”. Statuses, dates, consent choices and the audit log remain. The interview is archived.
        </div>
      ) : null}
      {consentNow === "withdrawn" || consentNow === "revoked" ? (
        <div className="notice error" role="status" data-testid="consent-withdrawn-banner">
          <strong>Consent {consentNow === "withdrawn" ? "withdrawn by the source" : "revoked by the newsroom"}.</strong> Nothing from this
          interview may be published or shared. Working with the source again needs a new consent record.
        </div>
      ) : null}
      <p className="muted">
        Owner {detail.owner.name} · {detail.desk.name} · {interview.outlet}
        {interview.plannedDate ? ` · planned ${interview.plannedDate}` : ""}
        {detail.access === "desk" ? " · you can read and comment as an editor of this desk" : ""}
      </p>

      <section className="card" aria-labelledby="readiness">
        <h2 id="readiness" style={{ marginTop: 0 }}>
          Readiness
        </h2>
        <p className={`readiness ${readiness.ready ? "ready" : "blocked"}`} data-testid="readiness">
          {readiness.summary}
        </p>
        <ul className="progress" aria-label="Progress per phase">
          {PHASES.filter((p) => readiness.byPhase[p].total > 0).map((p) => (
            <li key={p}>
              {PHASE_LABELS[p]}: {readiness.byPhase[p].done} of {readiness.byPhase[p].total} done
              {readiness.byPhase[p].blockingOpen ? `, ${readiness.byPhase[p].blockingOpen} blocking open` : ""}
            </li>
          ))}
        </ul>
        {detail.upgradeAvailable && detail.canEdit ? (
          <div className="notice warn" style={{ marginTop: "1rem" }}>
            <p>
              This checklist follows guidance version {detail.upgradeAvailable.from}; version {detail.upgradeAvailable.to} is available.
              Upgrading keeps the state of every item whose text did not change.
            </p>
            <UpgradeButton interviewId={interview.id} to={detail.upgradeAvailable.to} />
          </div>
        ) : null}
      </section>

      <ConsentPanel interviewId={interview.id} records={consentRecords} canEdit={detail.canEdit} />

      <section className="card" aria-labelledby="review-heading" data-testid="review-panel">
        <h2 id="review-heading" style={{ marginTop: 0 }}>
          Review before publication
        </h2>
        {documents.length === 0 ? (
          <p>
            No drafts, captions or transcripts checked yet.
            {detail.canEdit ? " Register the source's identifiers, then add what you plan to publish." : ""}
          </p>
        ) : (
          <ul>
            {documents.map((d) => (
              <li key={d.id}>
                <Link href={`/interviews/${interview.id}/review/${d.id}`}>{d.title}</Link>: {describeReviewState(d.state)}
              </li>
            ))}
          </ul>
        )}
        <p className="actions-row">
          {detail.canEdit ? (
            <Link className="button secondary" href={`/interviews/${interview.id}/identifiers`}>
              Protected identifiers
            </Link>
          ) : null}
          <Link className="button" href={`/interviews/${interview.id}/review`}>
            Documents and images
          </Link>
        </p>
      </section>

      {blocking.length > 0 ? (
        <section aria-labelledby="blocking-heading">
          <h2 id="blocking-heading">Blocking items still open ({blocking.length})</h2>
          <ul className="checklist">
            {blocking.map((item) => (
              <ChecklistItem key={item.itemId} interviewId={interview.id} item={item} canEdit={detail.canEdit} />
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="checklist-heading">
        <h2 id="checklist-heading">{blocking.length > 0 ? "Other checklist items" : "Checklist"}</h2>
        {PHASES.map((phase) => {
          const items = others.filter((c) => c.phase === phase);
          if (items.length === 0) return null;
          return (
            <div key={phase}>
              <h3>{PHASE_LABELS[phase]}</h3>
              <ul className="checklist">
                {items.map((item) => (
                  <ChecklistItem key={item.itemId} interviewId={interview.id} item={item} canEdit={detail.canEdit} />
                ))}
              </ul>
            </div>
          );
        })}
      </section>

      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading" style={{ marginTop: 0 }}>
          Details
        </h2>
        <dl className="facts">
          <dt>Kind of source</dt>
          <dd>{SOURCE_TYPE_LABELS[interview.sourceType]}</dd>
          <dt>Circumstances</dt>
          <dd>
            {[interview.minor && "under 18", interview.inCustody && "in custody", interview.recentTrauma && "recent trauma or injury"]
              .filter(Boolean)
              .join(", ") || "none flagged"}
          </dd>
          {interview.inCustody ? (
            <>
              <dt>Held by</dt>
              <dd>{interview.custodyHolder}</dd>
            </>
          ) : null}
          <dt>Setting</dt>
          <dd>{SETTING_LABELS[interview.setting]}</dd>
          <dt>Languages</dt>
          <dd>
            source: {interview.sourceLanguage}; interview: {interview.interviewLanguage}
          </dd>
          <dt>Interpreter</dt>
          <dd>{INTERPRETER_LABELS[interview.interpreter]}</dd>
          <dt>Guidance version</dt>
          <dd>{interview.guidanceVersion}</dd>
          <dt>Notes</dt>
          <dd style={{ whiteSpace: "pre-wrap" }}>{interview.notes || <span className="muted">none</span>}</dd>
        </dl>
        {detail.canEdit ? (
          <p style={{ marginTop: "1rem" }}>
            <Link className="button" href={`/interviews/${interview.id}/edit`}>
              Edit details
            </Link>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="publication-heading" data-testid="publication-panel">
        <h2 id="publication-heading" style={{ marginTop: 0 }}>
          Publication
        </h2>
        <p>
          Status: <strong>{STATUS_LABELS[interview.status]}</strong>. {PUBLICATION_STEP[interview.status]}
        </p>
        {interview.status === "in_review" && interview.statusReason ? (
          <p className="notice warn" role="status" data-testid="status-reason">
            <strong>Back in review:</strong> {interview.statusReason}
          </p>
        ) : null}
        <p style={{ marginBottom: 0 }}>
          <Link className="button" href={`/interviews/${interview.id}/publication`}>
            Publication and gate report
          </Link>
        </p>
      </section>

      {detail.transitions.length > 0 || detail.canArchive ? (
        <section className="card" aria-labelledby="status-heading">
          <h2 id="status-heading" style={{ marginTop: 0 }}>
            Status
          </h2>
          <p>
            Now: <strong>{STATUS_LABELS[interview.status]}</strong>. Submitting for review, clearance and publication happen on the
            publication page.
          </p>
          <StatusControls interviewId={interview.id} transitions={detail.transitions} canArchive={detail.canArchive} />
        </section>
      ) : null}

      <CollaboratorsPanel
        interviewId={interview.id}
        collaborators={detail.collaborators}
        colleagues={colleagues}
        canManage={detail.isOwner && detail.canEdit}
      />

      <section className="card" aria-labelledby="comments-heading">
        <h2 id="comments-heading" style={{ marginTop: 0 }}>
          Comments ({detail.comments.length})
        </h2>
        {detail.comments.length === 0 ? <p className="muted">No comments yet. Editors of the desk can comment here too.</p> : null}
        <ul style={{ paddingLeft: "1.2rem" }}>
          {detail.comments.map((c) => (
            <li key={c.id}>
              <strong>{c.author}</strong>{" "}
              <span className="muted small">{new Date(c.createdAt).toISOString().slice(0, 16).replace("T", " ")} UTC</span>
              <p style={{ whiteSpace: "pre-wrap" }}>{c.body}</p>
            </li>
          ))}
        </ul>
        {interview.archivedAt === null ? <CommentForm interviewId={interview.id} /> : null}
      </section>
    </>
  );
}
