import { and, asc, eq, isNull, ne } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checklistItems, interviews, users } from "@/db/schema";
import { assertCan, can } from "../auth/permissions";
import type { Ctx } from "../context";
import { visibleToActor } from "../interviews/access";
import { getGuidanceVersion } from "./applicable";

export interface PendingApproval {
  interviewId: string;
  codeName: string;
  itemId: string;
  itemTitle: string;
  requestedBy: string;
  requestedAt: number;
}

/** Requests to treat a blocking item as not applicable that this editor may decide (not their own). */
export function listPendingApprovals({ ctx }: { ctx: Ctx }): PendingApproval[] {
  assertCan(ctx.actor, "interview:work");
  if (!can(ctx.actor, "checklist:decide_na")) return [];
  const db = getDb();
  const rows = db
    .select({
      interviewId: interviews.id,
      codeName: interviews.codeName,
      guidanceVersion: interviews.guidanceVersion,
      itemId: checklistItems.itemId,
      requestedBy: users.name,
      requestedAt: checklistItems.updatedAt,
    })
    .from(checklistItems)
    .innerJoin(interviews, eq(interviews.id, checklistItems.interviewId))
    .innerJoin(users, eq(users.id, checklistItems.naRequestedBy))
    .where(
      and(
        visibleToActor(db, ctx.actor),
        isNull(interviews.archivedAt),
        eq(checklistItems.applicable, true),
        eq(checklistItems.naApproval, "pending"),
        ne(checklistItems.naRequestedBy, ctx.actor.id),
      ),
    )
    .orderBy(asc(checklistItems.updatedAt))
    .all();
  return rows.map(({ guidanceVersion, ...r }) => ({
    ...r,
    itemTitle: getGuidanceVersion(guidanceVersion).items.find((i) => i.id === r.itemId)?.title ?? r.itemId,
  }));
}
