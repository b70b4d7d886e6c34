import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  gateOverrides,
  imageReviews,
  interviewImages,
  priorExposureJustifications,
  reviewDocuments,
  reviewFindings,
  reviewScans,
  reviewVersions,
  users,
} from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan, can } from "../auth/permissions";
import { getConsentTerms } from "../consent/get-consent-terms";
import type { Ctx } from "../context";
import { open, openOptional, seal } from "../crypto/seal";
import { interviewDataKey } from "@/lib/crypto/data-keys";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { canEdit, loadInterviewForActor } from "../interviews/access";
import { currentDecisions } from "../review/internal";
import { parseInput } from "../validation";
import { approveCaptorOverrideSchema, captorOverrideSchema, imageReviewSchema, priorExposureJustificationSchema } from "./schema";

/**
 * The editors' checks the gate waits for (issue 9): an override of captor presence and its second editor, the
 * de-identification of images, and a justification for details that rely on earlier publication. Each is an
 * editor of the interview's desk who does not work on it (four eyes), each is audited, and any of them made after
 * clearance sends the interview back to review (lib/publication/after-change.ts).
 */
function loadForEditor(
  tx: Parameters<typeof loadInterviewForActor>[0],
  ctx: Ctx & { actor: NonNullable<Ctx["actor"]> },
  interviewId: string,
) {
  const loaded = loadInterviewForActor(tx, ctx.actor, interviewId, "read");
  if (canEdit(loaded.access)) throw new ForbiddenError("You work on this interview: another editor of the desk must make this check.");
  if (loaded.access !== "desk") throw new NotFoundError("Interview not found.");
  if (loaded.interview.archivedAt !== null) throw new ConflictError("This interview is archived.");
  return loaded;
}

export const overrideReasonContext = (overrideId: string) => `gate-override:${overrideId}:reason`;
export const imageJustificationContext = (reviewId: string) => `image-review:${reviewId}:justification`;
export const priorExposureContext = (justificationId: string) => `prior-exposure:${justificationId}:justification`;

/** An editor records why consent obtained with captors present can stand; a second editor must approve it. */
export function requestCaptorOverride({ ctx, input }: { ctx: Ctx; input: unknown }): { overrideId: string } {
  assertCan(ctx.actor, "publication:override");
  const actor = ctx.actor;
  const data = parseInput(captorOverrideSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadForEditor(tx, { ...ctx, actor }, data.interviewId);
    const terms = getConsentTerms(interview.id, tx, ctx.now());
    if (!terms.recordId || !terms.captorPresent || !terms.active)
      throw new ConflictError("There is no standing consent obtained with captors present to override.");
    const existing = tx
      .select({ id: gateOverrides.id })
      .from(gateOverrides)
      .where(and(eq(gateOverrides.consentRecordId, terms.recordId), eq(gateOverrides.kind, "captor_presence")))
      .get();
    if (existing) throw new ConflictError("An override is already recorded for this consent: a second editor approves it.");
    const overrideId = randomUUID();
    tx.insert(gateOverrides)
      .values({
        id: overrideId,
        interviewId: interview.id,
        consentRecordId: terms.recordId,
        kind: "captor_presence",
        reasonSealed: seal(data.reason, overrideReasonContext(overrideId), interviewDataKey(interview.id, ctx.now())),
        requestedBy: actor.id,
        requestedAt: ctx.now(),
      })
      .run();
    appendAuditEvent(tx, ctx, {
      action: "publication.override_requested",
      targetId: interview.id,
      payload: { overrideId, recordId: terms.recordId },
    });
    return { overrideId };
  });
}

/** A second editor (not the one who recorded it, not anyone working on the interview) approves the override. */
export function approveCaptorOverride({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "publication:override");
  const actor = ctx.actor;
  const data = parseInput(approveCaptorOverrideSchema, input);
  withTransaction((tx) => {
    const { interview } = loadForEditor(tx, { ...ctx, actor }, data.interviewId);
    const row = tx
      .select()
      .from(gateOverrides)
      .where(and(eq(gateOverrides.id, data.overrideId), eq(gateOverrides.interviewId, interview.id), isNull(gateOverrides.approvedBy)))
      .get();
    if (!row) throw new NotFoundError("Override not found, or already approved.");
    if (row.requestedBy === actor.id) throw new ForbiddenError("You recorded this override: a second editor must approve it.");
    tx.update(gateOverrides).set({ approvedBy: actor.id, approvedAt: ctx.now() }).where(eq(gateOverrides.id, row.id)).run();
    appendAuditEvent(tx, ctx, {
      action: "publication.override_approved",
      targetId: interview.id,
      payload: { overrideId: row.id, recordId: row.consentRecordId },
    });
  });
}

/** An editor checks an image for publication: de-identified (face, distinctive marks) or not, and prior exposure. */
export function reviewImage({ ctx, input }: { ctx: Ctx; input: unknown }): { reviewId: string } {
  assertCan(ctx.actor, "publication:review_media");
  const actor = ctx.actor;
  const data = parseInput(imageReviewSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadForEditor(tx, { ...ctx, actor }, data.interviewId);
    const image = tx
      .select({ id: interviewImages.id })
      .from(interviewImages)
      .where(and(eq(interviewImages.id, data.imageId), eq(interviewImages.interviewId, interview.id)))
      .get();
    if (!image) throw new NotFoundError("Image not found.");
    const reviewId = randomUUID();
    tx.insert(imageReviews)
      .values({
        id: reviewId,
        imageId: image.id,
        interviewId: interview.id,
        editorId: actor.id,
        deidentified: data.deidentified,
        priorExposure: data.priorExposure,
        justificationSealed: data.priorExposure ? seal(data.justification, imageJustificationContext(reviewId), interviewDataKey(interview.id, ctx.now())) : null,
        createdAt: ctx.now(),
      })
      .run();
    appendAuditEvent(tx, ctx, {
      action: "publication.image_reviewed",
      targetId: interview.id,
      payload: { imageId: image.id, deidentified: data.deidentified, priorExposure: data.priorExposure },
    });
    return { reviewId };
  });
}

/** An editor justifies, on its own, a kept detail whose keeper relied on its earlier publication (guidance §6.4). */
export function justifyPriorExposure({ ctx, input }: { ctx: Ctx; input: unknown }): { justificationId: string } {
  assertCan(ctx.actor, "publication:review_media");
  const actor = ctx.actor;
  const data = parseInput(priorExposureJustificationSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadForEditor(tx, { ...ctx, actor }, data.interviewId);
    const doc = tx
      .select({ id: reviewDocuments.id })
      .from(reviewDocuments)
      .where(and(eq(reviewDocuments.id, data.documentId), eq(reviewDocuments.interviewId, interview.id)))
      .get();
    if (!doc) throw new NotFoundError("Document not found.");
    const finding = tx
      .select({ id: reviewFindings.id })
      .from(reviewFindings)
      .innerJoin(reviewScans, eq(reviewScans.id, reviewFindings.scanId))
      .innerJoin(reviewVersions, eq(reviewVersions.id, reviewScans.versionId))
      .where(and(eq(reviewFindings.id, data.findingId), eq(reviewVersions.documentId, doc.id)))
      .get();
    if (!finding) throw new NotFoundError("Finding not found.");
    const decision = currentDecisions(tx, [data.findingId]).get(data.findingId);
    if (!decision || decision.decision !== "keep" || !decision.priorExposure)
      throw new ConflictError("This finding is not kept on the strength of earlier publication.");
    const justificationId = randomUUID();
    tx.insert(priorExposureJustifications)
      .values({
        id: justificationId,
        decisionId: decision.id,
        interviewId: interview.id,
        editorId: actor.id,
        justificationSealed: seal(data.justification, priorExposureContext(justificationId), interviewDataKey(interview.id, ctx.now())),
        createdAt: ctx.now(),
      })
      .run();
    appendAuditEvent(tx, ctx, {
      action: "publication.prior_exposure_justified",
      targetId: interview.id,
      payload: { documentId: doc.id, findingId: data.findingId, decisionId: decision.id },
    });
    return { justificationId };
  });
}

/** The captor-presence override of the interview's current consent record, for the gate page. */
export function captorOverrideOf(tx: Parameters<typeof loadInterviewForActor>[0], recordId: string | null) {
  if (!recordId) return null;
  return (
    tx
      .select()
      .from(gateOverrides)
      .where(and(eq(gateOverrides.consentRecordId, recordId), eq(gateOverrides.kind, "captor_presence")))
      .orderBy(desc(gateOverrides.requestedAt))
      .limit(1)
      .get() ?? null
  );
}

export interface ImageCheck {
  deidentified: boolean;
  priorExposure: boolean;
  justification: string | null;
  editor: string;
  checkedAt: number;
}

/**
 * The latest editor's check of each image of an interview, for anyone who can read it, and whether the reader may
 * check images themselves (an editor of the desk who does not work on the interview).
 */
export function listImageReviews({ ctx, interviewId }: { ctx: Ctx; interviewId: string }): {
  canReview: boolean;
  checks: Record<string, ImageCheck>;
} {
  assertCan(ctx.actor, "interview:work");
  const db = getDb();
  const { interview, access } = loadInterviewForActor(db, ctx.actor, String(interviewId).slice(0, 64), "read");
  const rows = db
    .select({ r: imageReviews, editor: users.name })
    .from(imageReviews)
    .innerJoin(users, eq(users.id, imageReviews.editorId))
    .where(eq(imageReviews.interviewId, interview.id))
    .orderBy(imageReviews.createdAt)
    .all();
  const checks: Record<string, ImageCheck> = {};
  for (const { r, editor } of rows)
    checks[r.imageId] = {
      deidentified: r.deidentified,
      priorExposure: r.priorExposure,
      justification: openOptional(r.justificationSealed, imageJustificationContext(r.id)),
      editor,
      checkedAt: r.createdAt,
    };
  return {
    canReview: access === "desk" && can(ctx.actor, "publication:review_media") && interview.archivedAt === null,
    checks,
  };
}

/** The editors' justifications of kept details that relied on earlier publication, by decision id. */
export function priorExposureJustificationsOf(
  tx: Parameters<typeof loadInterviewForActor>[0],
  decisionIds: readonly string[],
): Map<string, { justification: string; editorId: string; createdAt: number }> {
  if (decisionIds.length === 0) return new Map();
  const rows = tx
    .select()
    .from(priorExposureJustifications)
    .where(inArray(priorExposureJustifications.decisionId, [...decisionIds]))
    .orderBy(priorExposureJustifications.createdAt)
    .all();
  return new Map(
    rows.map((r) => [
      r.decisionId,
      { justification: open(r.justificationSealed, priorExposureContext(r.id)), editorId: r.editorId, createdAt: r.createdAt },
    ]),
  );
}
