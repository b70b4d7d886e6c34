import { PassThrough, Readable } from "node:stream";
import { requireActionContext } from "@/lib/auth/session";
import type { Ctx } from "@/lib/context";
import { DomainError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";

/**
 * Streams a file a service produces while it is sent (memory stays flat; the browser shows the download's
 * progress). Refusals — not signed in, not allowed, bad input, not found — happen before the first byte and are
 * answered as such, in plain words; a failure after streaming began cuts the download short (never a stack trace).
 */
export async function streamResponse(
  start: (ctx: Ctx, out: PassThrough) => Promise<unknown>,
  file: { contentType: string; fileName: string },
): Promise<Response> {
  let ctx: Ctx;
  try {
    ctx = await requireActionContext();
  } catch (err) {
    if (err instanceof UnauthenticatedError) return new Response("Sign in first.", { status: 401 });
    throw err;
  }
  const out = new PassThrough();
  let started: Promise<unknown>;
  try {
    started = start(ctx, out);
  } catch (err) {
    started = Promise.reject(err);
  }
  const early = await Promise.race([
    started.then(
      () => null,
      (err: unknown) => err ?? new Error("failed"),
    ),
    new Promise((r) => setImmediate(() => r("streaming"))),
  ]);
  if (early !== "streaming" && early !== null) {
    if (early instanceof ValidationError)
      return new Response(`${early.message} ${Object.values(early.fieldErrors).join(" ")}`, { status: 400 });
    if (early instanceof NotFoundError) return new Response(early.message, { status: 404 });
    if (early instanceof DomainError) return new Response(early.message, { status: early.code === "forbidden" ? 403 : 400 });
    console.error(`${file.fileName}: failed:`, early instanceof Error ? early.name : "error");
    return new Response("Something went wrong on the server.", { status: 500 });
  }
  started.then(
    () => out.end(),
    (err: unknown) => {
      console.error(`${file.fileName}: failed while streaming:`, err instanceof Error ? err.name : "error");
      out.destroy(err instanceof Error ? err : new Error("export failed"));
    },
  );
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A timestamp for file names: 2026-11-27-07-30-00. */
export const fileStamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
