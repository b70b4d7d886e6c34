import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { desks, userDesks, userMfa, users } from "@/db/schema";
import { assertCan } from "../auth/permissions";
import type { RoleName } from "../auth/roles";
import type { Ctx } from "../context";

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: RoleName;
  active: boolean;
  mustChangePassword: boolean;
  /** Two-step sign-in is on. */
  mfaEnabled: boolean;
  desks: { id: string; name: string }[];
}

/** Every user with their desks, for the user administration page. */
export function listUsers({ ctx }: { ctx: Ctx }): UserRow[] {
  assertCan(ctx.actor, "user:manage");
  const db = getDb();
  const rows = db.select().from(users).orderBy(asc(users.active), asc(users.name)).all();
  const memberships = db
    .select({ userId: userDesks.userId, id: desks.id, name: desks.name })
    .from(userDesks)
    .innerJoin(desks, eq(desks.id, userDesks.deskId))
    .orderBy(asc(desks.name))
    .all();
  const enrolled = new Set(
    db
      .select({ userId: userMfa.userId })
      .from(userMfa)
      .all()
      .map((r) => r.userId),
  );
  return rows
    .map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      active: u.active,
      mustChangePassword: u.mustChangePassword,
      mfaEnabled: enrolled.has(u.id),
      desks: memberships.filter((m) => m.userId === u.id).map(({ id, name }) => ({ id, name })),
    }))
    .sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
}

export function getUser({ ctx, userId }: { ctx: Ctx; userId: string }): UserRow | null {
  return listUsers({ ctx }).find((u) => u.id === userId) ?? null;
}
