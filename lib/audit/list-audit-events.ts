import { and, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
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
  const conditions = auditConditions(db, actor, f);
  if (conditions === null) return EMPTY_PAGE;
  if (f.before !== undefined) conditions.push(lt(auditEvents.seq, f.before));
  return readPage(db, actor, conditions, f.limit ?? DEFAULT_AUDIT_PAGE);
}

/**
 * The WHERE conditions for what `actor` may see with filters `f` (the cursor and page size left out), or null
 * when nothing can match (an interview the actor cannot see, free text matching no action). Shared with any other
 * reader of filtered entries (an export) so that it applies exactly the same scope.
 */
export function auditConditions(db: Db, actor: Actor, f: AuditFilter): SQL[] | null {
  const conditions: SQL[] = [];
  if (!can(actor, "audit:read_all")) conditions.push(editorScope(db, actor));

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

  if (f.from) conditions.push(gte(auditEvents.occurredAt, utcDayStart(f.from)));
  if (f.to) conditions.push(lt(auditEvents.occurredAt, utcDayStart(f.to) + DAY_MS));
  return conditions;
}
