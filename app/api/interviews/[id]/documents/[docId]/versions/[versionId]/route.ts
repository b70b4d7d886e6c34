import { downloadVersion } from "@/lib/review/view";
import { fileResponse } from "@/app/api/_lib/file-response";

/** Downloads one version of a review document as UTF-8 text, for someone who may see the interview. Audited. */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string; docId: string; versionId: string }> },
): Promise<Response> {
  const { id, docId, versionId } = await params;
  return fileResponse((ctx) => {
    const file = downloadVersion({ ctx, interviewId: id, documentId: docId, versionId });
    return {
      body: file.text,
      contentType: "text/plain; charset=utf-8",
      fileName: `document-v${file.number}${file.origin === "redacted" ? "-redacted" : ""}.txt`,
    };
  });
}
