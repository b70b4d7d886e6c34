import Link from "next/link";
import { auditQuery } from "@/lib/audit/filters";

/**
 * Keyset paging links: "Newest" (drops the position) and "Older entries" (`before` = the last seq shown). The
 * filters travel in the query string, so every page can be linked to.
 */
export function AuditPager({
  path,
  filters,
  before,
  nextBefore,
}: {
  path: string;
  filters: Record<string, string | undefined>;
  before: number | undefined;
  nextBefore: number | null;
}) {
  if (before === undefined && nextBefore === null) return null;
  return (
    <nav aria-label="Pages of entries" className="actions-row audit-pager">
      {before !== undefined ? <Link href={`${path}${auditQuery(filters)}`}>Newest entries</Link> : null}
      {nextBefore !== null ? (
        <Link href={`${path}${auditQuery({ ...filters, before: nextBefore })}`} rel="next">
          Older entries
        </Link>
      ) : (
        <span className="muted">These are the oldest entries.</span>
      )}
    </nav>
  );
}
