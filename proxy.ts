import NextAuth, { type NextAuthRequest } from "next-auth";
import { NextResponse, type NextFetchEvent, type NextMiddleware, type NextRequest } from "next/server";
import { authConfig } from "./lib/auth/auth-config";
import { getSecrets } from "./lib/secrets";
import { generateNonce, requestSecurityHeaders, servedOverHttps } from "./lib/security/headers";

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

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  return (await sessionProxy)(request, event);
}

export const config = {
  matcher: [
    {
      source: "/((?!api/auth|_next/static|_next/image|favicon.ico|robots.txt).*)",
      // Server-action requests are left alone: a refreshed cookie must never overwrite the one sign-out clears.
      // (Their answers are not pages: next.config.ts gives them the non-document policy.)
      missing: [{ type: "header", key: "next-action" }],
    },
  ],
};
