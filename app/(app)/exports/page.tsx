import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/app/_components/datetime";
import { can } from "@/lib/auth/permissions";
import { pageCtx, requireCapability } from "@/lib/auth/session";
import { listDesks } from "@/lib/desks/list-desks";
import { listConsentExports } from "@/lib/exports/export-consent";
import { EXPORT_FORMAT_LABELS } from "@/lib/exports/schema";
import { listInterviews } from "@/lib/interviews/list-interviews";
import { ExportForm } from "./export-form";

export const metadata: Metadata = { title: "Consent exports" };

type Search = Record<string, string | string[] | undefined>;

export default async function ExportsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireCapability("interview:work");
  const ctx = pageCtx(user);
  const params = await searchParams;
  const requested = typeof params.interview === "string" ? params.interview.slice(0, 64) : "";
  const interviews = listInterviews({ ctx, filter: { archived: "include" } });
  const interviewId = interviews.some((i) => i.id === requested) ? requested : "";
  const deskOptions = listDesks({ ctx }).filter((d) => user.actor.deskIds.includes(d.id));
  const editor = can(user.actor, "interview:read_desk");
  const exports = listConsentExports({ ctx });
  return (
    <>
      <h1>Consent exports</h1>
      <p className="muted">
        Proof, for an ombudsman, a court or the source, of how consent was obtained and what was agreed. A bundle holds the records you
        choose as PDF certificates, a CSV spreadsheet and/or JSON that follows the consent-record structure of ISO/IEC TS 27560:2023, with a
        manifest signed by this newsroom&apos;s Sourcekeeper.{" "}
        {editor ? "You can export your own interviews and those of your desks." : "You can export the interviews you own or were added to."}
      </p>
      <div className="notice" role="note">
        <p style={{ marginTop: 0 }}>
          <strong>What an export never holds by default:</strong> the source&apos;s real identity (Sourcekeeper never records it), the
          protected identifiers, and the free-text answers of the consent form, which can name people and places. Their presence is listed,
          their content is not.
        </p>
        {can(user.actor, "consent:export_sensitive") ? (
          <p style={{ marginBottom: 0 }}>
            As an editor you can add the free-text answers and signature scans when a request truly needs them: you give the reason, confirm
            your password, and the bundle is marked sensitive.
          </p>
        ) : null}
      </div>
      <section className="card" aria-labelledby="new-export">
        <h2 id="new-export" style={{ marginTop: 0 }}>
          New export
        </h2>
        {interviews.length === 0 ? (
          <p data-testid="exports-empty">
            There is nothing to export yet: consent records belong to interviews. <Link href="/interviews/new">Plan an interview</Link> and
            record the source&apos;s consent first.
          </p>
        ) : (
          <ExportForm
            interviews={interviews.map((i) => ({ value: i.id, label: `${i.codeName}${i.archived ? " (archived)" : ""}` }))}
            desks={deskOptions.map((d) => ({ value: d.id, label: d.name }))}
            interviewId={interviewId}
            canSensitive={can(user.actor, "consent:export_sensitive")}
          />
        )}
      </section>
      <section className="card" aria-labelledby="recent-exports">
        <h2 id="recent-exports" style={{ marginTop: 0 }}>
          Recent exports
        </h2>
        {exports.length === 0 ? (
          <p data-testid="recent-exports-empty">
            No consent export yet. Exports you make{editor ? " and those of your desks" : ""} are listed here with the fingerprint of their
            manifest.
          </p>
        ) : (
          <div className="table-wrap">
            <table data-testid="recent-exports">
              <caption className="visually-hidden">Recent consent exports, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">By</th>
                  <th scope="col">Records</th>
                  <th scope="col">Formats</th>
                  <th scope="col">Manifest SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {exports.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.startedAt)}</td>
                    <td>{e.exportedBy}</td>
                    <td>{e.recordCount.toLocaleString("en")}</td>
                    <td>
                      {e.formats.map((f) => EXPORT_FORMAT_LABELS[f]?.split(" ")[0] ?? f).join(", ")}
                      {e.sensitive ? (
                        <>
                          {" "}
                          <strong>(sensitive)</strong>
                          {e.reason ? <span className="hint"> — reason: {e.reason}</span> : null}
                        </>
                      ) : null}
                    </td>
                    <td>
                      {e.manifestSha256 ? (
                        <code className="mono break-all">{e.manifestSha256}</code>
                      ) : (
                        <span className="muted">not completed</span>
                      )}
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
