import type { Metadata } from "next";
import Link from "next/link";
import { formatDate, formatDateTime } from "@/app/_components/datetime";
import { can } from "@/lib/auth/permissions";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { listPendingApprovals } from "@/lib/checklist/list-pending-approvals";
import type { ConsentState } from "@/lib/consent/state-machine";
import type { Ctx } from "@/lib/context";
import { INTERVIEW_STATUSES, STATUS_LABELS } from "@/lib/interviews/constants";
import { listInterviews } from "@/lib/interviews/list-interviews";
import { DUE_SOON_DAYS, getDashboard, type Dashboard } from "@/lib/publication/dashboard";
import { RULE_TITLES } from "@/lib/publication/evaluate-gate";
import { ActivityChart } from "./activity-chart";
import { spanInWords, toOpenTakedowns } from "./takedowns/format";
import { OpenTakedowns } from "./takedowns/open-takedowns";

export const metadata: Metadata = { title: "Dashboard" };

/** Consent states the dashboard flags beside an interview: the source or the newsroom ended it, or it ran out. */
const CONSENT_FLAGS: Partial<Record<ConsentState, string>> = {
  withdrawn: "consent withdrawn",
  revoked: "consent revoked",
  expired: "consent expired",
};

/** The latest consent state of the reader's interviews (the dashboard itself carries statuses and counts only). */
function consentStates(ctx: Ctx, readsDesk: boolean, userId: string): Map<string, ConsentState | null> {
  // Editors see their desks' interviews too; their own ones are asked for separately so none is cut off by the limit.
  const rows = readsDesk
    ? [...listInterviews({ ctx, filter: {} }), ...listInterviews({ ctx, filter: { ownerId: userId } })]
    : listInterviews({ ctx, filter: {} });
  return new Map(rows.map((r) => [r.id, r.consentStatus]));
}

function StatusCounts({ counts }: { counts: Dashboard["counts"] }) {
  return (
    <ul className="tiles" aria-label="Your interviews by status">
      {INTERVIEW_STATUSES.map((s) => (
        <li key={s} className={counts[s] > 0 ? "tile" : "tile empty"}>
          {counts[s] > 0 ? (
            <a href={`#status-${s}`}>
              <span className="tile-count">{counts[s]}</span> <span className="tile-label">{STATUS_LABELS[s]}</span>
            </a>
          ) : (
            <>
              <span className="tile-count">0</span> <span className="tile-label">{STATUS_LABELS[s]}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function YourInterviews({ dash, consent }: { dash: Dashboard; consent: Map<string, ConsentState | null> }) {
  const total = INTERVIEW_STATUSES.reduce((n, s) => n + dash.counts[s], 0);
  if (total === 0)
    return (
      <>
        <p data-testid="dashboard-empty">
          No interview yet: prepare one. Give the source a code name and Sourcekeeper builds the ethics checklist for them.
        </p>
        <Link className="button" href="/interviews/new">
          Prepare an interview
        </Link>
      </>
    );
  return (
    <>
      <StatusCounts counts={dash.counts} />
      {INTERVIEW_STATUSES.filter((s) => dash.mine[s].length > 0).map((s) => (
        <section key={s} aria-labelledby={`status-${s}`} className="status-group">
          <h3 id={`status-${s}`}>
            {STATUS_LABELS[s]} ({dash.counts[s]})
          </h3>
          <ul className="dash-list">
            {dash.mine[s].map((i) => {
              const state = consent.get(i.id);
              const flag = state ? CONSENT_FLAGS[state] : undefined;
              return (
                <li key={i.id}>
                  <Link href={`/interviews/${i.id}`}>{i.codeName}</Link>
                  {flag ? (
                    <>
                      {" "}
                      <strong className="badge off">{flag}</strong>
                    </>
                  ) : null}
                  {s === "cancelled" ? null : (
                    <>
                      {" "}
                      — <span className="visually-hidden">next step: </span>
                      <Link href={i.next.href}>{i.next.label}</Link>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          {dash.counts[s] > dash.mine[s].length ? (
            <p className="small muted">
              The {dash.mine[s].length} most recently changed are shown.{" "}
              <Link href={`/interviews?status=${s}`}>See all {STATUS_LABELS[s].toLowerCase()} interviews</Link>
            </p>
          ) : null}
        </section>
      ))}
    </>
  );
}

function AwaitingReview({ items }: { items: Dashboard["awaitingReview"] }) {
  if (items.length === 0)
    return (
      <p data-testid="review-empty">
        Nothing awaits your review. Interviews of your desks appear here when their journalist submits them for sign-off.
      </p>
    );
  return (
    <ul className="dash-list">
      {items.map((r) => (
        <li key={r.id} data-testid="awaiting-review">
          <Link href={`/interviews/${r.id}/publication`}>{r.codeName}</Link> —{" "}
          {r.reasons.length === 0 ? (
            <strong>Ready for your sign-off</strong>
          ) : (
            <>
              <strong>
                {r.reasons.length} blocking reason{r.reasons.length === 1 ? "" : "s"}
              </strong>
              {r.reasons.length > 2 ? ", the first two:" : ":"}
              <ul className="small reasons">
                {r.reasons.slice(0, 2).map((reason, k) => (
                  <li key={`${reason.code}-${reason.subjectId ?? k}`}>
                    {RULE_TITLES[reason.rule]}: {reason.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function DueSoon({ items, now }: { items: Dashboard["dueSoon"]; now: number }) {
  if (items.length === 0)
    return (
      <p data-testid="due-soon-empty">No consent expires and no reconfirmation runs out in the next {DUE_SOON_DAYS} days on your desks.</p>
    );
  return (
    <ul className="dash-list">
      {items.map((d) => (
        <li key={`${d.interviewId}-${d.kind}`}>
          <Link href={`/interviews/${d.interviewId}`}>{d.codeName}</Link>:{" "}
          {d.kind === "expires" ? (
            <>
              Consent expires at the end of {formatDate(d.at)} UTC (in {spanInWords(d.at - now)}).{" "}
              <span className="muted small">Ask the source whether it may be extended, or plan for it to end.</span>
            </>
          ) : (
            <>
              Reconfirmation runs out {formatDateTime(d.at)} (in {spanInWords(d.at - now)}).{" "}
              <span className="muted small">Reconfirm consent with the source before then.</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * The landing page after sign-in (issue 9). Everyone: their interviews by status, each with its next step, and
 * 30 days of activity. Editors of a desk also: open takedown tasks first (they cannot wait), interviews awaiting
 * their review with what blocks them, and consents expiring or due for reconfirmation within 7 days.
 */
export default async function HomePage() {
  const user = await requireUser();
  const ctx = pageCtx(user);
  const now = ctx.now();
  const isAdmin = can(user.actor, "user:manage");
  const editor = can(user.actor, "publication:sign_off") && user.actor.deskIds.length > 0;
  const approvals = listPendingApprovals({ ctx });
  const dash = getDashboard({ ctx });
  const consent = consentStates(ctx, can(user.actor, "interview:read_desk"), user.id);
  const hasInterviews = INTERVIEW_STATUSES.some((s) => dash.counts[s] > 0);
  return (
    <>
      <h1>Hello, {user.name}</h1>
      <p className="muted">
        Desks: {user.desks.length ? user.desks.map((d) => d.name).join(", ") : "none yet — an administrator can add you to a desk."}
      </p>
      {isAdmin && user.desks.length === 0 ? (
        <section className="card" aria-labelledby="next-step">
          <h2 id="next-step">Next step: add your newsroom</h2>
          <p>Create the desks your newsroom works in, then an account for each journalist and editor.</p>
          <Link className="button" href="/admin/users">
            Manage users and desks
          </Link>
        </section>
      ) : null}
      {editor ? (
        <section
          className={dash.takedowns.length > 0 ? "card card-alert" : "card"}
          aria-labelledby="takedowns"
          data-testid="dashboard-takedowns"
        >
          <h2 id="takedowns" style={{ marginTop: 0 }}>
            Takedowns required ({dash.takedowns.length})
          </h2>
          {dash.takedowns.length > 0 ? (
            <p className="small">
              Consent ended after publication. Take the identifying material down (the article, archive copies, partners&apos; copies) and
              record what was done. Every editor of the desk sees these tasks until one of them resolves it.
            </p>
          ) : null}
          <OpenTakedowns
            tasks={toOpenTakedowns(dash.takedowns, now)}
            empty={<p>No takedown is required. If consent ends after publication, the task appears here for every editor of the desk.</p>}
          />
          <p className="small" style={{ marginBottom: 0 }}>
            <Link href="/takedowns">All takedown tasks, with the resolved ones</Link>
          </p>
        </section>
      ) : null}
      {editor ? (
        <section className="card" aria-labelledby="awaiting-review">
          <h2 id="awaiting-review" style={{ marginTop: 0 }}>
            Awaiting your review ({dash.awaitingReview.length})
          </h2>
          <AwaitingReview items={dash.awaitingReview} />
        </section>
      ) : null}
      {editor ? (
        <section className="card" aria-labelledby="due-soon">
          <h2 id="due-soon" style={{ marginTop: 0 }}>
            Due within {DUE_SOON_DAYS} days ({dash.dueSoon.length})
          </h2>
          <DueSoon items={dash.dueSoon} now={now} />
        </section>
      ) : null}
      {approvals.length > 0 ? (
        <section className="card" aria-labelledby="approvals">
          <h2 id="approvals">Waiting for your decision ({approvals.length})</h2>
          <p className="muted small">Requests to treat a blocking checklist item as not applicable. Only another editor can decide them.</p>
          <ul>
            {approvals.map((a) => (
              <li key={`${a.interviewId}-${a.itemId}`}>
                <Link href={`/interviews/${a.interviewId}#item-${a.itemId}`}>
                  {a.codeName}: {a.itemTitle}
                </Link>{" "}
                <span className="muted small">asked by {a.requestedBy}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="mine">
        <h2 id="mine" style={{ marginTop: 0 }}>
          Your interviews
        </h2>
        <YourInterviews dash={dash} consent={consent} />
      </section>
      <section className="card" aria-labelledby="activity">
        <h2 id="activity" style={{ marginTop: 0 }}>
          Activity in the last 30 days
        </h2>
        <ActivityChart
          activity={dash.activity}
          scope={
            can(user.actor, "audit:read_all")
              ? "Counted from the whole audit log, per day (UTC)."
              : can(user.actor, "audit:read")
                ? "Counted from the audit log entries you can see (your desks), per day (UTC)."
                : "Counted from your own entries in the audit log, per day (UTC)."
          }
        />
      </section>
      {hasInterviews ? null : (
        <section className="card" aria-labelledby="why">
          <h2 id="why" style={{ marginTop: 0 }}>
            What Sourcekeeper is for
          </h2>
          <p>
            Interviews with captured North Korean soldiers, North Korean refugees and their families can put people in danger: one published
            name, hometown, unit or nickname can get a family in North Korea punished. Prisoners of war must be protected against public
            curiosity (Third Geneva Convention, article 13), and consent given in captivity must be voluntary and fully informed.
          </p>
          <p style={{ marginBottom: 0 }}>
            Sourcekeeper turns that into a checklist for each interview, records consent and what it allows, checks drafts for details that
            identify the source, and lets a story be cleared only when an editor who did not work on it signs off. Every change is recorded
            in an audit log that cannot be silently rewritten.
          </p>
        </section>
      )}
    </>
  );
}
