import NextAuth, { type NextAuthRequest } from "next-auth";
import { NextResponse, type NextFetchEvent, type NextMiddleware, type NextRequest } from "next/server";
import { authConfig } from "./lib/auth/auth-config";
import { getSecrets } from "./lib/secrets";
import { checkActionBody, checkActionHeaders, readBodyWithin, type ActionRequestShape, type RequestVerdict } from "./lib/security/action-request";
import { generateNonce, NON_DOCUMENT_CSP, requestSecurityHeaders, servedOverHttps, STATIC_SECURITY_HEADERS } from "./lib/security/headers";

/**
 * Re-issues the session cookie on every page request, which makes the 8-hour session lifetime an idle timeout.
 * Access itself is decided on the server by `requireUser` and the services, never here.
 *
 * Also gives every page its own CSP nonce: the policy goes on the request, where Next reads the nonce and puts it on
 * its own scripts, and on the response (see lib/security/headers.ts for the policy and what sets which header).
 */
const { auth } = NextAuth(() => ({ ...authConfig, secret: getSecrets().authSecret }));

function withSecurityHeaders(request: NextAuthRequest, _event: NextFetchEvent): NextResponse {
  const https = servedOverHttps({
    url: request.url,
    forwardedProto: request.headers.get("x-forwarded-proto"),
    configuredUrl: process.env.AUTH_URL ?? process.env.NEXTAUTH_URL,
  });
  const security = requestSecurityHeaders({
    pathname: request.nextUrl.pathname,
    nonce: generateNonce(),
    https,
    dev: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  const csp = security["Content-Security-Policy"];
  if (csp) requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [key, value] of Object.entries(security)) response.headers.set(key, value);
  return response;
}

// With a lazily built configuration, next-auth's `auth(handler)` returns a promise of the middleware (its types say
// the middleware itself); Promise.resolve copes with either, and Next wants a function as the default export.
const sessionProxy = Promise.resolve<NextMiddleware>(auth(withSecurityHeaders));

/** A request Next's action decoder would answer with a 500: a plain 4xx instead, before any of the app runs. */
function refusal(verdict: Extract<RequestVerdict, { ok: false }>): NextResponse {
  const response = new NextResponse(verdict.message, { status: verdict.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  for (const { key, value } of STATIC_SECURITY_HEADERS) response.headers.set(key, value);
  response.headers.set("Content-Security-Policy", NON_DOCUMENT_CSP);
  if (verdict.status === 405) response.headers.set("Allow", "GET, HEAD, POST");
  return response;
}

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const shape: ActionRequestShape = {
    method: request.method,
    pathname: request.nextUrl.pathname,
    contentType: request.headers.get("content-type"),
    contentLength: request.headers.get("content-length"),
    nextAction: request.headers.get("next-action"),
  };
  // Reading the body here does not consume it for the page: Next hands the proxy a copy.
  const verdict = checkActionHeaders(shape) ?? (await checkActionBody(shape, await readBodyWithin(request.body)));
  if (!verdict.ok) return refusal(verdict);
  // Server-action calls are otherwise left alone: a refreshed cookie must never overwrite the one sign-out clears.
  // (Their answers are not pages: next.config.ts gives them the non-document policy.)
  if (shape.nextAction !== null) return NextResponse.next();
  return (await sessionProxy)(request, event);
}

export const config = {
  matcher: ["/((?!api/auth|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
