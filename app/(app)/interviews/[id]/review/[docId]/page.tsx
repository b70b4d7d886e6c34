import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/app/_components/datetime";
import { orNotFound } from "@/app/_components/or-not-found";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { describeReviewState } from "@/lib/review/rules";
import { DOCUMENT_KIND_LABELS } from "@/lib/review/schema";
import { getDocumentReview } from "@/lib/review/view";
import { ReviewWorkspace } from "./review-workspace";

export const metadata: Metadata = { title: "Document review" };

const ORIGIN_LABELS: Record<string, string> = { pasted: "pasted", uploaded: "uploaded", redacted: "redacted" };

export default async function DocumentReviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; docId: string }>;
  searchParams: Promise<{ version?: string | string[] }>;
}) {
  const user = await requireUser();
  const { id, docId } = await params;
  const { version } = await searchParams;
  const review = orNotFound(() =>
    getDocumentReview({
      ctx: pageCtx(user),
      interviewId: id,
      documentId: docId,
      versionId: typeof version === "string" ? version : undefined,
    }),
  );
  const { interview, document: doc, state } = review;
  const base = `/interviews/${interview.id}/review/${doc.id}`;
  return (
    <>
      <p>
        <Link href={`/interviews/${interview.id}/review`}>← Review: {interview.codeName}</Link>
      </p>
      <h1>{doc.title}</h1>
      <p className="muted">
        {DOCUMENT_KIND_LABELS[doc.kind]} · version {review.version.number} ({ORIGIN_LABELS[review.version.origin]})
        {review.version.latest ? "" : " · an older version: decisions are made on the latest one"}
        {review.scan ? ` · scanned ${formatDateTime(review.scan.scannedAt)}` : ""}
      </p>
      <p className={`notice${state.clear ? " ok" : " warn"}`} data-testid="review-state">
        {describeReviewState(state)}
        {state.undecidedHigh > 0 ? ` (${state.undecidedHigh} of high severity)` : ""}.
        {review.nameAllowed ? "" : " Consent does not allow the source's real name: any finding of it must be redacted or replaced."}
      </p>
      <p className="muted small">
        Opening a document is written to the audit log. Faces and other details in images must be checked by eye.
      </p>

      <ReviewWorkspace review={review} />

      <section className="card" aria-labelledby="versions-heading">
        <h2 id="versions-heading" style={{ marginTop: 0 }}>
          Versions
        </h2>
        <ol reversed>
          {review.versions.map((v) => (
            <li key={v.id}>
              {v.id === review.version.id ? (
                <strong>Version {v.number} (shown)</strong>
              ) : (
                <Link href={`${base}?version=${v.id}`}>Version {v.number}</Link>
              )}{" "}
              · {ORIGIN_LABELS[v.origin]} by {v.createdBy}, {formatDateTime(v.createdAt)} · {v.chars.toLocaleString("en")} characters ·{" "}
              <a href={`/api/interviews/${interview.id}/documents/${doc.id}/versions/${v.id}`} download>
                Download version {v.number}
              </a>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
