import type { Metadata } from "next";
import Link from "next/link";
import { AuditEntries } from "@/app/_components/audit/audit-entries";
import { AuditPager } from "@/app/_components/audit/audit-pager";
import { orNotFound } from "@/app/_components/or-not-found";
import { listInterviewActivity } from "@/lib/audit/list-interview-activity";
import { can } from "@/lib/auth/permissions";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { ValidationError } from "@/lib/errors";

export const metadata: Metadata = { title: "Activity" };

const PAGE = 50;

type Search = Record<string, string | string[] | undefined>;

export default async function InterviewActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Search>;
}) {
  const user = await requireUser();
  const { id } = await params;
  const raw = (await searchParams).before;
  const before = (Array.isArray(raw) ? raw[0] : raw) || undefined;
  const ctx = pageCtx(user);
  let activity: ReturnType<typeof listInterviewActivity>;
  try {
    activity = orNotFound(() => listInterviewActivity({ ctx, input: { interviewId: id, before, limit: PAGE } }));
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return (
      <>
        <h1>Activity</h1>
        <div className="notice error">
          <p>
            {err.fieldErrors.before ?? err.message}{" "}
            <Link href={`/interviews/${encodeURIComponent(id)}/activity`}>Show the newest entries.</Link>
          </p>
        </div>
      </>
    );
  }
  const { interview, items, nextBefore } = activity;
  return (
    <>
      <p>
        <Link href={`/interviews/${interview.id}`}>← {interview.codeName}</Link>
      </p>
      <h1>Activity: {interview.codeName}</h1>
      <p className="muted">
        Everything recorded about this interview, newest first: changes, consent, the checklist, documents and images, and every time
        someone viewed the consent record, the protected identifiers or a document, or downloaded a file. Times are in your time zone; hover
        over one, or open its details, for UTC.
      </p>
      <section className="card" aria-labelledby="activity-heading">
        <h2 id="activity-heading" style={{ marginTop: 0 }}>
          {before === undefined ? "Latest entries" : "Older entries"}
        </h2>
        {items.length === 0 ? (
          <p data-testid="audit-empty">
            {before === undefined ? (
              "Nothing recorded yet."
            ) : (
              <>
                No older entries. <Link href={`/interviews/${interview.id}/activity`}>Show the newest entries.</Link>
              </>
            )}
          </p>
        ) : (
          <>
            <AuditEntries
              items={items}
              linkUsers={can(user.actor, "user:manage")}
              caption={`Activity on ${interview.codeName}, newest first`}
            />
            <AuditPager
              path={`/interviews/${interview.id}/activity`}
              filters={{}}
              before={before === undefined ? undefined : Number(before)}
              nextBefore={nextBefore}
            />
          </>
        )}
      </section>
    </>
  );
}
