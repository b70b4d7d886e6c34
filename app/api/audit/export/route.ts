import { PassThrough, Readable } from "node:stream";
import { requireActionContext } from "@/lib/auth/session";
import { exportAuditLog } from "@/lib/audit/export-audit";
import { DomainError, UnauthenticatedError, ValidationError } from "@/lib/errors";

/**
 * Streams an audit export (ZIP) with the filters of the query string. The body is produced while it is sent, so
 * memory stays flat at any size and the browser shows the download's progress.
 */
export async function GET(request: Request): Promise<Response> {
  let ctx;
  try {
    ctx = await requireActionContext();
  } catch (err) {
    if (err instanceof UnauthenticatedError) return new Response("Sign in first.", { status: 401 });
    throw err;
  }
  const input = Object.fromEntries(new URL(request.url).searchParams);
  const out = new PassThrough();
  const started = exportAuditLog({ ctx, input, out });
  // Refusals (no permission, bad filters) happen before the first byte: answer them as such.
  const early = await Promise.race([
    started.then(
      () => null,
      (err: unknown) => err,
    ),
    new Promise((r) => setImmediate(() => r("streaming"))),
  ]);
  if (early !== "streaming" && early !== null) {
    if (early instanceof ValidationError)
      return new Response(`${early.message} ${Object.values(early.fieldErrors).join(" ")}`, { status: 400 });
    if (early instanceof DomainError) return new Response(early.message, { status: early.code === "forbidden" ? 403 : 400 });
    console.error("Audit export failed:", early instanceof Error ? early.name : "error");
    return new Response("Something went wrong on the server.", { status: 500 });
  }
  started.then(
    () => out.end(),
    (err: unknown) => {
      console.error("Audit export failed while streaming:", err instanceof Error ? err.name : "error");
      out.destroy(err instanceof Error ? err : new Error("export failed"));
    },
  );
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="sourcekeeper-audit-${stamp}.zip"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
