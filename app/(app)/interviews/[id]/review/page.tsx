import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/app/_components/datetime";
import { orNotFound } from "@/app/_components/or-not-found";
import { pageCtx, requireUser } from "@/lib/auth/session";
import { getInterview } from "@/lib/interviews/get-interview";
import { listImageReviews, type ImageCheck } from "@/lib/publication/editor-checks";
import { listDocuments } from "@/lib/review/documents";
import { listImages } from "@/lib/review/images";
import { describeReviewState } from "@/lib/review/rules";
import { DOCUMENT_KIND_LABELS } from "@/lib/review/schema";
import { AddDocumentForms } from "./add-document-forms";
import { ImageReviewForm } from "./image-review-form";
import { ImageUploadForm } from "./image-upload-form";

export const metadata: Metadata = { title: "Review before publication" };

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const ctx = pageCtx(user);
  const detail = orNotFound(() => getInterview({ ctx, interviewId: id }));
  const { interview } = detail;
  const documents = listDocuments({ ctx, interviewId: interview.id });
  const images = listImages({ ctx, interviewId: interview.id });
  const imageChecks = listImageReviews({ ctx, interviewId: interview.id });
  const editable = detail.canEdit && interview.archivedAt === null;
  return (
    <>
      <p>
        <Link href={`/interviews/${interview.id}`}>← {interview.codeName}</Link>
      </p>
      <h1>Review before publication: {interview.codeName}</h1>
      <p>
        Add every text you intend to publish — drafts, captions, transcripts. Each is scanned for details that could identify the source,
        checked against the{" "}
        {detail.canEdit ? <Link href={`/interviews/${interview.id}/identifiers`}>protected identifiers</Link> : "protected identifiers"} and
        the consent record. Decide on every finding, then produce the redacted version.
      </p>

      <section className="card" aria-labelledby="documents-heading">
        <h2 id="documents-heading" style={{ marginTop: 0 }}>
          Documents ({documents.length})
        </h2>
        {documents.length === 0 ? (
          <p>{editable ? "No documents yet. Paste a draft or upload a file below to scan it." : "No documents have been added yet."}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Latest version</th>
                  <th scope="col">Review</th>
                </tr>
              </thead>
              <tbody>
                {documents.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link href={`/interviews/${interview.id}/review/${d.id}`}>{d.title}</Link>
                    </td>
                    <td>{DOCUMENT_KIND_LABELS[d.kind]}</td>
                    <td>
                      {d.versions} · {d.latestOrigin === "redacted" ? "redacted" : d.latestOrigin} · {formatDateTime(d.updatedAt)}
                    </td>
                    <td>
                      <span className={`badge${d.state.clear ? "" : " warn"}`}>{describeReviewState(d.state)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {editable ? <AddDocumentForms interviewId={interview.id} /> : null}
      </section>

      <section className="card" id="images" aria-labelledby="images-heading">
        <h2 id="images-heading" style={{ marginTop: 0 }}>
          Images ({images.length})
        </h2>
        <p className="notice warn">
          Sourcekeeper removes hidden metadata (GPS position, camera details, times) from every image, but it does not look at the picture:
          faces, uniforms, badges, tattoos, backgrounds and reflections must be checked by eye.
        </p>
        {images.length > 0 ? (
          <p>
            {imageChecks.canReview
              ? "As an editor of the desk who does not work on this interview, check each image below: it cannot be cleared before."
              : "Before clearance, an editor of the desk who does not work on this interview checks each image."}
            {interview.sourceType === "pow" ? " A prisoner of war's face and distinctive marks must not be recognisable." : ""}
          </p>
        ) : null}
        {images.length === 0 ? (
          <p>{editable ? "No images yet. Attach each photo or still you intend to publish." : "No images have been attached."}</p>
        ) : (
          <ul className="image-list">
            {images.map((img, index) => (
              <li key={img.id} id={`image-${img.id}`}>
                {/* Numbered in the order attached, as the gate report names them. */}
                Image {images.length - index}: <a href={`/api/images/${img.id}`}>{img.caption}</a>{" "}
                <span className="muted small">
                  {img.width && img.height ? `${img.width}×${img.height}, ` : ""}
                  {Math.round(img.size / 1024)} KB · {img.uploadedBy}, {formatDateTime(img.uploadedAt)} · metadata removed:{" "}
                  {img.metadataRemoved.length ? img.metadataRemoved.join(", ") : "none found"}
                </span>
                <ImageCheckSummary check={imageChecks.checks[img.id]} />
                {imageChecks.canReview ? (
                  <ImageReviewForm
                    interviewId={interview.id}
                    imageId={img.id}
                    caption={img.caption}
                    current={imageChecks.checks[img.id] ?? null}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {editable ? <ImageUploadForm interviewId={interview.id} /> : null}
      </section>
    </>
  );
}

/** The latest editor's check of one image, in plain words. */
function ImageCheckSummary({ check }: { check: ImageCheck | undefined }) {
  if (!check)
    return (
      <p className="small" data-testid="image-check">
        <span className="badge warn">Not checked by an editor</span>
      </p>
    );
  return (
    <p className="small" data-testid="image-check">
      <span className={`badge${check.deidentified ? "" : " warn"}`}>{check.deidentified ? "De-identified" : "Not de-identified"}</span>{" "}
      {check.priorExposure ? (
        <>
          <span className="badge warn">Used because published before</span>{" "}
        </>
      ) : null}
      checked by {check.editor}, {formatDateTime(check.checkedAt)}
      {check.priorExposure && check.justification ? (
        <span style={{ display: "block", whiteSpace: "pre-wrap" }}>Justification: {check.justification}</span>
      ) : null}
    </p>
  );
}
