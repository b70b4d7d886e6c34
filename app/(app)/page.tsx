import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { listPendingApprovals } from "@/lib/checklist/list-pending-approvals";
import { STATUS_LABELS } from "@/lib/interviews/constants";
import { listInterviews } from "@/lib/interviews/list-interviews";

export default async function HomePage() {
  const user = await requireUser();
  const ctx = pageCtx(user);
  const isAdmin = can(user.actor, "user:manage");
  const approvals = listPendingApprovals({ ctx });
  const mine = listInterviews({ ctx, filter: { ownerId: user.id } }).slice(0, 8);
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
        <h2 id="mine">Your interviews</h2>
        {mine.length === 0 ? (
          <>
            <p>You have no interviews yet. Prepare one: give the source a code name and Sourcekeeper builds the ethics checklist for them.</p>
            <Link className="button" href="/interviews/new">
              Prepare an interview
            </Link>
          </>
        ) : (
          <ul>
            {mine.map((i) => (
              <li key={i.id}>
                <Link href={`/interviews/${i.id}`}>{i.codeName}</Link> — {STATUS_LABELS[i.status]},{" "}
                {i.consentStatus === "withdrawn" ? <strong className="badge off">consent withdrawn</strong> : null}{" "}
                {i.blockingOpen === 0 ? "no blocking items open" : `${i.blockingOpen} blocking items open`}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="why">
        <h2 id="why">What Sourcekeeper is for</h2>
        <p>
          Interviews with captured North Korean soldiers, North Korean refugees and their families can put people in danger: one published
          name, hometown, unit or nickname can get a family in North Korea punished. Prisoners of war must be protected against public
          curiosity (Third Geneva Convention, article 13), and consent given in captivity must be voluntary and fully informed.
        </p>
        <p>
          Sourcekeeper turns that into a checklist for each interview, and records every change in an audit log that cannot be silently
          rewritten. Consent records and identity-redaction checks in the app are being added next.
        </p>
      </section>
    </>
  );
}
