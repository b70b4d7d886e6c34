import type { Metadata } from "next";
import Link from "next/link";
import { targetsInterview } from "@/lib/audit/events";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { can } from "@/lib/auth/permissions";
import { pageCtx, requireCapability } from "@/lib/auth/session";
import { VerifyButton } from "./verify-button";

export const metadata: Metadata = { title: "Audit log" };

const PAGE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const user = await requireCapability("audit:read");
  const { before } = await searchParams;
  const beforeSeq = before && /^\d{1,15}$/.test(before) ? Number(before) : undefined;
  const events = listAuditEvents({ ctx: pageCtx(user), before: beforeSeq, limit: PAGE });
  const last = events.at(-1);
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">
        Every change in Sourcekeeper is recorded here in the same step as the change itself. Entries are chained by SHA-256 hashes, so a
        changed, removed or reordered entry breaks the chain.{" "}
        {can(user.actor, "audit:read_all") ? "You see all entries." : "You see entries by and about the people, desks and interviews of your desks."}
      </p>
      <section className="card" aria-labelledby="chain">
        <h2 id="chain">Chain check</h2>
        <VerifyButton />
      </section>
      <section className="card" aria-labelledby="entries">
        <h2 id="entries">Latest entries</h2>
        {events.length === 0 ? (
          <p>No entries to show yet. Entries appear as soon as someone signs in or changes something.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Time (UTC)</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.seq}>
                    <td>{e.seq}</td>
                    <td>
                      <time dateTime={new Date(e.occurredAt).toISOString()}>
                        {new Date(e.occurredAt).toISOString().replace("T", " ").slice(0, 19)}
                      </time>
                    </td>
                    <td>{e.actorName ?? (e.actorId === "cli" ? "Command line" : e.actorId ? "Unknown user" : e.action === "consent.expired" ? "Sourcekeeper (automatic)" : "Not signed in")}</td>
                    <td>
                      {e.label}
                      <div className="muted small">
                        {e.targetId && targetsInterview(e.targetType) ? (
                          <Link href={`/interviews/${e.targetId}`}>interview {e.targetId.slice(0, 8)}</Link>
                        ) : (
                          `${e.targetType}${e.targetId ? ` ${e.targetId.slice(0, 8)}` : ""}`
                        )}
                      </div>
                    </td>
                    <td>
                      <details>
                        <summary>Show</summary>
                        <pre className="mono">{JSON.stringify(e.payload, null, 2)}</pre>
                        <div className="mono small">hash {e.hash.slice(0, 16)}…</div>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {last && events.length === PAGE ? (
          <p>
            <Link href={`/audit?before=${last.seq}`}>Older entries</Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
