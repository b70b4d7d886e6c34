import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { desks } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { ConflictError } from "../errors";
import { createDeskSchema } from "../users/schema";
import { parseInput } from "../validation";

export function createDesk({ ctx, input }: { ctx: Ctx; input: unknown }): { deskId: string } {
  assertCan(ctx.actor, "desk:manage");
  const { name } = parseInput(createDeskSchema, input);
  return withTransaction((tx) => {
    const clash = tx
      .select({ id: desks.id })
      .from(desks)
      .where(sql`lower(${desks.name}) = lower(${name})`)
      .get();
    if (clash) throw new ConflictError("A desk with this name exists already.", { name: "A desk with this name exists already." });
    const deskId = randomUUID();
    tx.insert(desks).values({ id: deskId, name, createdAt: ctx.now() }).run();
    appendAuditEvent(tx, ctx, { action: "desk.created", targetId: deskId, payload: { fields: ["name"] } });
    return { deskId };
  });
}
