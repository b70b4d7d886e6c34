import { and, desc, eq, gt, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "@/db/client";
import { auditEvents, consentScripts, desks, interviews, userDesks, users } from "@/db/schema";
import { can, type Actor } from "../auth/permissions";
import { visibleToActor } from "../interviews/access";
import { describeAction, INTERVIEW_TARGET_TYPES, targetsInterview } from "./events";

/** Shared by the audit reads (`listAuditEvents`, `listInterviewActivity`): scope, paging and row shaping. */

export interface AuditListItem {
  seq: number;
  occurredAt: number;
  actorId: string | null;
  actorName: string | null;
  action: string;
  /** The action in plain words ("Consent withdrawn"). */
  label: string;
  targetType: string;
  targetId: string | null;
  /**
   * What the target is called, when the viewer may know it: an interview's code name (only for interviews the
   * viewer can see, or for audit:read_all), a user's or desk's name, a consent script's label. Null otherwise.
   */
  targetName: string | null;
  payload: Record<string, unknown>;
  hash: string;
}

export interface AuditPage {
  items: AuditListItem[];
  /** The `before` value of the next (older) page; null when this page is the last. */
  nextBefore: number | null;
}

export const EMPTY_PAGE: AuditPage = { items: [], nextBefore: null };

/** The users who share a desk with the actor (the actor included when they have a desk). */
export function deskUserIds(db: Db, actor: Actor): string[] {
  if (actor.deskIds.length === 0) return [];
  return db
    .selectDistinct({ id: userDesks.userId })
    .from(userDesks)
    .where(inArray(userDesks.deskId, [...actor.deskIds]))
    .all()
    .map((r) => r.id);
}

/**
 * What an editor may read: their own entries, entries by or about the users of their desks, entries about their
 * desks, and entries about the interviews of their desks. Admins (audit:read_all) need no condition.
 *
 * `indexed: false` gives the same condition with its columns written `+column`, which tells SQLite not to search
 * the scope through its indexes: when another filter narrows the entries (a month, an action), reading that
 * filter's index and checking the scope row by row is far cheaper than collecting every entry of the desk first.
 */
export function editorScope(db: Db, actor: Actor, { indexed = true }: { indexed?: boolean } = {}): SQL {
  const col = (c: SQLiteColumn): SQL => (indexed ? sql`${c}` : sql`+${c}`);
  const actorId = col(auditEvents.actorId);
  const targetType = col(auditEvents.targetType);
  const targetId = col(auditEvents.targetId);
  const deskIds = [...actor.deskIds];
  const users = deskUserIds(db, actor);
  const scope: SQL[] = [eq(actorId, actor.id)];
  if (users.length) {
    scope.push(inArray(actorId, users));
    scope.push(and(eq(targetType, "user"), inArray(targetId, users)) as SQL);
  }
  if (deskIds.length) {
    scope.push(and(eq(targetType, "desk"), inArray(targetId, deskIds)) as SQL);
    const deskInterviews = db.select({ id: interviews.id }).from(interviews).where(inArray(interviews.deskId, deskIds));
    scope.push(and(inArray(targetType, [...INTERVIEW_TARGET_TYPES]), inArray(targetId, deskInterviews)) as SQL);
  }
  return or(...scope) as SQL;
}

/** Entries about one interview: every interview-related target type with that target id. */
export function aboutInterview(interviewId: string): SQL {
  return and(inArray(auditEvents.targetType, [...INTERVIEW_TARGET_TYPES]), eq(auditEvents.targetId, interviewId)) as SQL;
}

/** How many of the newest entries below the cursor are read in seq order before the filters' indexes take over. */
export const PAGE_PROBE_WINDOW = 20_000;

/**
 * One page, newest first, keyset-paged by seq: `seq < before` is stable while new entries arrive (they only ever
 * get higher numbers). One extra row is read to know whether an older page exists.
 *
 * Found in two steps so that no filter makes a page slow, whatever the size of the log (bench/audit.ts):
 * 1. the newest PAGE_PROBE_WINDOW entries below the cursor are read backwards by seq with no index (NOT INDEXED),
 *    stopping at the first `limit + 1` matches: enough for any filter that matches often (no filter, an editor's
 *    scope, an action group), which an index would make SQLite collect and sort in full;
 * 2. only when that window holds fewer matches, the rest comes from below it through the filters' indexes
 *    (rare matches: an interview, a month in the past). Both steps read only seqs; the page's rows are loaded last.
 * The result is exactly the newest `limit + 1` matching entries, as one query would give.
 */
export function readPage(db: Db, actor: Actor, conditions: SQL[], limit: number, before?: number): AuditPage {
  const want = limit + 1;
  const head = db.get<{ seq: number | null }>(sql`select max(seq) as seq from audit_events`)?.seq ?? 0;
  const top = Math.min(head, before === undefined ? head : before - 1);
  if (top < 1) return EMPTY_PAGE;
  const floor = Math.max(0, top - PAGE_PROBE_WINDOW);
  const window = and(...conditions, lte(auditEvents.seq, top), gt(auditEvents.seq, floor));
  const seqs = db
    .all<{ seq: number }>(sql`select seq from audit_events not indexed where ${window} order by seq desc limit ${want}`)
    .map((r) => r.seq);
  if (seqs.length < want && floor > 0) {
    const older = db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(and(...conditions, lte(auditEvents.seq, floor)))
      .orderBy(desc(auditEvents.seq))
      .limit(want - seqs.length)
      .all();
    for (const r of older) seqs.push(r.seq);
  }
  if (seqs.length === 0) return EMPTY_PAGE;
  const rows = db
    .select({ event: auditEvents, actorName: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(inArray(auditEvents.seq, seqs))
    .orderBy(desc(auditEvents.seq))
    .all();
  const page = rows.slice(0, limit);
  const names = targetNames(
    db,
    actor,
    page.map((r) => r.event),
  );
  const items = page.map(({ event, actorName }) => ({
    seq: event.seq,
    occurredAt: event.occurredAt,
    actorId: event.actorId,
    actorName,
    action: event.action,
    label: describeAction(event.action),
    targetType: event.targetType,
    targetId: event.targetId,
    targetName: event.targetId ? (names.get(`${targetKind(event.targetType)}:${event.targetId}`) ?? null) : null,
    payload: parsePayload(event.payload),
    hash: event.hash,
  }));
  return { items, nextBefore: rows.length > limit ? page.at(-1)!.event.seq : null };
}

const targetKind = (targetType: string) => (targetsInterview(targetType) ? "interview" : targetType);

/** The names of a page's targets, keyed "kind:id". Interview code names only for interviews the viewer may see. */
function targetNames(db: Db, actor: Actor, events: { targetType: string; targetId: string | null }[]): Map<string, string> {
  const ids = (kind: string) => [...new Set(events.filter((e) => e.targetId && targetKind(e.targetType) === kind).map((e) => e.targetId!))];
  const names = new Map<string, string>();
  const interviewIds = ids("interview");
  if (interviewIds.length) {
    const where = can(actor, "audit:read_all")
      ? inArray(interviews.id, interviewIds)
      : and(inArray(interviews.id, interviewIds), visibleToActor(db, actor));
    for (const r of db.select({ id: interviews.id, name: interviews.codeName }).from(interviews).where(where).all()) {
      names.set(`interview:${r.id}`, r.name);
    }
  }
  const userIds = ids("user");
  if (userIds.length) {
    for (const r of db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds)).all()) {
      names.set(`user:${r.id}`, r.name);
    }
  }
  const deskIds = ids("desk");
  if (deskIds.length) {
    for (const r of db.select({ id: desks.id, name: desks.name }).from(desks).where(inArray(desks.id, deskIds)).all()) {
      names.set(`desk:${r.id}`, r.name);
    }
  }
  const scriptIds = ids("consentscript");
  if (scriptIds.length) {
    for (const r of db
      .select({ id: consentScripts.id, name: consentScripts.label })
      .from(consentScripts)
      .where(inArray(consentScripts.id, scriptIds))
      .all()) {
      names.set(`consentscript:${r.id}`, r.name);
    }
  }
  return names;
}

/** A tampered entry may hold anything: show it as it is rather than failing the page. */
export function parsePayload(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : { unreadable: text };
  } catch {
    return { unreadable: text };
  }
}
