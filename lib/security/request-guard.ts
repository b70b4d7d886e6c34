import type { IncomingHttpHeaders } from "node:http";
import { parseAndValidateFlightRouterState } from "next/dist/server/app-render/parse-and-validate-flight-router-state";

/**
 * The first check every request meets, in Sourcekeeper's own HTTP server (lib/server/serve.ts), before Next sees it.
 *
 * Some malformed requests make Next (or Auth.js inside it) answer 500 before proxy.ts or any route runs: a method
 * Node's fetch Request refuses (TRACE), a path whose percent-encoding does not decode (`/api/images/%zz`), a proxy
 * header Auth.js turns into a URL (`X-Forwarded-Proto: https, http`, a host with a space or a port over 65535), a
 * router-state header (`Next-Router-State-Tree`, sent by the client router with `RSC: 1`) that does not parse.
 * The app promises never to answer 500 to bad input, so these are refused here with a plain 4xx, and the forwarded
 * headers a chain of proxies legitimately sends as lists are reduced to their first (client-facing) value.
 *
 * Pure: takes the method, the request target and the headers; returns a refusal or the headers to replace.
 */

export const MAX_URL_LENGTH = 8192;

/** Methods any route of the app answers; others get 405 here (Next's Request cannot even represent TRACE). */
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export type GuardVerdict =
  | { ok: true; /** Headers to overwrite with a normalised value. */ headers: Record<string, string> }
  | { ok: false; status: 400 | 405 | 414; message: string };

const refuse = (status: 400 | 405 | 414, message: string): GuardVerdict => ({ ok: false, status, message });

/** host, host:port, [v6], [v6]:port — the only forms a Host header may take. */
export function isValidHost(value: string): boolean {
  const match = /^(?:([A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?)|\[([0-9A-Fa-f:.]{2,45})\])(?::(\d{1,5}))?$/.exec(value);
  if (!match) return false;
  if (match[2] !== undefined && !/:/.test(match[2])) return false;
  return match[3] === undefined || Number(match[3]) <= 65535;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function guardRequest(request: { method?: string; url?: string; headers: IncomingHttpHeaders }): GuardVerdict {
  const method = (request.method ?? "").toUpperCase();
  if (!KNOWN_METHODS.has(method)) return refuse(405, "Method not allowed.");
  const target = request.url ?? "";
  if (target.length > MAX_URL_LENGTH) return refuse(414, "The address is too long.");
  if (!target.startsWith("/")) return refuse(400, "The address is not valid.");
  const pathname = target.split(/[?#]/, 1)[0]!;
  try {
    decodeURIComponent(pathname);
  } catch {
    return refuse(400, "The address is not valid.");
  }

  const headers: Record<string, string> = {};
  const host = single(request.headers.host);
  if (host !== undefined && !isValidHost(host)) return refuse(400, "The Host header is not valid.");
  const forwardedHost = single(request.headers["x-forwarded-host"]);
  if (forwardedHost !== undefined) {
    const first = forwardedHost.split(",")[0]!.trim();
    if (!isValidHost(first)) return refuse(400, "The X-Forwarded-Host header is not valid.");
    if (first !== forwardedHost) headers["x-forwarded-host"] = first;
  }
  const forwardedProto = single(request.headers["x-forwarded-proto"]);
  if (forwardedProto !== undefined) {
    const first = forwardedProto.split(",")[0]!.trim().toLowerCase();
    if (first !== "http" && first !== "https") return refuse(400, "The X-Forwarded-Proto header is not valid.");
    if (first !== forwardedProto) headers["x-forwarded-proto"] = first;
  }
  // Checked with Next's own parser, which throws (a 500) on anything but a valid router tree.
  const routerState = request.headers["next-router-state-tree"];
  if (routerState !== undefined) {
    try {
      parseAndValidateFlightRouterState(routerState);
    } catch {
      return refuse(400, "The router state header is not valid.");
    }
  }
  return { ok: true, headers };
}
