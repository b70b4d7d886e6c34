import { asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { desks, interviews, users } from "@/db/schema";
import { assertCan, can } from "../auth/permissions";
import type { Ctx } from "../context";
import { visibleToActor } from "../interviews/access";
import { deskUserIds } from "./internal";

export interface AuditFilterOptions {
  /** Whom the viewer may filter by: admins everyone, editors the users of their desks and themselves. */
  actors: { id: string; name: string; active: boolean }[];
  /** Interviews by code name: admins every interview, editors those they can see. */
  interviews: { id: string; codeName: string; deskName: string; archived: boolean }[];
}

/** The choices of the audit review's "who" and "interview" filters. */
export function listAuditFilterOptions({ ctx }: { ctx: Ctx }): AuditFilterOptions {
  assertCan(ctx.actor, "audit:read");
  const actor = ctx.actor;
  const db = getDb();
  const all = can(actor, "audit:read_all");

  const actorIds = all ? null : [...new Set([actor.id, ...deskUserIds(db, actor)])];
  const actors = db
    .select({ id: users.id, name: users.name, active: users.active })
    .from(users)
    .where(actorIds ? inArray(users.id, actorIds) : undefined)
    .orderBy(asc(users.name))
    .all();

  const interviewRows = db
    .select({ id: interviews.id, codeName: interviews.codeName, deskName: desks.name, archivedAt: interviews.archivedAt })
    .from(interviews)
    .innerJoin(desks, eq(desks.id, interviews.deskId))
    .where(all ? undefined : visibleToActor(db, actor))
    .orderBy(asc(interviews.codeName), asc(desks.name))
    .all();

  return {
    actors,
    interviews: interviewRows.map((r) => ({ id: r.id, codeName: r.codeName, deskName: r.deskName, archived: r.archivedAt !== null })),
  };
}
