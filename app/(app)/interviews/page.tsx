import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { CONSENT_STATE_LABELS } from "@/lib/consent/state-machine";
import { INTERVIEW_STATUSES, SOURCE_TYPE_LABELS, SOURCE_TYPES, STATUS_LABELS } from "@/lib/interviews/constants";
import { listInterviews, listVisibleOwners } from "@/lib/interviews/list-interviews";

export const metadata: Metadata = { title: "Interviews" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function InterviewsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser();
  const params = await searchParams;
  const filter = {
    q: one(params.q),
    status: one(params.status),
    sourceType: one(params.sourceType),
    deskId: one(params.deskId),
    ownerId: one(params.ownerId),
    archived: one(params.archived),
  };
  const ctx = pageCtx(user);
  const rows = listInterviews({ ctx, filter });
  const owners = listVisibleOwners({ ctx });
  const filtered = Object.values(filter).some(Boolean);
  return (
    <>
      <div style={{ display: "flex", flexWrap: "wrap", gap: "1rem", alignItems: "center", justifyContent: "space-between" }}>
        <h1>Interviews</h1>
        <Link className="button" href="/interviews/new">
          New interview
        </Link>
      </div>
      <form className="card" method="get" aria-label="Filter interviews">
        <div className="row">
          <div className="field">
            <label htmlFor="f-q">Code name</label>
            <input id="f-q" name="q" type="search" defaultValue={filter.q ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="f-status">Status</label>
            <select id="f-status" name="status" defaultValue={filter.status ?? ""}>
              <option value="">Any status</option>
              {INTERVIEW_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-type">Kind of source</label>
            <select id="f-type" name="sourceType" defaultValue={filter.sourceType ?? ""}>
              <option value="">Any kind</option>
              {SOURCE_TYPES.map((s) => (
                <option key={s} value={s}>
                  {SOURCE_TYPE_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-desk">Desk</label>
            <select id="f-desk" name="deskId" defaultValue={filter.deskId ?? ""}>
              <option value="">Any desk</option>
              {user.desks.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-owner">Owner</label>
            <select id="f-owner" name="ownerId" defaultValue={filter.ownerId ?? ""}>
              <option value="">Anyone</option>
              {owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-archived">Archived</label>
            <select id="f-archived" name="archived" defaultValue={filter.archived ?? ""}>
              <option value="">Hide archived</option>
              <option value="include">Include archived</option>
              <option value="only">Only archived</option>
            </select>
          </div>
        </div>
        <p style={{ marginTop: "1rem", marginBottom: 0 }}>
          <button type="submit">Apply filters</button> {filtered ? <Link href="/interviews">Clear filters</Link> : null}
        </p>
      </form>
      {rows.length === 0 ? (
        <section className="card">
          {filtered ? (
            <p>No interview matches these filters. Clear the filters to see all the interviews you can open.</p>
          ) : (
            <>
              <h2>No interviews yet</h2>
              <p>Start by preparing an interview: give the source a code name and Sourcekeeper builds the ethics checklist for them.</p>
              <Link className="button" href="/interviews/new">
                Prepare your first interview
              </Link>
            </>
          )}
        </section>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="muted small" style={{ textAlign: "left", padding: "0.5rem 0" }}>
              {rows.length} interview{rows.length === 1 ? "" : "s"}, by planned date
            </caption>
            <thead>
              <tr>
                <th scope="col">Code name</th>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
                <th scope="col">Planned</th>
                <th scope="col">Desk</th>
                <th scope="col">Owner</th>
                <th scope="col">Consent</th>
                <th scope="col">Checklist</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/interviews/${r.id}`}>{r.codeName}</Link>
                    {r.erased ? <span className="badge off"> Erased</span> : r.archived ? <span className="badge off"> Archived</span> : null}
                  </td>
                  <td>{SOURCE_TYPE_LABELS[r.sourceType]}</td>
                  <td>{STATUS_LABELS[r.status]}</td>
                  <td>{r.plannedDate ?? <span className="muted">not set</span>}</td>
                  <td>{r.deskName}</td>
                  <td>{r.ownerName}</td>
                  <td>
                    {r.consentStatus ? (
                      <span className={`badge${r.consentStatus === "withdrawn" || r.consentStatus === "revoked" ? " off" : ""}`}>
                        {CONSENT_STATE_LABELS[r.consentStatus]}
                      </span>
                    ) : (
                      <span className="muted">not recorded</span>
                    )}
                  </td>
                  <td>
                    {r.blockingOpen === 0 ? "No blocking items open" : `${r.blockingOpen} blocking open`}
                    {r.pendingApprovals ? <div className="muted small">{r.pendingApprovals} awaiting approval</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
