import { readConsentUpload } from "@/lib/consent/read-upload";
import { fileResponse } from "@/app/api/_lib/file-response";

/** Streams an attached file to someone who may see its interview; anyone else gets 404. Audited. */
export async function GET(_request: Request, { params }: { params: Promise<{ uploadId: string }> }): Promise<Response> {
  const { uploadId } = await params;
  return fileResponse((ctx) => {
    const file = readConsentUpload({ ctx, uploadId });
    return { body: file.bytes, contentType: file.mime, fileName: `signature-scan-${file.sha256.slice(0, 12)}` };
  });
}
