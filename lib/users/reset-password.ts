import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { hashPassword } from "../auth/password-hash";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { parseInput } from "../validation";
import { loadUser } from "./internal";
import { resetPasswordSchema } from "./schema";

/** An administrator sets a temporary password; the user must choose a new one at next sign-in. */
export async function resetPassword({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<void> {
  assertCan(ctx.actor, "user:manage");
  const data = parseInput(resetPasswordSchema, input);
  const passwordHash = await hashPassword(data.password);
  withTransaction((tx) => {
    const user = loadUser(tx, data.userId);
    tx.update(users)
      .set({ passwordHash, mustChangePassword: true, updatedAt: ctx.now(), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, user.id))
      .run();
    appendAuditEvent(tx, ctx, { action: "user.password_reset", targetId: user.id, payload: { mustChangePassword: true } });
  });
}
