import { and, asc, desc, eq, inArray, isNotNull, isNull, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { interviews, takedownTasks, users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan, can, type Actor } from "../auth/permissions";
import type { Ctx } from "../context";
import { open, seal } from "../crypto/seal";
import { keyForLateRecord } from "@/lib/crypto/data-keys";
import { ConflictError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { resolveTakedownSchema, TAKEDOWN_RESOLUTIONS } from "./schema";

export const takedownNoteContext = (taskId: string) => `takedown:${taskId}:note`;

export interface TakedownTask {
  id: string;
  interviewId: string;
  codeName: string;
  cause: "withdrawn" | "revoked";
  createdAt: number;
  dueAt: number;
  overdue: boolean;
  resolvedAt: number | null;
  resolvedBy: string | null;
  resolution: (typeof TAKEDOWN_RESOLUTIONS)[number] | null;
  note: string | null;
}

/** The desks whose takedown tasks an actor handles: an editor's desks; an administrator's too. */
function deskScope(actor: Actor): SQL | null {
  if (!can(actor, "takedown:resolve") || actor.deskIds.length === 0) return null;
  return inArray(takedownTasks.deskId, [...actor.deskIds]);
}

/** Takedown tasks of the actor's desks: open ones first (soonest due first), then the latest resolved. */
export function listTakedowns({ ctx, resolved = false, limit = 50 }: { ctx: Ctx; resolved?: boolean; limit?: number }): TakedownTask[] {
  assertCan(ctx.actor, "interview:work");
  const scope = deskScope(ctx.actor);
  if (!scope) return [];
  const now = ctx.now();
  return getDb()
    .select({ t: takedownTasks, codeName: interviews.codeName, resolver: users.name })
    .from(takedownTasks)
    .innerJoin(interviews, eq(interviews.id, takedownTasks.interviewId))
    .leftJoin(users, eq(users.id, takedownTasks.resolvedBy))
    .where(and(scope, resolved ? isNotNull(takedownTasks.resolvedAt) : isNull(takedownTasks.resolvedAt)))
    .orderBy(resolved ? desc(takedownTasks.resolvedAt) : asc(takedownTasks.dueAt))
    .limit(Math.min(Math.max(limit, 1), 200))
    .all()
    .map(({ t, codeName, resolver }) => ({
      id: t.id,
      interviewId: t.interviewId,
      codeName,
      cause: t.cause,
      createdAt: t.createdAt,
      dueAt: t.dueAt,
      overdue: t.resolvedAt === null ? now > t.dueAt : t.resolvedAt > t.dueAt,
      resolvedAt: t.resolvedAt,
      resolvedBy: resolver ?? null,
      resolution: t.resolution,
      note: t.noteSealed ? open(t.noteSealed, takedownNoteContext(t.id)) : null,
    }));
}

/** An editor of the desk records what was done: taken down, amended, or other, with a note. Once. */
export function resolveTakedown({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "takedown:resolve");
  const actor = ctx.actor;
  const data = parseInput(resolveTakedownSchema, input);
  withTransaction((tx) => {
    const task = tx.select().from(takedownTasks).where(eq(takedownTasks.id, data.taskId)).get();
    if (!task || !actor.deskIds.includes(task.deskId)) throw new NotFoundError("Takedown task not found.");
    if (task.resolvedAt !== null) throw new ConflictError("This takedown task was already resolved.");
    const now = ctx.now();
    tx.update(takedownTasks)
      .set({
        resolvedAt: now,
        resolvedBy: actor.id,
        resolution: data.resolution,
        noteSealed: seal(data.note, takedownNoteContext(task.id), keyForLateRecord(task.interviewId, now)),
      })
      .where(eq(takedownTasks.id, task.id))
      .run();
    appendAuditEvent(tx, ctx, {
      action: "takedown.resolved",
      targetId: task.interviewId,
      payload: { taskId: task.id, resolution: data.resolution, overdue: now > task.dueAt },
    });
  });
}
