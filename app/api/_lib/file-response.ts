import { requireActionContext } from "@/lib/auth/session";
import type { Ctx } from "@/lib/context";
import { DomainError, ErasedError, NotFoundError, UnauthenticatedError } from "@/lib/errors";

export interface FileBody {
  body: Uint8Array | string;
  contentType: string;
  fileName: string;
}

/**
 * Serves a file from a service that authorizes and audits the read. Always an attachment, never cached, never
 * sniffed; "not found" for what the user may not see; no stack trace or detail in any error answer.
 */
export async function fileResponse(read: (ctx: Ctx) => FileBody): Promise<Response> {
  try {
    const ctx = await requireActionContext();
    const file = read(ctx);
    return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    if (err instanceof UnauthenticatedError) return new Response("Sign in first.", { status: 401 });
    if (err instanceof NotFoundError) return new Response("Not found.", { status: 404 });
    if (err instanceof ErasedError) return new Response(err.message, { status: 410 });
    if (err instanceof DomainError) return new Response(err.message, { status: err.code === "forbidden" ? 403 : 400 });
    console.error("Download failed:", err instanceof Error ? err.name : "error");
    return new Response("Something went wrong on the server.", { status: 500 });
  }
}
