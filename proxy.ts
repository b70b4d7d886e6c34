import NextAuth from "next-auth";
import { authConfig } from "./lib/auth/auth-config";
import { getSecrets } from "./lib/secrets";

/**
 * Re-issues the session cookie on every page request, which makes the 8-hour session lifetime an idle timeout.
 * Access itself is decided on the server by `requireUser` and the services, never here.
 */
const { auth } = NextAuth(() => ({ ...authConfig, secret: getSecrets().authSecret }));

export default auth;

export const config = {
  matcher: [
    {
      source: "/((?!api/auth|_next/static|_next/image|favicon.ico|robots.txt).*)",
      // Server-action requests are left alone: a refreshed cookie must never overwrite the one sign-out clears.
      missing: [{ type: "header", key: "next-action" }],
    },
  ],
};
