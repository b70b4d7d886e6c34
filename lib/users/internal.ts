import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { desks, userDesks, users } from "@/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "../errors";

export function loadUser(tx: Db, userId: string) {
  const user = tx.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new NotFoundError("User not found.");
  return user;
}

export function assertEmailFree(tx: Db, email: string, exceptUserId?: string): void {
  const clash = tx
    .select({ id: users.id })
    .from(users)
    .where(exceptUserId ? and(eq(users.email, email), ne(users.id, exceptUserId)) : eq(users.email, email))
    .get();
  if (clash)
    throw new ConflictError("Another user already has this e-mail address.", { email: "Another user already has this e-mail address." });
}

export function assertDesksExist(tx: Db, deskIds: readonly string[]): string[] {
  const unique = [...new Set(deskIds)];
  if (unique.length === 0) return unique;
  const found = tx.select({ id: desks.id }).from(desks).where(inArray(desks.id, unique)).all();
  if (found.length !== unique.length)
    throw new ValidationError("A chosen desk does not exist.", { deskIds: "A chosen desk does not exist." });
  return unique;
}

export function deskIdsOf(tx: Db, userId: string): string[] {
  return tx
    .select({ id: userDesks.deskId })
    .from(userDesks)
    .where(eq(userDesks.userId, userId))
    .all()
    .map((r) => r.id);
}

export function activeAdminCount(tx: Db): number {
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.role, "admin"), eq(users.active, true)))
      .get()?.n ?? 0
  );
}
