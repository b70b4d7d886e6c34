import { requireActionContext } from "@/lib/auth/session";
import { readConsentUpload } from "@/lib/consent/read-upload";
import { DomainError, NotFoundError, UnauthenticatedError } from "@/lib/errors";

/** Streams an attached file to someone who may see its interview; anyone else gets 404. Audited. */
export async function GET(_request: Request, { params }: { params: Promise<{ uploadId: string }> }): Promise<Response> {
  try {
    const ctx = await requireActionContext();
    const { uploadId } = await params;
    const file = readConsentUpload({ ctx, uploadId });
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "Content-Type": file.mime,
        "Content-Disposition": `attachment; filename="signature-scan-${file.sha256.slice(0, 12)}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    if (err instanceof UnauthenticatedError) return new Response("Sign in first.", { status: 401 });
    if (err instanceof NotFoundError) return new Response("Not found.", { status: 404 });
    if (err instanceof DomainError) return new Response(err.message, { status: 400 });
    console.error("Download failed:", err);
    return new Response("Something went wrong on the server.", { status: 500 });
  }
}
