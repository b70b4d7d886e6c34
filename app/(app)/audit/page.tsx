import type { Metadata } from "next";
import Link from "next/link";
import { AuditEntries } from "@/app/_components/audit/audit-entries";
import { AuditPager } from "@/app/_components/audit/audit-pager";
import { getChainStatus } from "@/lib/audit/chain-status";
import { AUDIT_FILTER_FIELDS, auditQuery, filterFromSearchParams } from "@/lib/audit/filters";
import { listAuditEvents, type AuditPage as AuditEntriesPage } from "@/lib/audit/list-audit-events";
import { listAuditFilterOptions } from "@/lib/audit/list-audit-filter-options";
import { can } from "@/lib/auth/permissions";
import { pageCtx, requireCapability } from "@/lib/auth/session";
import { ValidationError, type FieldErrors } from "@/lib/errors";
import { AuditFilters } from "./audit-filters";
import { ChainPanel } from "./chain-panel";

export const metadata: Metadata = { title: "Audit log" };

const PAGE = 50;

type Search = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireCapability("audit:read");
  const ctx = pageCtx(user);
  const { before, ...filters } = filterFromSearchParams(await searchParams);
  const options = listAuditFilterOptions({ ctx });
  let result: AuditEntriesPage | null = null;
  let errors: FieldErrors = {};
  try {
    result = listAuditEvents({ ctx, input: { ...filters, before, limit: PAGE } });
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    errors = err.fieldErrors;
  }
  const filtered = AUDIT_FILTER_FIELDS.some((k) => filters[k]);
  const linkUsers = can(user.actor, "user:manage");
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">
        Every change in Sourcekeeper is recorded here in the same step as the change itself. Entries are chained by SHA-256 hashes, so a
        changed, removed or reordered entry breaks the chain.{" "}
        {can(user.actor, "audit:read_all")
          ? "You see all entries."
          : "You see entries by and about the people, desks and interviews of your desks."}
      </p>
      <ChainPanel status={getChainStatus({ ctx })} now={ctx.now()} />
      <section className="card" aria-labelledby="filters-heading">
        <h2 id="filters-heading" style={{ marginTop: 0 }}>
          Filter entries
        </h2>
        <AuditFilters values={filters} options={options} errors={errors} />
        <p style={{ marginTop: "1rem" }}>
          <a className="button secondary" href={`/api/audit/export${auditQuery(filters)}`} download data-testid="audit-export">
            Export {filtered ? "these entries" : "the log"} (signed ZIP)
          </a>
        </p>
        <p className="hint">
          The file holds the entries you can see that match the filters, and proof that they sit unchanged in the chain (every other entry
          only as a hash). It ends on a checkpoint signed for the export, and the export is written to this log. Check it anywhere, without
          Sourcekeeper&apos;s database: <code>npm run cli -- audit verify-export FILE.zip --pubkey KEY.pem</code>. Large logs take a while:
          the download runs as the file is written.
        </p>
      </section>
      <section className="card" aria-labelledby="entries">
        <h2 id="entries" style={{ marginTop: 0 }}>
          {filtered ? "Matching entries" : "Latest entries"}
        </h2>
        {result === null ? (
          <div className="notice error" data-testid="filter-error">
            {errors.before ? (
              <p>
                {errors.before} <Link href="/audit">Show the newest entries.</Link>
              </p>
            ) : (
              <p>Some filters are not valid: correct the fields marked above.</p>
            )}
          </div>
        ) : result.items.length === 0 ? (
          filtered ? (
            <p data-testid="audit-empty">
              No entries match these filters. <Link href="/audit">Clear the filters.</Link>
            </p>
          ) : before !== undefined ? (
            <p data-testid="audit-empty">
              No older entries. <Link href="/audit">Show the newest entries.</Link>
            </p>
          ) : (
            <p data-testid="audit-empty">No entries to show yet. Entries appear as soon as someone signs in or changes something.</p>
          )
        ) : (
          <>
            <AuditEntries
              items={result.items}
              linkUsers={linkUsers}
              caption={filtered ? "Audit entries matching the filters, newest first" : "Audit entries, newest first"}
            />
            <AuditPager
              path="/audit"
              filters={filters}
              before={before === undefined ? undefined : Number(before)}
              nextBefore={result.nextBefore}
            />
          </>
        )}
      </section>
    </>
  );
}
