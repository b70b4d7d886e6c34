/**
 * The gate in front of Next's server-action decoder (used by proxy.ts).
 *
 * Next decodes a server-action request (React's reply format) before any of our code runs, and answers 500 when the
 * body is not what React's client would send: invalid JSON or UTF-8, a truncated multipart body, a reference to a
 * chunk that does not exist, a body over the size limit. A newsroom tool must answer bad input with a 4xx and
 * change nothing, so the proxy checks every non-GET request to a page against what this app's own client sends:
 *
 * - `Next-Action` with a text body: UTF-8 JSON, an array of arguments, nested at most `MAX_REPLY_DEPTH` deep, whose
 *   strings starting with `$` are only the encodings React uses for plain values (`$$` escapes a literal `$`,
 *   `$undefined`, `$NaN`, `$Infinity`, `$-Infinity`, `$-0`, `$D` + a date). Promises, maps, sets, server
 *   references, typed arrays, big integers and chunk references are never sent by this app and are refused.
 * - `Next-Action` with a multipart body (uploads and the sign-out form): it parses as form data, its root field `0`
 *   passes the text check (where `$K<n>` may also name a form-data argument) and every other field belongs to such
 *   an argument (`_<n>_name`).
 * - A form posted without JavaScript (the sign-out button before hydration): multipart or URL-encoded form data that
 *   parses, naming at most one plain action (`$ACTION_ID_<id>`) and no bound-argument form (`$ACTION_REF_`, which
 *   this app never renders).
 * Anything else that would reach a page with a body (PUT, PATCH, DELETE, other content types) is refused.
 *
 * These functions are pure apart from reading the body, so unit tests can feed them anything.
 */

/** The largest request body any action accepts (next.config.ts uses the same number). Uploads are capped lower. */
export const ACTION_BODY_LIMIT_BYTES = 9 * 1024 * 1024;

/** The app's action inputs are a few levels deep; anything far deeper is an attack on the decoder's recursion. */
export const MAX_REPLY_DEPTH = 32;

export type RequestVerdict = { ok: true } | { ok: false; status: 400 | 405 | 413 | 415; message: string };

const OK: RequestVerdict = { ok: true };
const bad = (message: string): RequestVerdict => ({ ok: false, status: 400, message });

/** React's encodings for plain values; anything else after a leading `$` is a reference this app never sends. */
const PLAIN_VALUE_TOKENS = new Set(["$undefined", "$NaN", "$Infinity", "$-Infinity", "$-0"]);
const FORM_DATA_REFERENCE = /^\$K(\d{1,6})$/;
const ACTION_ID_FIELD = /^\$ACTION_ID_[0-9a-f]{2,128}$/;

export interface ActionRequestShape {
  method: string;
  /** Only requests to pages are checked; route handlers (`/api/...`) answer for themselves. */
  pathname: string;
  contentType: string | null;
  contentLength: string | null;
  nextAction: string | null;
}

/** What can be decided from the headers alone; `null` means "read the body and call `checkActionBody`". */
export function checkActionHeaders(request: ActionRequestShape): RequestVerdict | null {
  const method = request.method.toUpperCase();
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return OK;
  if (request.pathname === "/api" || request.pathname.startsWith("/api/")) return OK;
  if (method !== "POST") return { ok: false, status: 405, message: "Method not allowed." };
  if (request.contentLength !== null) {
    const length = /^\d{1,16}$/.test(request.contentLength) ? Number(request.contentLength) : Number.NaN;
    if (!Number.isSafeInteger(length)) return bad("The request's length is not a number.");
    if (length > ACTION_BODY_LIMIT_BYTES) return tooLarge();
  }
  const type = mediaType(request.contentType);
  if (request.nextAction === null && type !== "multipart/form-data" && type !== "application/x-www-form-urlencoded") {
    return { ok: false, status: 415, message: "Pages accept only form posts." };
  }
  return null;
}

function tooLarge(): RequestVerdict {
  return { ok: false, status: 413, message: `The request is larger than ${ACTION_BODY_LIMIT_BYTES / (1024 * 1024)} MB.` };
}

/** Reads a body, stopping (and answering "too large") as soon as it passes the limit. */
export async function readBodyWithin(
  body: ReadableStream<Uint8Array> | null,
  limit = ACTION_BODY_LIMIT_BYTES,
): Promise<Uint8Array | "too_large"> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return "too_large";
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body check, after `checkActionHeaders` returned null. */
export async function checkActionBody(request: ActionRequestShape, body: Uint8Array | "too_large"): Promise<RequestVerdict> {
  if (body === "too_large") return tooLarge();
  const type = mediaType(request.contentType);
  if (request.nextAction !== null) {
    if (!/^[0-9a-f]{2,128}$/.test(request.nextAction)) return bad("Unknown action.");
    if (type === "multipart/form-data") return checkMultipartReply(request.contentType!, body);
    const text = decodeUtf8(body);
    if (text === null) return bad("The request is not valid UTF-8.");
    const verdict = checkReplyText(text, { formDataReferences: false });
    return verdict.ok ? OK : { ok: false, status: verdict.status, message: verdict.message };
  }
  const form = await parseForm(request.contentType!, body);
  if (!form) return bad("The form data could not be read.");
  const actionFields = [...form.keys()].filter((key) => key.startsWith("$ACTION_"));
  if (actionFields.length === 0) return OK;
  if (actionFields.length === 1 && ACTION_ID_FIELD.test(actionFields[0]!)) return OK;
  return bad("Unknown form action.");
}

/** Checks the JSON text of a reply (a text body, or a multipart body's root field). */
export function checkReplyText(text: string, options: { formDataReferences: boolean }): RequestVerdict & { formDataIds?: Set<string> } {
  if (nestingDepth(text) > MAX_REPLY_DEPTH) return bad("The request is nested too deeply.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad("The request is not valid JSON.");
  }
  if (!Array.isArray(value)) return bad("The request does not carry the action's arguments.");
  const formDataIds = new Set<string>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") {
      if (!item.startsWith("$") || item.startsWith("$$") || PLAIN_VALUE_TOKENS.has(item)) continue;
      if (item.startsWith("$D") && !Number.isNaN(Date.parse(item.slice(2)))) continue;
      const reference = FORM_DATA_REFERENCE.exec(item);
      if (reference && options.formDataReferences) {
        formDataIds.add(reference[1]!);
        continue;
      }
      return bad("The request holds a value this app never sends.");
    }
    if (Array.isArray(item)) stack.push(...item);
    else if (item !== null && typeof item === "object") stack.push(...Object.values(item));
  }
  return { ok: true, formDataIds };
}

async function checkMultipartReply(contentType: string, body: Uint8Array): Promise<RequestVerdict> {
  const form = await parseForm(contentType, body);
  if (!form) return bad("The form data could not be read.");
  const roots = form.getAll("0");
  if (roots.length !== 1 || typeof roots[0] !== "string") return bad("The request does not carry the action's arguments.");
  const verdict = checkReplyText(roots[0], { formDataReferences: true });
  if (!verdict.ok) return verdict;
  for (const key of form.keys()) {
    if (key === "0") continue;
    const owner = /^_(\d{1,6})_/.exec(key)?.[1];
    if (owner === undefined || !verdict.formDataIds?.has(owner)) return bad("The form data holds a field no argument refers to.");
  }
  return OK;
}

async function parseForm(contentType: string, body: Uint8Array): Promise<FormData | null> {
  try {
    return await new Response(body as BodyInit, { headers: { "content-type": contentType } }).formData();
  } catch {
    return null;
  }
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/** The deepest bracket nesting in a JSON text, ignoring brackets inside strings. Linear, no recursion. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return deepest;
}
