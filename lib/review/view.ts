import { eq, inArray } from "drizzle-orm";
import { reviewFindings, users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan, can } from "../auth/permissions";
import type { Ctx } from "../context";
import { open } from "../crypto/seal";
import { NotFoundError } from "../errors";
import { canEdit, loadInterviewForActor, type InterviewAccess } from "../interviews/access";
import { priorExposureJustificationsOf } from "../publication/editor-checks";
import type { Category, Severity } from "../redaction/types";
import { currentBasis, currentDecisions, latestScan, loadDocument, staleReasons, titleContext, versionsOf, versionText } from "./internal";
import { findingForState, reviewState, type ReviewState } from "./rules";
import { CATEGORY_LABELS, type Decision, type DocumentKind } from "./schema";

export interface ReviewFinding {
  id: string;
  start: number;
  end: number;
  category: Category;
  severity: Severity;
  label: string;
  explanation: string;
  realName: boolean;
  registered: boolean;
  keepable: boolean;
  related: { start: number; end: number; category: Category }[];
  decision: {
    decision: Decision;
    replacement: string | null;
    justification: string | null;
    decidedBy: string;
    decidedAt: number;
    approvedBy: string | null;
    approvedAt: number | null;
    /** Kept because it was published elsewhere before, and an editor's own justification of that, once recorded. */
    priorExposure: boolean;
    priorExposureJustification: { justification: string; by: string; at: number } | null;
  } | null;
}

export interface DocumentReview {
  interview: { id: string; codeName: string; archived: boolean };
  access: InterviewAccess;
  document: { id: string; title: string; kind: DocumentKind };
  versions: { id: string; number: number; origin: string; createdAt: number; chars: number; createdBy: string }[];
  version: { id: string; number: number; origin: string; latest: boolean; text: string };
  scan: { id: string; scannedAt: number; stale: string[] } | null;
  findings: ReviewFinding[];
  state: ReviewState;
  canDecide: boolean;
  canApprove: boolean;
  /** The reader may justify a detail kept for its earlier publication (an editor of the desk not working on it). */
  canJustifyPriorExposure: boolean;
  nameAllowed: boolean;
}

function findingLabel(category: Category, realName: boolean, registered: boolean): string {
  if (realName) return "The source's real name (registered)";
  const base = CATEGORY_LABELS[category] ?? category;
  return registered ? `${base} (registered)` : base;
}

/**
 * A document version with its text, findings and decisions. Reading the text of a document is a sensitive read
 * (it may hold the very details being removed): every view is audited, ids only. Desk editors may read it to
 * approve kept findings; only the owner and collaborators decide.
 */
export function getDocumentReview({
  ctx,
  interviewId,
  documentId,
  versionId,
}: {
  ctx: Ctx;
  interviewId: string;
  documentId: string;
  versionId?: string;
}): DocumentReview {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  return withTransaction((tx) => {
    const { interview, access } = loadInterviewForActor(tx, actor, String(interviewId).slice(0, 64), "read");
    const doc = loadDocument(tx, interview, documentId);
    const versions = versionsOf(tx, doc.id);
    const latest = versions[0]!;
    const version = versionId ? versions.find((v) => v.id === versionId) : latest;
    if (!version) throw new NotFoundError("Version not found.");
    const now = ctx.now();
    const basis = currentBasis(tx, interview.id, now);
    const scan = latestScan(tx, version.id);
    const rows = scan
      ? tx.select().from(reviewFindings).where(eq(reviewFindings.scanId, scan.id)).orderBy(reviewFindings.position).all()
      : [];
    const decisions = currentDecisions(
      tx,
      rows.map((f) => f.id),
    );
    const justifications = priorExposureJustificationsOf(
      tx,
      [...decisions.values()].filter((d) => d.decision === "keep" && d.priorExposure).map((d) => d.id),
    );
    const userIds = new Set<string>(versions.map((v) => v.createdBy));
    for (const d of decisions.values()) {
      userIds.add(d.decidedBy);
      if (d.approval) userIds.add(d.approval.editorId);
    }
    for (const j of justifications.values()) userIds.add(j.editorId);
    const names = new Map(
      tx
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(inArray(users.id, [...userIds]))
        .all()
        .map((u) => [u.id, u.name] as const),
    );
    const nameOf = (id: string) => names.get(id) ?? "Unknown user";
    const findings: ReviewFinding[] = rows.map((f) => {
      const d = decisions.get(f.id);
      const j = d ? justifications.get(d.id) : undefined;
      return {
        id: f.id,
        start: f.start,
        end: f.end,
        category: f.category,
        severity: f.severity,
        label: findingLabel(f.category, f.realName, f.identifierId !== null),
        explanation: f.explanation,
        realName: f.realName,
        registered: f.identifierId !== null,
        keepable: f.keepable && !(f.realName && !basis.nameAllowed),
        related: f.relatedJson ? (JSON.parse(f.relatedJson) as ReviewFinding["related"]) : [],
        decision: d
          ? {
              decision: d.decision,
              replacement: d.replacement,
              justification: d.justification,
              decidedBy: nameOf(d.decidedBy),
              decidedAt: d.decidedAt,
              approvedBy: d.approval ? nameOf(d.approval.editorId) : null,
              approvedAt: d.approval?.approvedAt ?? null,
              priorExposure: d.decision === "keep" && d.priorExposure,
              priorExposureJustification: j ? { justification: j.justification, by: nameOf(j.editorId), at: j.createdAt } : null,
            }
          : null,
      };
    });
    const stale = scan ? staleReasons(scan, basis) : [];
    const state = reviewState(
      scan ? { stale } : null,
      findings.map((f) => findingForState(f, f.decision && { decision: f.decision.decision, approved: f.decision.approvedBy !== null })),
      basis.nameAllowed,
    );
    appendAuditEvent(tx, ctx, {
      action: "review.document_viewed",
      targetId: interview.id,
      payload: { documentId: doc.id, versionId: version.id },
    });
    const isLatest = version.id === latest.id;
    return {
      interview: { id: interview.id, codeName: interview.codeName, archived: interview.archivedAt !== null },
      access,
      document: { id: doc.id, title: open(doc.titleSealed, titleContext(doc.id)), kind: doc.kind },
      versions: versions.map((v) => ({
        id: v.id,
        number: v.number,
        origin: v.origin,
        createdAt: v.createdAt,
        chars: v.chars,
        createdBy: nameOf(v.createdBy),
      })),
      version: { id: version.id, number: version.number, origin: version.origin, latest: isLatest, text: versionText(version) },
      scan: scan ? { id: scan.id, scannedAt: scan.scannedAt, stale } : null,
      findings,
      state,
      canDecide: isLatest && canEdit(access) && interview.archivedAt === null,
      canApprove: isLatest && can(actor, "review:approve_keep") && interview.archivedAt === null,
      canJustifyPriorExposure: isLatest && access === "desk" && can(actor, "publication:review_media") && interview.archivedAt === null,
      nameAllowed: basis.nameAllowed,
    };
  });
}

/** The text of one version for download, audited. */
export function downloadVersion({
  ctx,
  interviewId,
  documentId,
  versionId,
}: {
  ctx: Ctx;
  interviewId: string;
  documentId: string;
  versionId: string;
}) {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  return withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, String(interviewId).slice(0, 64), "read");
    const doc = loadDocument(tx, interview, documentId);
    const version = versionsOf(tx, doc.id).find((v) => v.id === String(versionId).slice(0, 64));
    if (!version) throw new NotFoundError("Version not found.");
    appendAuditEvent(tx, ctx, {
      action: "review.downloaded",
      targetId: interview.id,
      payload: { documentId: doc.id, versionId: version.id },
    });
    return { text: versionText(version), number: version.number, origin: version.origin };
  });
}
