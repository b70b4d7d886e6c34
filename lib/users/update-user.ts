import { and, eq, inArray, sql } from "drizzle-orm";
import { userDesks, users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { ValidationError } from "../errors";
import { parseInput } from "../validation";
import { activeAdminCount, assertDesksExist, assertEmailFree, deskIdsOf, loadUser } from "./internal";
import { updateUserSchema } from "./schema";

/** Changes a user's name, e-mail, role and desks; one audit event per kind of change. */
export function updateUser({ ctx, input }: { ctx: Ctx; input: unknown }): { changed: boolean } {
  assertCan(ctx.actor, "user:manage");
  const data = parseInput(updateUserSchema, input);
  return withTransaction((tx) => {
    const user = loadUser(tx, data.userId);
    assertEmailFree(tx, data.email, user.id);
    const deskIds = assertDesksExist(tx, data.deskIds);
    const roleChanged = user.role !== data.role;
    if (roleChanged && user.role === "admin" && user.active && activeAdminCount(tx) <= 1) {
      throw new ValidationError("This is the last active administrator.", { role: "Make another user an administrator first." });
    }
    const fields = (["name", "email"] as const).filter((f) => user[f] !== data[f]);
    const before = deskIdsOf(tx, user.id);
    const added = deskIds.filter((d) => !before.includes(d));
    const removed = before.filter((d) => !deskIds.includes(d));
    if (!roleChanged && fields.length === 0 && added.length === 0 && removed.length === 0) return { changed: false };

    tx.update(users)
      .set({
        name: data.name,
        email: data.email,
        role: data.role,
        updatedAt: ctx.now(),
        ...(roleChanged ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}),
      })
      .where(eq(users.id, user.id))
      .run();
    if (removed.length > 0)
      tx.delete(userDesks)
        .where(and(eq(userDesks.userId, user.id), inArray(userDesks.deskId, removed)))
        .run();
    for (const deskId of added) tx.insert(userDesks).values({ userId: user.id, deskId }).run();

    if (fields.length > 0) appendAuditEvent(tx, ctx, { action: "user.updated", targetId: user.id, payload: { fields } });
    if (roleChanged)
      appendAuditEvent(tx, ctx, { action: "user.role_changed", targetId: user.id, payload: { from: user.role, to: data.role } });
    if (added.length > 0 || removed.length > 0) {
      appendAuditEvent(tx, ctx, { action: "user.desks_changed", targetId: user.id, payload: { added, removed } });
    }
    return { changed: true };
  });
}
