import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/app/_components/datetime";
import { pageCtx, requireCapability } from "@/lib/auth/session";
import { TAKEDOWN_RESOLUTION_LABELS } from "@/lib/publication/schema";
import { listTakedowns } from "@/lib/publication/takedowns";
import { spanInWords, TAKEDOWN_CAUSE_LABELS, toOpenTakedowns } from "./format";
import { OpenTakedowns } from "./open-takedowns";

export const metadata: Metadata = { title: "Takedowns" };

const RESOLVED_SHOWN = 50;

/** Editors (and administrators) of a desk: every open takedown task of their desks and the latest resolved ones. */
export default async function TakedownsPage() {
  const user = await requireCapability("takedown:resolve");
  const ctx = pageCtx(user);
  const now = ctx.now();
  const open = listTakedowns({ ctx, limit: 200 });
  const resolved = listTakedowns({ ctx, resolved: true, limit: RESOLVED_SHOWN });
  return (
    <>
      <h1>Takedowns</h1>
      <p className="muted">
        When a source withdraws consent, or the newsroom revokes it, after the story was published, every editor of the desk gets a task to
        take the identifying material down. It stays on each editor&apos;s dashboard until one of them records what was done. Every step is
        in the audit log.
      </p>
      {user.actor.deskIds.length === 0 ? (
        <p className="notice warn" role="note">
          You are not on any desk, so no takedown task reaches you. An administrator can add you to a desk under{" "}
          <Link href="/admin/users">Users and desks</Link>.
        </p>
      ) : null}
      <section className="card" aria-labelledby="open-takedowns">
        <h2 id="open-takedowns" style={{ marginTop: 0 }}>
          Open ({open.length})
        </h2>
        <OpenTakedowns
          tasks={toOpenTakedowns(open, now)}
          empty={<p data-testid="takedowns-empty">No takedown is required. Nothing published has lost its consent.</p>}
        />
      </section>
      <section className="card" aria-labelledby="resolved-takedowns">
        <h2 id="resolved-takedowns" style={{ marginTop: 0 }}>
          Resolved
        </h2>
        {resolved.length === 0 ? (
          <p>No takedown task has been resolved yet.</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="resolved-takedowns">
              <caption className="visually-hidden">Resolved takedown tasks, latest first (at most {RESOLVED_SHOWN})</caption>
              <thead>
                <tr>
                  <th scope="col">Interview</th>
                  <th scope="col">Cause</th>
                  <th scope="col">Resolved</th>
                  <th scope="col">By</th>
                  <th scope="col">Resolution</th>
                  <th scope="col">Note</th>
                  <th scope="col">In time?</th>
                </tr>
              </thead>
              <tbody>
                {resolved.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <Link href={`/interviews/${t.interviewId}`}>{t.codeName}</Link>
                    </td>
                    <td>{TAKEDOWN_CAUSE_LABELS[t.cause]}</td>
                    <td className="nowrap">{t.resolvedAt === null ? "" : formatDateTime(t.resolvedAt)}</td>
                    <td>{t.resolvedBy ?? <span className="muted">unknown</span>}</td>
                    <td>{t.resolution ? TAKEDOWN_RESOLUTION_LABELS[t.resolution] : ""}</td>
                    <td className="pre-wrap">{t.note ?? <span className="muted">none</span>}</td>
                    <td>
                      {t.overdue && t.resolvedAt !== null ? (
                        <strong className="overdue-text">Late: {spanInWords(t.resolvedAt - t.dueAt)} after it was due</strong>
                      ) : (
                        "In time"
                      )}
                      <br />
                      <span className="muted small">due {formatDateTime(t.dueAt)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
