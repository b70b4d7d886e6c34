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

/** For pages: redirects to sign-in, or to the password page when a change is required. */
export async function requireUser(options: { allowPendingPasswordChange?: boolean } = {}): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  if (user.mustChangePassword && !options.allowPendingPasswordChange) redirect("/account/password");
  return user;
}

/** For pages a role cannot use: they answer "not found", never confirming they exist. */
export async function requireCapability(capability: Capability): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user.actor, capability)) notFound();
  return user;
}

/** For server actions and route handlers: the context every service takes. Throws when not signed in. */
export async function requireActionContext(options: { allowPendingPasswordChange?: boolean } = {}): Promise<Ctx & { user: SessionUser }> {
  const user = await getCurrentUser();
  if (!user || (user.mustChangePassword && !options.allowPendingPasswordChange)) throw new UnauthenticatedError();
  return { actor: user.actor, ip: await requestIp(), now: Date.now, user };
}

export async function requestIp(): Promise<string> {
  return clientIp(await headers());
}

/** The service context for reads made while rendering a page. */
export function pageCtx(user: SessionUser): Ctx {
  return { actor: user.actor, ip: "", now: Date.now };
}
