import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { desks, userDesks, users } from "@/db/schema";
import type { Actor } from "./permissions";
import type { RoleName } from "./roles";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: RoleName;
  mustChangePassword: boolean;
  desks: { id: string; name: string }[];
  actor: Actor;
}

/**
 * Loads the user behind a session token and checks it is still valid: the account is active and the token's
 * session version matches (deactivation, role and password changes bump it). Read-only.
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
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
    desks: deskRows,
    actor: { id: user.id, role: user.role, deskIds: deskRows.map((d) => d.id) },
  };
}
