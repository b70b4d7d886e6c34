import { and, eq, gte, inArray, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditEvents, interviews } from "@/db/schema";
import { editorScope } from "../audit/internal";
import { assertCan, can } from "../auth/permissions";
import { getConsentTerms } from "../consent/get-consent-terms";
import { DAY_MS, expiryInstant } from "../consent/timing";
import type { Ctx } from "../context";
import { INTERVIEW_STATUSES, type InterviewStatus } from "../interviews/constants";
import { evaluateGate, type GateReason } from "./evaluate-gate";
import { gatherGateInput } from "./gate-input";
import { listTakedowns, type TakedownTask } from "./takedowns";

/** How far ahead the dashboard warns about consent expiring or a reconfirmation running out. */
export const DUE_SOON_DAYS = 7;
const ACTIVITY_DAYS = 30;
const LIST_LIMIT = 50;

export interface DashboardInterview {
  id: string;
  codeName: string;
  status: InterviewStatus;
  /** What to do next, in plain words, and where. */
  next: { label: string; href: string };
  blocking: number;
}

export interface DueSoon {
  interviewId: string;
  codeName: string;
  kind: "expires" | "reconfirmation";
  at: number;
}

export interface Dashboard {
  /** The reader's own interviews (owned or added to), by status, with the next action. */
  mine: Record<InterviewStatus, DashboardInterview[]>;
  counts: Record<InterviewStatus, number>;
  /** Editors: interviews of their desks awaiting review, with the gate's reasons. */
  awaitingReview: (DashboardInterview & { reasons: GateReason[] })[];
  dueSoon: DueSoon[];
  takedowns: TakedownTask[];
  /** Audit entries per UTC day over the last 30 days, within what the reader may see in the audit log. */
  activity: { day: string; count: number }[];
}

function nextAction(i: { id: string; status: InterviewStatus }, blocking: number): DashboardInterview["next"] {
  const base = `/interviews/${i.id}`;
  switch (i.status) {
    case "preparing":
      return blocking > 0
        ? { label: `Work through the checklist (${blocking} blocking)`, href: base }
        : { label: "Hold the interview, then mark it interviewed", href: base };
    case "interviewed":
      return { label: "Review drafts, then submit for review", href: `${base}/publication` };
    case "in_review":
      return { label: "Waiting for an editor's sign-off: see what still blocks", href: `${base}/publication` };
    case "cleared":
      return { label: "Record the publication once it is out", href: `${base}/publication` };
    case "published":
      return { label: "Published: watch for a withdrawal", href: `${base}/publication` };
    case "cancelled":
      return { label: "Cancelled", href: base };
  }
}

/**
 * The start page after sign-in (issue 9). Journalists: their interviews by status, each with its next step.
 * Editors also: their desks' interviews awaiting review with what blocks them, consents expiring or due for
 * reconfirmation within 7 days, open takedown tasks (overdue first), and 30 days of activity. Reading it changes
 * nothing and writes no audit entry (it shows code names, statuses and counts only).
 */
export function getDashboard({ ctx }: { ctx: Ctx }): Dashboard {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const db = getDb();
  const now = ctx.now();
  const blockingOpen = sql<number>`(select count(*) from checklist_items ci where ci.interview_id = ${interviews.id}
      and ci.applicable = 1 and ci.gate = 'block'
      and not (ci.state = 'done' or (ci.state = 'not_applicable' and ci.na_approval = 'approved')))`;

  const own = db
    .select({ id: interviews.id, codeName: interviews.codeName, status: interviews.status, blocking: blockingOpen })
    .from(interviews)
    .where(
      and(
        sql`${interviews.archivedAt} is null`,
        sql`(${interviews.ownerId} = ${actor.id} or ${interviews.id} in (select interview_id from interview_collaborators where user_id = ${actor.id}))`,
      ),
    )
    .orderBy(sql`${interviews.updatedAt} desc`)
    .all();
  const mine = Object.fromEntries(INTERVIEW_STATUSES.map((s) => [s, [] as DashboardInterview[]])) as Dashboard["mine"];
  const counts = Object.fromEntries(INTERVIEW_STATUSES.map((s) => [s, 0])) as Dashboard["counts"];
  for (const i of own) {
    counts[i.status] += 1;
    if (mine[i.status].length < LIST_LIMIT) mine[i.status].push({ ...i, next: nextAction(i, i.blocking) });
  }

  const editor = can(actor, "publication:sign_off") && actor.deskIds.length > 0;
  const awaitingReview: Dashboard["awaitingReview"] = [];
  const dueSoon: DueSoon[] = [];
  if (editor) {
    const deskScope: SQL = and(inArray(interviews.deskId, [...actor.deskIds]), sql`${interviews.archivedAt} is null`) as SQL;
    for (const row of db
      .select()
      .from(interviews)
      .where(and(deskScope, eq(interviews.status, "in_review")))
      .orderBy(interviews.updatedAt)
      .limit(LIST_LIMIT)
      .all()) {
      const report = evaluateGate(gatherGateInput(db, row, actor, now));
      awaitingReview.push({
        id: row.id,
        codeName: row.codeName,
        status: row.status,
        blocking: report.reasons.length,
        next: { label: report.clear ? "Ready for your sign-off" : "Blocked: see the reasons", href: `/interviews/${row.id}/publication` },
        reasons: report.reasons,
      });
    }
    // Consent that expires, or whose reconfirmation runs out, within the week: interviews still on their way out.
    const active = db
      .select({ id: interviews.id, codeName: interviews.codeName })
      .from(interviews)
      .where(and(deskScope, inArray(interviews.status, ["interviewed", "in_review", "cleared", "published"])))
      .all();
    const horizon = now + DUE_SOON_DAYS * DAY_MS;
    for (const i of active) {
      const terms = getConsentTerms(i.id, db, now);
      if (!terms.active) continue;
      const expires = expiryInstant(terms.terms?.expiresOn);
      if (expires !== null && expires <= horizon) dueSoon.push({ interviewId: i.id, codeName: i.codeName, kind: "expires", at: expires });
      const until = terms.reconfirmation.validUntil;
      if (until !== null && until > now && until <= horizon)
        dueSoon.push({ interviewId: i.id, codeName: i.codeName, kind: "reconfirmation", at: until });
    }
    dueSoon.sort((a, b) => a.at - b.at);
  }

  // Activity: entries per day, the same scope as the audit log page (own entries for journalists).
  const since = Math.floor(now / DAY_MS) * DAY_MS - (ACTIVITY_DAYS - 1) * DAY_MS;
  const scope: SQL | undefined = can(actor, "audit:read_all")
    ? undefined
    : can(actor, "audit:read")
      ? editorScope(db, actor)
      : eq(auditEvents.actorId, actor.id);
  const perDay = new Map(
    db
      .select({ day: sql<number>`cast(${auditEvents.occurredAt} as integer) / 86400000`, n: sql<number>`count(*)` })
      .from(auditEvents)
      .where(scope ? and(gte(auditEvents.occurredAt, since), scope) : gte(auditEvents.occurredAt, since))
      .groupBy(sql`1`)
      .all()
      .map((r) => [r.day, r.n]),
  );
  const activity = Array.from({ length: ACTIVITY_DAYS }, (_, k) => {
    const day = Math.floor(since / DAY_MS) + k;
    return { day: new Date(day * DAY_MS).toISOString().slice(0, 10), count: perDay.get(day) ?? 0 };
  });

  return { mine, counts, awaitingReview, dueSoon, takedowns: editor ? listTakedowns({ ctx }) : [], activity };
}
