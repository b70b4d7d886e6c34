import { asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { checklistItems, desks, interviewCollaborators, interviewComments, users } from "@/db/schema";
import { assertCan, can } from "../auth/permissions";
import { getGuidanceVersion } from "../checklist/applicable";
import { evidenceContext, naReasonContext } from "../checklist/internal";
import { CURRENT_GUIDANCE } from "../checklist/items";
import { computeReadiness, type Readiness } from "../checklist/readiness";
import type { Gate, Phase } from "../checklist/types";
import type { Ctx } from "../context";
import { open, openOptional } from "../crypto/seal";
import { canEdit, loadInterviewForActor, type InterviewAccess, type InterviewRow } from "./access";
import { commentContext } from "./add-comment";
import type { InterviewStatus } from "./constants";
import { notesContext } from "./create-interview";
import { allowedManualTransitions } from "./status";

export interface ChecklistEntry {
  itemId: string;
  phase: Phase;
  title: string;
  requirement: string;
  why: string;
  sources: readonly string[];
  gate: Gate;
  evidenceRequired: boolean;
  state: "open" | "done" | "not_applicable";
  evidence: string | null;
  naReason: string | null;
  naApproval: "none" | "pending" | "approved" | "refused";
  naRequestedBy: { id: string; name: string } | null;
  naDecidedBy: { id: string; name: string } | null;
  /** A blocking item that is not done and not approved as not applicable. */
  blockingOpen: boolean;
  /** This viewer may approve or refuse the pending request. */
  canDecide: boolean;
}

export interface InterviewDetail {
  interview: Omit<InterviewRow, "notesSealed"> & { notes: string };
  access: InterviewAccess;
  canEdit: boolean;
  canArchive: boolean;
  /** An editor or administrator of the interview's desk may erase its source data (not yet erased). */
  canErase: boolean;
  erasedBy: { id: string; name: string } | null;
  isOwner: boolean;
  owner: { id: string; name: string };
  desk: { id: string; name: string };
  collaborators: { id: string; name: string }[];
  checklist: ChecklistEntry[];
  readiness: Readiness;
  transitions: readonly InterviewStatus[];
  comments: { id: string; author: string; body: string; createdAt: number }[];
  upgradeAvailable: { from: string; to: string } | null;
}

/** Everything the interview page shows, for one actor. Not visible → NotFoundError. */
export function getInterview({ ctx, interviewId }: { ctx: Ctx; interviewId: string }): InterviewDetail {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const db = getDb();
  const { interview, access } = loadInterviewForActor(db, actor, String(interviewId).slice(0, 64), "read");
  const version = getGuidanceVersion(interview.guidanceVersion);
  const defs = new Map(version.items.map((i) => [i.id, i] as const));

  const rows = db.select().from(checklistItems).where(eq(checklistItems.interviewId, interview.id)).all();
  const collaboratorRows = db
    .select({ id: users.id, name: users.name })
    .from(interviewCollaborators)
    .innerJoin(users, eq(users.id, interviewCollaborators.userId))
    .where(eq(interviewCollaborators.interviewId, interview.id))
    .orderBy(asc(users.name))
    .all();
  const commentRows = db.select().from(interviewComments).where(eq(interviewComments.interviewId, interview.id)).orderBy(asc(interviewComments.createdAt)).all();
  const nameIds = new Set<string>([interview.ownerId, ...commentRows.map((c) => c.authorId)]);
  if (interview.erasedBy) nameIds.add(interview.erasedBy);
  for (const r of rows) {
    if (r.naRequestedBy) nameIds.add(r.naRequestedBy);
    if (r.naDecidedBy) nameIds.add(r.naDecidedBy);
  }
  const names = new Map(
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, [...nameIds]))
      .all()
      .map((u) => [u.id, u.name] as const),
  );
  const person = (id: string | null) => (id ? { id, name: names.get(id) ?? "Unknown user" } : null);
  const mayDecide = can(actor, "checklist:decide_na");

  const checklist: ChecklistEntry[] = rows.flatMap((r) => {
    const def = defs.get(r.itemId);
    if (!r.applicable || !def) return [];
    return [
      {
        itemId: r.itemId,
        phase: def.phase,
        title: def.title,
        requirement: def.requirement,
        why: def.why,
        sources: def.sources,
        gate: r.gate,
        evidenceRequired: def.evidenceRequired,
        state: r.state,
        evidence: openOptional(r.evidenceSealed, evidenceContext(interview.id, r.itemId)),
        naReason: openOptional(r.naReasonSealed, naReasonContext(interview.id, r.itemId)),
        naApproval: r.naApproval,
        naRequestedBy: person(r.naRequestedBy),
        naDecidedBy: person(r.naDecidedBy),
        blockingOpen: r.gate === "block" && !(r.state === "done" || (r.state === "not_applicable" && r.naApproval === "approved")),
        canDecide: mayDecide && r.naApproval === "pending" && r.naRequestedBy !== actor.id && interview.archivedAt === null,
      },
    ];
  });
  const order = new Map(version.items.map((i, index) => [i.id, index] as const));
  checklist.sort((a, b) => (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0));

  const desk = db.select({ id: desks.id, name: desks.name }).from(desks).where(eq(desks.id, interview.deskId)).get();
  const { notesSealed, ...fields } = interview;
  const editable = canEdit(access) && interview.archivedAt === null;
  return {
    interview: { ...fields, notes: openOptional(notesSealed, notesContext(interview.id)) ?? "" },
    access,
    canEdit: editable,
    canArchive: interview.archivedAt === null && (access === "owner" || can(actor, "interview:archive_any")),
    canErase: interview.erasedAt === null && can(actor, "interview:erase") && actor.deskIds.includes(interview.deskId),
    erasedBy: person(interview.erasedBy),
    isOwner: access === "owner",
    owner: person(interview.ownerId)!,
    desk: desk ?? { id: interview.deskId, name: "Unknown desk" },
    collaborators: collaboratorRows,
    checklist,
    readiness: computeReadiness(checklist.map((c) => ({ itemId: c.itemId, phase: c.phase, gate: c.gate, state: c.state, naApproval: c.naApproval }))),
    transitions: editable ? allowedManualTransitions(interview.status) : [],
    comments: commentRows.map((c) => ({
      id: c.id,
      author: names.get(c.authorId) ?? "Unknown user",
      body: open(c.bodySealed, commentContext(interview.id, c.id)),
      createdAt: c.createdAt,
    })),
    upgradeAvailable: interview.guidanceVersion !== CURRENT_GUIDANCE.version ? { from: interview.guidanceVersion, to: CURRENT_GUIDANCE.version } : null,
  };
}
