import { and, desc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditEvents, interviews, userDesks, users } from "@/db/schema";
import { assertCan, can } from "../auth/permissions";
import type { Ctx } from "../context";
import { describeAction, INTERVIEW_TARGET_TYPES } from "./events";

export interface AuditListItem {
  seq: number;
  occurredAt: number;
  actorId: string | null;
  actorName: string | null;
  action: string;
  label: string;
  targetType: string;
  targetId: string | null;
  payload: Record<string, unknown>;
  hash: string;
}

/**
 * The latest audit entries, newest first, paged by seq (keyset, stable under new inserts).
 * Admins see everything; editors see entries by or about users of their desks, about their desks, and about
 * the interviews of their desks.
 */
export function listAuditEvents({ ctx, before, limit = 50 }: { ctx: Ctx; before?: number; limit?: number }): AuditListItem[] {
  assertCan(ctx.actor, "audit:read");
  const db = getDb();
  const conditions: SQL[] = [];
  if (before !== undefined && Number.isSafeInteger(before)) conditions.push(lt(auditEvents.seq, before));
  if (!can(ctx.actor, "audit:read_all")) {
    const deskIds = [...ctx.actor.deskIds];
    const deskUserIds = deskIds.length
      ? db
          .selectDistinct({ id: userDesks.userId })
          .from(userDesks)
          .where(inArray(userDesks.deskId, deskIds))
          .all()
          .map((r) => r.id)
      : [];
    const scope = [eq(auditEvents.actorId, ctx.actor.id)];
    if (deskUserIds.length) {
      scope.push(inArray(auditEvents.actorId, deskUserIds));
      scope.push(and(eq(auditEvents.targetType, "user"), inArray(auditEvents.targetId, deskUserIds)) as SQL);
    }
    if (deskIds.length) {
      scope.push(and(eq(auditEvents.targetType, "desk"), inArray(auditEvents.targetId, deskIds)) as SQL);
      const deskInterviews = db.select({ id: interviews.id }).from(interviews).where(inArray(interviews.deskId, deskIds));
      scope.push(and(inArray(auditEvents.targetType, [...INTERVIEW_TARGET_TYPES]), inArray(auditEvents.targetId, deskInterviews)) as SQL);
    }
    conditions.push(or(...scope) as SQL);
  }
  const rows = db
    .select({ event: auditEvents, actorName: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.seq))
    .limit(Math.min(Math.max(limit, 1), 200))
    .all();
  return rows.map(({ event, actorName }) => ({
    seq: event.seq,
    occurredAt: event.occurredAt,
    actorId: event.actorId,
    actorName,
    action: event.action,
    label: describeAction(event.action),
    targetType: event.targetType,
    targetId: event.targetId,
    payload: parsePayload(event.payload),
    hash: event.hash,
  }));
}

/** A tampered entry may hold anything: show it as it is rather than failing the page. */
function parsePayload(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { unreadable: text };
  } catch {
    return { unreadable: text };
  }
}
