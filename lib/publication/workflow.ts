import { randomUUID } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { interviews, publicationRecords, publicationSignoffs, users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { confirmPassword } from "../auth/confirm-password";
import { assertCan, can } from "../auth/permissions";
import type { Ctx } from "../context";
import { open, seal } from "../crypto/seal";
import { interviewDataKey } from "@/lib/crypto/data-keys";
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from "../errors";
import { canEdit, loadInterviewForActor, type InterviewAccess, type InterviewRow } from "../interviews/access";
import { STATUS_LABELS } from "../interviews/constants";
import { parseInput } from "../validation";
import { captorOverrideOf, overrideReasonContext } from "./editor-checks";
import { evaluateGate, gateBasis, type GateReport } from "./evaluate-gate";
import { gatherGateInput } from "./gate-input";
import { interviewRefSchema, publishSchema, signOffSchema } from "./schema";

export const statementContext = (signoffId: string) => `signoff:${signoffId}:statement`;
export const referenceContext = (publicationId: string) => `publication:${publicationId}:reference`;

export interface PublicationView {
  interview: InterviewRow;
  access: InterviewAccess;
  report: GateReport;
  /** The reader may sign off now (an editor of the desk, not working on it, interview in review). */
  canSignOff: boolean;
  canSubmit: boolean;
  canPublish: boolean;
  signoffs: { id: string; editor: string; statement: string; gateHash: string; signedAt: number }[];
  publications: {
    id: string;
    outlet: string;
    publishedOn: string;
    reference: string;
    media: string[];
    recordedBy: string;
    recordedAt: number;
  }[];
  /** The captor-presence override of the current consent record, when one was recorded. */
  captorOverride: {
    id: string;
    reason: string;
    requestedBy: string;
    requestedAt: number;
    /** The reader recorded it (so they cannot approve it). */
    requestedByReader: boolean;
    approved: boolean;
    approvedBy: string | null;
    approvedAt: number | null;
  } | null;
  /** The reader may make the editors' checks (override, approval): an editor of the desk who does not work on it. */
  canCheck: boolean;
}

/**
 * The gate report for anyone who can read the interview (issue 9): every reason it cannot be cleared, with links,
 * evaluated for this reader (so an editor also sees whether they may sign), and the sign-offs and publications so far.
 */
export function getPublicationView({ ctx, interviewId }: { ctx: Ctx; interviewId: string }): PublicationView {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const db = getDb();
  const { interview, access } = loadInterviewForActor(db, actor, String(interviewId).slice(0, 64), "read");
  const input = gatherGateInput(db, interview, can(actor, "publication:sign_off") ? actor : null, ctx.now());
  const report = evaluateGate(input);
  const override = captorOverrideOf(db, input.consent.recordId);
  const nameOf = (id: string | null) =>
    id ? (db.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name ?? "Unknown user") : null;
  const signoffs = db
    .select({ s: publicationSignoffs, name: users.name })
    .from(publicationSignoffs)
    .innerJoin(users, eq(users.id, publicationSignoffs.editorId))
    .where(eq(publicationSignoffs.interviewId, interview.id))
    .orderBy(desc(publicationSignoffs.signedAt))
    .all()
    .map(({ s, name }) => ({
      id: s.id,
      editor: name,
      statement: open(s.statementSealed, statementContext(s.id)),
      gateHash: s.gateHash,
      signedAt: s.signedAt,
    }));
  const publications = db
    .select({ p: publicationRecords, name: users.name })
    .from(publicationRecords)
    .innerJoin(users, eq(users.id, publicationRecords.recordedBy))
    .where(eq(publicationRecords.interviewId, interview.id))
    .orderBy(desc(publicationRecords.recordedAt))
    .all()
    .map(({ p, name }) => ({
      id: p.id,
      outlet: p.outlet,
      publishedOn: p.publishedOn,
      reference: open(p.referenceSealed, referenceContext(p.id)),
      media: JSON.parse(p.mediaJson) as string[],
      recordedBy: name,
      recordedAt: p.recordedAt,
    }));
  const editable = canEdit(access) && interview.archivedAt === null;
  return {
    interview,
    access,
    report,
    canSignOff:
      interview.status === "in_review" &&
      interview.archivedAt === null &&
      can(actor, "publication:sign_off") &&
      report.reasons.every((r) => r.rule !== 6),
    canSubmit: editable && interview.status === "interviewed",
    canPublish:
      interview.status === "cleared" &&
      interview.archivedAt === null &&
      (editable || (access === "desk" && can(actor, "publication:sign_off"))),
    signoffs,
    publications,
    captorOverride: override
      ? {
          id: override.id,
          reason: open(override.reasonSealed, overrideReasonContext(override.id)),
          requestedBy: nameOf(override.requestedBy) ?? "Unknown user",
          requestedAt: override.requestedAt,
          requestedByReader: override.requestedBy === actor.id,
          approved: override.approvedBy !== null,
          approvedBy: nameOf(override.approvedBy),
          approvedAt: override.approvedAt,
        }
      : null,
    canCheck: access === "desk" && can(actor, "publication:override") && interview.archivedAt === null,
  };
}

/** An archived interview can no longer be changed: not cleared, not published (editors' checks refuse it too). */
function assertNotArchived(interview: InterviewRow): void {
  if (interview.archivedAt !== null) throw new ConflictError("This interview is archived and can no longer be changed.");
}

function moveStatus(tx: Parameters<typeof appendAuditEvent>[0], ctx: Ctx, interview: InterviewRow, to: InterviewRow["status"]): void {
  tx.update(interviews).set({ status: to, statusReason: null, updatedAt: ctx.now() }).where(eq(interviews.id, interview.id)).run();
  appendAuditEvent(tx, ctx, { action: "interview.status_changed", targetId: interview.id, payload: { from: interview.status, to } });
}

/** The owner or a collaborator submits an interviewed interview for review. */
export function submitForReview({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const { interviewId } = parseInput(interviewRefSchema, input);
  withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, interviewId, "edit");
    if (interview.status !== "interviewed")
      throw new InvalidTransitionError(
        `Only an interview marked “Interviewed” can be submitted for review; this one is “${STATUS_LABELS[interview.status]}”.`,
      );
    moveStatus(tx, ctx, interview, "in_review");
  });
}

/**
 * An editor of the desk clears the interview for publication: they read the gate report (its hash travels with
 * the form, so a report that changed meanwhile is refused), write a short statement and enter their password. The
 * gate is evaluated again in the same transaction as the sign-off; any reason refuses it.
 */
export async function signOff({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ signoffId: string }> {
  assertCan(ctx.actor, "publication:sign_off");
  const actor = ctx.actor;
  const data = parseInput(signOffSchema, input);
  // Refusals that need no password come first: an editor of another desk learns nothing ("not found").
  assertNotArchived(loadInterviewForActor(getDb(), actor, data.interviewId, "read").interview);
  await confirmPassword(ctx, data.password, "sign_off");
  return withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, data.interviewId, "read");
    assertNotArchived(interview);
    if (interview.status !== "in_review")
      throw new InvalidTransitionError(`Only an interview in review can be cleared; this one is “${STATUS_LABELS[interview.status]}”.`);
    const input = gatherGateInput(tx, interview, actor, ctx.now());
    const report = evaluateGate(input);
    if (!report.clear) {
      const first = report.reasons[0]!;
      throw new ConflictError(
        `It cannot be cleared: ${report.reasons.length === 1 ? first.message : `${report.reasons.length} reasons, first: ${first.message}`}`,
      );
    }
    if (report.hash !== data.gateHash)
      throw new ValidationError("Something changed since you opened the report. Read it again before signing.", {
        gateHash: "The report changed: read it again.",
      });
    const signoffId = randomUUID();
    tx.insert(publicationSignoffs)
      .values({
        id: signoffId,
        interviewId: interview.id,
        editorId: actor.id,
        statementSealed: seal(data.statement, statementContext(signoffId), interviewDataKey(interview.id, ctx.now())),
        gateHash: report.hash,
        basisJson: JSON.stringify(gateBasis(input)),
        signedAt: ctx.now(),
      })
      .run();
    appendAuditEvent(tx, ctx, { action: "publication.cleared", targetId: interview.id, payload: { signoffId, gateHash: report.hash } });
    moveStatus(tx, ctx, interview, "cleared");
    return { signoffId };
  });
}

/** The owner, a collaborator or an editor of the desk records where and when a cleared interview was published. */
export function recordPublication({ ctx, input }: { ctx: Ctx; input: unknown }): { publicationId: string } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const data = parseInput(publishSchema, input);
  return withTransaction((tx) => {
    const { interview, access } = loadInterviewForActor(tx, actor, data.interviewId, "read");
    if (!(canEdit(access) || (access === "desk" && can(actor, "publication:sign_off")))) throw new NotFoundError("Interview not found.");
    assertNotArchived(interview);
    if (interview.status !== "cleared")
      throw new InvalidTransitionError(`Only a cleared interview can be published; this one is “${STATUS_LABELS[interview.status]}”.`);
    if (data.publishedOn > new Date(ctx.now() + 86_400_000).toISOString().slice(0, 10))
      throw new ValidationError("The publication date is in the future.", { publishedOn: "Record a publication once it has happened." });
    const publicationId = randomUUID();
    tx.insert(publicationRecords)
      .values({
        id: publicationId,
        interviewId: interview.id,
        outlet: data.outlet,
        publishedOn: data.publishedOn,
        referenceSealed: seal(data.reference, referenceContext(publicationId), interviewDataKey(interview.id, ctx.now())),
        mediaJson: JSON.stringify(data.media),
        recordedBy: actor.id,
        recordedAt: ctx.now(),
      })
      .run();
    appendAuditEvent(tx, ctx, { action: "publication.published", targetId: interview.id, payload: { publicationId, media: data.media } });
    moveStatus(tx, ctx, interview, "published");
    return { publicationId };
  });
}
