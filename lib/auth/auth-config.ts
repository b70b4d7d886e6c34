import type { NextAuthConfig } from "next-auth";

/** Idle timeout: the session cookie lives 8 hours and is re-issued on every request (see proxy.ts). */
export const SESSION_IDLE_SECONDS = 8 * 60 * 60;

/** Claims the session token carries: nothing but who, which role, and which session version. */
export interface TokenClaims {
  uid: string;
  role: string;
  sv: number;
}

/**
 * The part of the next-auth configuration that needs no database (shared by the route handler and proxy.ts).
 * The token is checked against the database on every request by `getCurrentUser`, so deactivation, role and
 * password changes take effect immediately rather than at expiry.
 *
 * Cookies keep Auth.js's defaults on purpose: HttpOnly, SameSite=Lax, Path=/, and over HTTPS (AUTH_URL's scheme, else
 * X-Forwarded-Proto) Secure with the `__Secure-` name prefix. HSTS follows the same rule (lib/security/headers.ts);
 * tests/integration/proxy-headers.test.ts checks both branches.
 */
export const authConfig = {
  trustHost: true,
  // One line per error, never a stack trace: refused sign-ins are expected (and audited as auth.sign_in_failed),
  // and a forged or stale cookie is only worth its name. Stack traces in a newsroom server's log help nobody.
  logger: {
    error(error: Error) {
      const type = (error as Error & { type?: string }).type ?? error.name;
      if (type === "CredentialsSignin") return;
      const cause = (error as Error & { cause?: { err?: Error } }).cause?.err;
      console.error(`[auth] ${type}${cause ? ` (${cause.name}: ${cause.message})` : ""}`);
    },
  },
  session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS, updateAge: 0 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const u = user as { id?: string; role?: string; sessionVersion?: number };
        return { sub: u.id, uid: u.id, role: u.role, sv: u.sessionVersion };
      }
      return token;
    },
    session({ session, token }) {
      const claims: TokenClaims = { uid: String(token.uid ?? ""), role: String(token.role ?? ""), sv: Number(token.sv ?? 0) };
      return { ...session, user: { id: claims.uid }, claims };
    },
  },
} satisfies NextAuthConfig;
