import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { desks, userDesks, users } from "@/db/schema";
import { hasMfa, mfaRequiredForRole } from "./mfa-store";
import type { Actor } from "./permissions";
import type { RoleName } from "./roles";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: RoleName;
  mustChangePassword: boolean;
  /** Two-step sign-in is on for this account. */
  mfaEnabled: boolean;
  /** The role must use two-step sign-in (instance setting) and the account has none yet: only enrolment is open. */
  mfaEnrolmentRequired: boolean;
  desks: { id: string; name: string }[];
  actor: Actor;
}

/**
 * Loads the user behind a session token and checks it is still valid: the account is active and the token's
 * session version matches (deactivation, role, password changes and an MFA reset bump it). Read-only.
 */
export function loadSessionUser(userId: string, sessionVersion: number): SessionUser | null {
  if (!userId) return null;
  const db = getDb();
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || !user.active || user.sessionVersion !== sessionVersion) return null;
  const deskRows = db
    .select({ id: desks.id, name: desks.name })
    .from(userDesks)
    .innerJoin(desks, eq(desks.id, userDesks.deskId))
    .where(eq(userDesks.userId, user.id))
    .orderBy(desks.name)
    .all();
  const mfaEnabled = hasMfa(db, user.id);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
    mfaEnabled,
    mfaEnrolmentRequired: !mfaEnabled && mfaRequiredForRole(db, user.role),
    desks: deskRows,
    actor: { id: user.id, role: user.role, deskIds: deskRows.map((d) => d.id) },
  };
}
