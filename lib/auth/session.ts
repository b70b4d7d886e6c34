import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { Ctx } from "../context";
import { UnauthenticatedError } from "../errors";
import type { TokenClaims } from "./auth-config";
import { clientIp } from "./client-ip";
import { loadSessionUser, type SessionUser } from "./load-session-user";
import { auth } from "./next-auth";
import { can, type Capability } from "./permissions";

/** Session helpers, named by how they fail. */

/** The token's claims, or null. Does not check the database. */
export const getSession = cache(async (): Promise<TokenClaims | null> => {
  const session = (await auth()) as { claims?: TokenClaims } | null;
  return session?.claims?.uid ? session.claims : null;
});

/** The signed-in user, checked against the database on every request; null when signed out or revoked. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const claims = await getSession();
  return claims ? loadSessionUser(claims.uid, claims.sv) : null;
});

interface PendingOptions {
  /** The password page: open while an administrator's temporary password must be replaced. */
  allowPendingPasswordChange?: boolean;
  /** The enrolment page: open while the user must still set up two-step sign-in. */
  allowPendingMfa?: boolean;
}

/** Where a signed-in user must go before anything else, or null. The password comes first, then enrolment. */
export function pendingStep(user: SessionUser, options: PendingOptions = {}): "/account/password" | "/account/security" | null {
  if (user.mustChangePassword) return options.allowPendingPasswordChange ? null : "/account/password";
  if (user.mfaEnrolmentRequired) return options.allowPendingMfa ? null : "/account/security";
  return null;
}

/**
 * For pages: redirects to sign-in, to the password page when a change is required, or to two-step sign-in
 * enrolment when the role requires it and the account has none yet (every page but those two refuses them).
 */
export async function requireUser(options: PendingOptions = {}): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  const step = pendingStep(user, options);
  if (step) redirect(step);
  return user;
}

/** For pages a role cannot use: they answer "not found", never confirming they exist. */
export async function requireCapability(capability: Capability): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user.actor, capability)) notFound();
  return user;
}

/** For server actions and route handlers: the context every service takes. Throws when not signed in. */
export async function requireActionContext(options: PendingOptions = {}): Promise<Ctx & { user: SessionUser }> {
  const user = await getCurrentUser();
  if (!user || pendingStep(user, options)) throw new UnauthenticatedError();
  return { actor: user.actor, ip: await requestIp(), now: Date.now, user };
}

export async function requestIp(): Promise<string> {
  return clientIp(await headers());
}

/** The service context for reads made while rendering a page. */
export function pageCtx(user: SessionUser): Ctx {
  return { actor: user.actor, ip: "", now: Date.now };
}
