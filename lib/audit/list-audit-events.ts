import { and, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { auditEvents, interviews } from "@/db/schema";
import { assertCan, can, type Actor } from "../auth/permissions";
import type { Ctx } from "../context";
import { visibleToActor } from "../interviews/access";
import { parseInput } from "../validation";
import {
  actionsMatchingText,
  actionsSelectedBy,
  auditFilterSchema,
  DAY_MS,
  DEFAULT_AUDIT_PAGE,
  utcDayStart,
  type AuditFilter,
} from "./filters";
import { aboutInterview, EMPTY_PAGE, editorScope, readPage, type AuditPage } from "./internal";

export type { AuditListItem, AuditPage } from "./internal";

/**
 * The audit review: entries newest first, filtered, keyset-paged by seq (`before`), stable under new inserts.
 * Admins see everything; editors see entries by or about users of their desks, about their desks, and about the
 * interviews of their desks. Filters only ever narrow that scope: an interview the viewer cannot see gives an
 * empty page. A read: listing the audit log writes no audit entry.
 */
export function listAuditEvents({ ctx, input = {} }: { ctx: Ctx; input?: unknown }): AuditPage {
  assertCan(ctx.actor, "audit:read");
  const actor = ctx.actor;
  const f = parseInput(auditFilterSchema, input);
  const db = getDb();
  const conditions = auditConditions(db, actor, f, { newestFirst: true });
  if (conditions === null) return EMPTY_PAGE;
  return readPage(db, actor, conditions, f.limit ?? DEFAULT_AUDIT_PAGE, f.before);
}

/**
 * The WHERE conditions for what `actor` may see with filters `f` (the cursor and page size left out), or null
 * when nothing can match (an interview the actor cannot see, free text matching no action). Shared with any other
 * reader of filtered entries (an export) so that it applies exactly the same scope.
 *
 * `newestFirst` writes the same conditions in the shape that reads a page of the newest matches fast (the review
 * page, see readPage): the scope is checked row by row when a filter narrows the entries (editorScope), and a
 * date range with an end is read through the day index (`byDays`). The entries selected are the same.
 */
export function auditConditions(db: Db, actor: Actor, f: AuditFilter, options: { newestFirst?: boolean } = {}): SQL[] | null {
  const newestFirst = options.newestFirst ?? false;
  const conditions: SQL[] = [];
  if (!can(actor, "audit:read_all")) conditions.push(editorScope(db, actor, { indexed: !(newestFirst && narrowed(f)) }));

  if (f.actorId) conditions.push(eq(auditEvents.actorId, f.actorId));

  // The action filter and the free text both become a list of catalogue names (never a LIKE over payloads).
  let actions: string[] | null = f.action ? actionsSelectedBy(f.action) : null;
  if (f.q) {
    const matching = new Set(actionsMatchingText(f.q));
    actions = (actions ?? [...matching]).filter((a) => matching.has(a));
  }
  if (actions) {
    if (actions.length === 0) return null;
    conditions.push(actions.length === 1 ? eq(auditEvents.action, actions[0]!) : inArray(auditEvents.action, actions));
  }

  if (f.interviewId) {
    if (!can(actor, "audit:read_all")) {
      const visible = db
        .select({ id: interviews.id })
        .from(interviews)
        .where(and(eq(interviews.id, f.interviewId), visibleToActor(db, actor)))
        .get();
      if (!visible) return null;
    }
    conditions.push(aboutInterview(f.interviewId));
  }

  const days = newestFirst && f.to ? byDays(db, f.from, f.to) : null;
  if (days) conditions.push(...days);
  else {
    // Newest first, the date filter is only read through an index once the newest entries gave too few matches
    // (readPage): rare matches, which `likelihood` tells SQLite so that it reads the time index, not every entry.
    const rare = (c: SQL) => (newestFirst ? sql`likelihood(${c}, 0.001)` : c);
    if (f.from) conditions.push(rare(gte(auditEvents.occurredAt, utcDayStart(f.from))));
    if (f.to) conditions.push(rare(lt(auditEvents.occurredAt, utcDayStart(f.to) + DAY_MS)));
  }
  return conditions;
}

/** The expression of the day index (db/schema/audit.ts), written exactly as there so that SQLite uses it. */
const dayOf = sql`(cast(${auditEvents.occurredAt} as integer) / 86400000)`;
/** Longer ranges keep the plain comparison (reading that many days one by one would cost more than it saves). */
const MAX_DAYS = 4000;

/**
 * A date range ending on `to` (and starting on `from`, or else at the oldest entry) as "the entry's day is one of
 * these days" — which SQLite reads through the day index newest first, a page's worth per day at most — plus the
 * exact comparisons, written `+occurred_at` so that they only check. The list holds the day of every entry the
 * comparisons accept: SQLite's cast and division round toward zero, which for a negative or fractional time (only
 * in a tampered row) can give one day more than the calendar day, so the list reaches one day past `to`; text
 * is never before `to`. Null when the plain comparisons are the better plan.
 */
function byDays(db: Db, from: string | undefined, to: string): SQL[] | null {
  const end = utcDayStart(to) + DAY_MS;
  let start: number | null = from ? utcDayStart(from) : null;
  if (start === null) {
    const oldest = db.get<{ at: unknown }>(sql`select min(${auditEvents.occurredAt}) as at from ${auditEvents}`)?.at;
    if (typeof oldest !== "number" || !Number.isFinite(oldest)) return null;
    start = oldest;
  }
  const first = Math.floor(start / DAY_MS);
  const last = end / DAY_MS;
  if (!Number.isSafeInteger(first) || last - first + 1 > MAX_DAYS) return null;
  // A range ending before the oldest entry: no day, nothing matches.
  const days = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
  const conditions = [sql`${dayOf} in (select value from json_each(${JSON.stringify(days)}))`, sql`+${auditEvents.occurredAt} < ${end}`];
  if (from) conditions.push(sql`+${auditEvents.occurredAt} >= ${start}`);
  return conditions;
}

/** Whether a filter other than the viewer's scope narrows the entries. */
const narrowed = (f: AuditFilter) => Boolean(f.actorId || f.action || f.q || f.interviewId || f.from || f.to);
