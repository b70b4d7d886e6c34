import { randomUUID } from "node:crypto";
import { desks, instanceSetup, userDesks, users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import type { Ctx } from "../context";
import { ConflictError } from "../errors";
import { parseInput } from "../validation";
import { hashPassword } from "./password-hash";
import { setupSchema } from "./schema";

export const SETUP_DONE_MESSAGE = "Sourcekeeper is already set up. Sign in, or ask an administrator for an account.";

/**
 * First run: creates the first administrator and their desk. Needs no actor (nobody exists yet). The singleton
 * `instance_setup` row and the user count are checked inside one BEGIN IMMEDIATE transaction, so two browsers
 * racing cannot both succeed.
 */
export async function setupInstance({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ userId: string }> {
  const data = parseInput(setupSchema, input);
  const passwordHash = await hashPassword(data.password);
  return withTransaction((tx) => {
    const done = tx.select({ id: instanceSetup.id }).from(instanceSetup).get();
    const anyUser = tx.select({ id: users.id }).from(users).limit(1).get();
    if (done || anyUser) throw new ConflictError(SETUP_DONE_MESSAGE);

    const now = ctx.now();
    const userId = randomUUID();
    const deskId = randomUUID();
    tx.insert(desks).values({ id: deskId, name: data.deskName, createdAt: now }).run();
    tx.insert(users)
      .values({ id: userId, email: data.email, name: data.name, passwordHash, role: "admin", createdAt: now, updatedAt: now })
      .run();
    tx.insert(userDesks).values({ userId, deskId }).run();
    tx.insert(instanceSetup).values({ id: 1, completedAt: now, adminUserId: userId }).run();

    const actorCtx: Ctx = { ...ctx, actor: { id: userId, role: "admin", deskIds: [deskId] } };
    appendAuditEvent(tx, actorCtx, { action: "instance.setup", targetId: null, payload: { adminUserId: userId } });
    appendAuditEvent(tx, actorCtx, { action: "desk.created", targetId: deskId, payload: { fields: ["name"] } });
    appendAuditEvent(tx, actorCtx, {
      action: "user.created",
      targetId: userId,
      payload: { role: "admin", deskIds: [deskId], mustChangePassword: false },
    });
    return { userId };
  });
}
