import type { Metadata } from "next";
import Link from "next/link";
import { formatDate, formatDateTime } from "@/app/_components/datetime";
import { FactList } from "@/app/_components/fact-list";
import { orNotFound } from "@/app/_components/or-not-found";
import { can } from "@/lib/auth/permissions";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { MEDIA_LABELS } from "@/lib/consent/constants";
import { STATUS_LABELS } from "@/lib/interviews/constants";
import { RULE_TITLES, type GateRule } from "@/lib/publication/evaluate-gate";
import { getPublicationView } from "@/lib/publication/workflow";
import { ApproveOverrideButton, CaptorOverrideForm, PublishForm, SignOffForm, SubmitForReviewButton } from "./publication-forms";

export const metadata: Metadata = { title: "Publication" };

const RULES: readonly GateRule[] = [1, 2, 3, 4, 5, 6];
const CAPTOR_CODES = new Set(["consent_captor_present", "consent_captor_override_pending"]);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export default async function PublicationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const ctx = pageCtx(user);
  const view = orNotFound(() => getPublicationView({ ctx, interviewId: id }));
  const { interview, report, captorOverride: override } = view;
  const base = `/interviews/${interview.id}`;
  const blocking = report.reasons.filter((r) => r.rule !== 6);
  const fourEyes = report.reasons.filter((r) => r.rule === 6);
  const editor = can(user.actor, "publication:sign_off");
  const captorReason = report.reasons.find((r) => CAPTOR_CODES.has(r.code));
  const archived = interview.archivedAt !== null;
  return (
    <>
      <p>
        <Link href={base}>← {interview.codeName}</Link>
      </p>
      <h1>Publication: {interview.codeName}</h1>
      <p>
        Status: <strong data-testid="publication-status">{STATUS_LABELS[interview.status]}</strong>
        {archived ? (
          <>
            {" "}
            <span className="badge off">Archived</span>
          </>
        ) : null}
      </p>
      {interview.status === "in_review" && interview.statusReason ? (
        <p className="notice warn" role="status" data-testid="status-reason">
          <strong>Back in review:</strong> {interview.statusReason} An editor must read the report and clear it again.
        </p>
      ) : null}
      <NextStep view={view} editor={editor} />

      <section className="card" aria-labelledby="gate-heading" data-testid="gate-report">
        <h2 id="gate-heading" style={{ marginTop: 0 }}>
          Gate report
        </h2>
        {blocking.length === 0 ? (
          <p className="notice ok" data-testid="gate-clear">
            <strong>Nothing blocks clearance.</strong> The checklist, consent, the review of every document and image and the checks on
            earlier publication all pass.
          </p>
        ) : (
          <p className="notice error" data-testid="gate-blocked">
            <strong>It cannot be cleared yet: {plural(blocking.length, "reason")}.</strong> Each one links to where it is fixed.
          </p>
        )}
        {RULES.map((rule) => {
          const reasons = report.reasons.filter((r) => r.rule === rule);
          if (rule === 6 && reasons.length === 0) return null;
          return (
            <div key={rule} data-testid={`gate-rule-${rule}`}>
              <h3>
                {rule}. {RULE_TITLES[rule]}
              </h3>
              {reasons.length === 0 ? (
                <p className="muted">Nothing to fix.</p>
              ) : (
                <ul>
                  {reasons.map((r, n) => (
                    <li key={`${r.code}-${r.subjectId ?? n}`}>
                      <Link href={r.href}>{r.message}</Link>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          );
        })}
        <p className="muted small" style={{ marginBottom: 0 }}>
          Report fingerprint (SHA-256):{" "}
          <code className="mono break-all" data-testid="gate-hash">
            {report.hash}
          </code>
          . A sign-off records exactly this report; if anything changes, the fingerprint changes.
        </p>
      </section>

      {captorReason || override ? (
        <section className="card" id="captor-override" aria-labelledby="captor-heading" data-testid="captor-override">
          <h2 id="captor-heading" style={{ marginTop: 0 }}>
            Captors present at consent
          </h2>
          <p>
            The source gave consent with the detaining authority, guards or an intelligence service present. That consent counts only once
            an editor of the desk records a reasoned override and a second editor approves it. Neither may work on this interview.
          </p>
          {override ? (
            <FactList
              facts={[
                ["Override recorded by", `${override.requestedBy}, ${formatDateTime(override.requestedAt)}`],
                [
                  "Reason",
                  <span key="reason" style={{ whiteSpace: "pre-wrap" }}>
                    {override.reason}
                  </span>,
                ],
                [
                  "Second editor",
                  override.approved
                    ? `Approved by ${override.approvedBy ?? "an editor"}${override.approvedAt ? `, ${formatDateTime(override.approvedAt)}` : ""}`
                    : "Not approved yet",
                ],
              ]}
            />
          ) : null}
          {!view.canCheck ? (
            override?.approved ? null : (
              <p className="muted">
                {override ? "A second editor of the desk who does not work on this interview approves it." : "No override is recorded."}
              </p>
            )
          ) : !override ? (
            captorReason ? (
              <CaptorOverrideForm interviewId={interview.id} />
            ) : null
          ) : override.approved ? null : override.requestedByReader ? (
            <p className="notice warn">You recorded this override: a second editor of the desk must approve it.</p>
          ) : (
            <p>
              <ApproveOverrideButton interviewId={interview.id} overrideId={override.id} />
            </p>
          )}
        </section>
      ) : null}

      {interview.status === "in_review" ? (
        <section className="card" id="sign-off" aria-labelledby="sign-off-heading">
          <h2 id="sign-off-heading" style={{ marginTop: 0 }}>
            Editor&apos;s sign-off
          </h2>
          {view.canSignOff ? (
            <SignOffForm key={report.hash} interviewId={interview.id} gateHash={report.hash} blocked={!report.clear} />
          ) : editor && fourEyes.length > 0 ? (
            <p>{fourEyes.map((r) => r.message).join(" ")}</p>
          ) : (
            <p>An editor of the desk who does not work on this interview reads this report and clears it.</p>
          )}
        </section>
      ) : null}

      {interview.status === "cleared" ? (
        <section className="card" aria-labelledby="publish-heading">
          <h2 id="publish-heading" style={{ marginTop: 0 }}>
            Record publication
          </h2>
          {view.canPublish ? (
            <PublishForm interviewId={interview.id} outlet={interview.outlet} today={formatDate(ctx.now())} />
          ) : (
            <p>The owner, a collaborator or an editor of the desk records where and when it was published.</p>
          )}
        </section>
      ) : null}

      <section className="card" aria-labelledby="history-heading" data-testid="publication-history">
        <h2 id="history-heading" style={{ marginTop: 0 }}>
          Sign-offs and publications
        </h2>
        <h3>Sign-offs ({view.signoffs.length})</h3>
        {view.signoffs.length === 0 ? (
          <p className="muted">No editor has cleared this interview yet.</p>
        ) : (
          <ul>
            {view.signoffs.map((s) => (
              <li key={s.id}>
                <strong>{s.editor}</strong> <span className="muted small">{formatDateTime(s.signedAt)}</span>
                <p style={{ whiteSpace: "pre-wrap", margin: "0.25rem 0" }}>{s.statement}</p>
                <span className="muted small">
                  Report fingerprint: <code className="mono break-all">{s.gateHash}</code>
                </span>
              </li>
            ))}
          </ul>
        )}
        <h3>Publications ({view.publications.length})</h3>
        {view.publications.length === 0 ? (
          <p className="muted">Not published yet.</p>
        ) : (
          <ul>
            {view.publications.map((p) => (
              <li key={p.id}>
                <strong>{p.outlet}</strong>, {p.publishedOn} ·{" "}
                {p.media.map((m) => MEDIA_LABELS[m as keyof typeof MEDIA_LABELS] ?? m).join(", ")}
                <span style={{ display: "block" }} className="break-all">
                  {p.reference}
                </span>
                <span className="muted small">
                  Recorded by {p.recordedBy}, {formatDateTime(p.recordedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** What happens next, for this reader and this status, in one sentence (and the one button, when it is theirs). */
function NextStep({ view, editor }: { view: Awaited<ReturnType<typeof getPublicationView>>; editor: boolean }) {
  const { interview } = view;
  switch (interview.status) {
    case "preparing":
      return (
        <p>
          Next: prepare and hold the interview. Once it is marked “Interviewed” on the{" "}
          <Link href={`/interviews/${interview.id}`}>interview page</Link>, it can be submitted for review.
        </p>
      );
    case "interviewed":
      return view.canSubmit ? (
        <div className="actions-row">
          <p style={{ margin: 0 }}>Next: submit it for review. An editor of the desk then reads this report and clears it.</p>
          <SubmitForReviewButton interviewId={interview.id} />
        </div>
      ) : (
        <p>Next: the owner or a collaborator submits it for review.</p>
      );
    case "in_review":
      return (
        <p>
          {view.canSignOff
            ? "Next: read the report, then sign off below if nothing blocks it."
            : editor
              ? "Next: an editor of the desk who does not work on this interview signs off."
              : "Next: an editor of the desk reads the report and signs off. Fix any reason the report lists."}
        </p>
      );
    case "cleared":
      return <p>Cleared for publication. Next: record the publication below once it has appeared.</p>;
    case "published":
      return <p>Published. If the source withdraws consent now, a takedown task goes to the desk&apos;s editors at once.</p>;
    case "cancelled":
      return <p>This interview is cancelled: it cannot be submitted, cleared or published.</p>;
    default:
      return null;
  }
}
