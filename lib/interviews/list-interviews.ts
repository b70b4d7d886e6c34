import { and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checklistItems, consentRecords, desks, interviews, users } from "@/db/schema";
import { assertCan } from "../auth/permissions";
import type { ConsentState } from "../consent/state-machine";
import { effectiveStatus } from "../consent/timing";
import type { Ctx } from "../context";
import { visibleToActor } from "./access";
import type { InterviewStatus, SourceType } from "./constants";
import { listInterviewsSchema } from "./schema";

export interface InterviewListItem {
  id: string;
  codeName: string;
  sourceType: SourceType;
  status: InterviewStatus;
  plannedDate: string | null;
  deskName: string;
  ownerName: string;
  archived: boolean;
  /** Its source data was erased (crypto-shredding). */
  erased: boolean;
  blockingOpen: number;
  pendingApprovals: number;
  /** The status of the latest consent record, or null when none exists. */
  consentStatus: ConsentState | null;
}

const LIMIT = 200;

/** The interviews an actor may see, filtered, sorted by planned date (undated last). Bad filters are ignored. */
export function listInterviews({ ctx, filter }: { ctx: Ctx; filter: unknown }): InterviewListItem[] {
  assertCan(ctx.actor, "interview:work");
  const db = getDb();
  const f = listInterviewsSchema.parse(filter ?? {});
  const conditions: SQL[] = [visibleToActor(db, ctx.actor)];
  if (f.q) conditions.push(sql`${interviews.codeName} like ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
  if (f.status) conditions.push(eq(interviews.status, f.status));
  if (f.sourceType) conditions.push(eq(interviews.sourceType, f.sourceType));
  if (f.deskId) conditions.push(eq(interviews.deskId, f.deskId));
  if (f.ownerId) conditions.push(eq(interviews.ownerId, f.ownerId));
  if (f.archived === "only") conditions.push(isNotNull(interviews.archivedAt));
  else if (f.archived !== "include") conditions.push(isNull(interviews.archivedAt));

  const now = ctx.now();
  const blockingOpen = sql<number>`(select count(*) from ${checklistItems} ci where ci.interview_id = ${interviews.id}
      and ci.applicable = 1 and ci.gate = 'block'
      and not (ci.state = 'done' or (ci.state = 'not_applicable' and ci.na_approval = 'approved')))`;
  const consentStatus = sql<ConsentState | null>`(select cr.status from ${consentRecords} cr where cr.interview_id = ${interviews.id}
      order by cr.created_at desc, cr.rowid desc limit 1)`;
  const consentExpiresOn = sql<string | null>`(select json_extract(cr.terms_json, '$.expiresOn') from ${consentRecords} cr
      where cr.interview_id = ${interviews.id} order by cr.created_at desc, cr.rowid desc limit 1)`;
  const pendingApprovals = sql<number>`(select count(*) from ${checklistItems} ci where ci.interview_id = ${interviews.id}
      and ci.applicable = 1 and ci.na_approval = 'pending')`;

  return db
    .select({
      id: interviews.id,
      codeName: interviews.codeName,
      sourceType: interviews.sourceType,
      status: interviews.status,
      plannedDate: interviews.plannedDate,
      deskName: desks.name,
      ownerName: users.name,
      archivedAt: interviews.archivedAt,
      erasedAt: interviews.erasedAt,
      blockingOpen,
      pendingApprovals,
      consentStatus,
      consentExpiresOn,
    })
    .from(interviews)
    .innerJoin(desks, eq(desks.id, interviews.deskId))
    .innerJoin(users, eq(users.id, interviews.ownerId))
    .where(and(...conditions))
    .orderBy(sql`${interviews.plannedDate} is null`, asc(interviews.plannedDate), desc(interviews.createdAt))
    .limit(LIMIT)
    .all()
    .map(({ archivedAt, erasedAt, consentExpiresOn, consentStatus, ...r }) => ({
      erased: erasedAt !== null,
      ...r,
      consentStatus: consentStatus && effectiveStatus(consentStatus, consentExpiresOn, now),
      archived: archivedAt !== null,
    }));
}

/** People the filters can name: owners of interviews the actor can see. */
export function listVisibleOwners({ ctx }: { ctx: Ctx }): { id: string; name: string }[] {
  assertCan(ctx.actor, "interview:work");
  const db = getDb();
  return db
    .selectDistinct({ id: users.id, name: users.name })
    .from(interviews)
    .innerJoin(users, eq(users.id, interviews.ownerId))
    .where(visibleToActor(db, ctx.actor))
    .orderBy(asc(users.name))
    .all();
}
