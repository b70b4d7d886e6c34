import { randomUUID } from "node:crypto";
import { userDesks, users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import { hashPassword } from "../auth/password-hash";
import type { Ctx } from "../context";
import { parseInput } from "../validation";
import { assertDesksExist, assertEmailFree } from "./internal";
import { createUserSchema } from "./schema";

export async function createUser({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ userId: string }> {
  assertCan(ctx.actor, "user:manage");
  const data = parseInput(createUserSchema, input);
  const passwordHash = await hashPassword(data.password);
  return withTransaction((tx) => {
    assertEmailFree(tx, data.email);
    const deskIds = assertDesksExist(tx, data.deskIds);
    const now = ctx.now();
    const userId = randomUUID();
    tx.insert(users)
      .values({
        id: userId,
        email: data.email,
        name: data.name,
        passwordHash,
        role: data.role,
        mustChangePassword: data.mustChangePassword,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    for (const deskId of deskIds) tx.insert(userDesks).values({ userId, deskId }).run();
    appendAuditEvent(tx, ctx, {
      action: "user.created",
      targetId: userId,
      payload: { role: data.role, deskIds, mustChangePassword: data.mustChangePassword },
    });
    return { userId };
  });
}
