import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  checklistItems,
  gateOverrides,
  imageReviews,
  interviewCollaborators,
  interviewImages,
  priorExposureJustifications,
  reviewDocuments,
  reviewFindings,
} from "@/db/schema";
import { canonicalJson, sha256Hex } from "../audit/canonical";
import { can, type Actor } from "../auth/permissions";
import { getGuidanceVersion } from "../checklist/applicable";
import { getConsentTerms } from "../consent/get-consent-terms";
import { open } from "../crypto/seal";
import type { InterviewRow } from "../interviews/access";
import { documentState } from "../review/documents";
import { currentDecisions, latestScan, latestVersion, titleContext } from "../review/internal";
import type { GateDocument, GateInput, GatePriorExposureKeep } from "./evaluate-gate";

/** The checklist item whose gate decides whether a reconfirmation is required (blocking for sources at risk). */
const RECONFIRMATION_ITEM = "final-reconfirmation";

/**
 * Everything the gate looks at for one interview, read inside the caller's transaction (so a sign-off evaluates
 * exactly what it writes against). Titles are decrypted for the report the editor reads; the report's hash covers
 * ids, versions and states only.
 */
export function gatherGateInput(tx: Db, interview: InterviewRow, signer: Actor | null, now: number): GateInput {
  const collaboratorIds = tx
    .select({ id: interviewCollaborators.userId })
    .from(interviewCollaborators)
    .where(eq(interviewCollaborators.interviewId, interview.id))
    .all()
    .map((r) => r.id);

  const guidance = getGuidanceVersion(interview.guidanceVersion);
  const rows = tx
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.interviewId, interview.id), eq(checklistItems.applicable, true)))
    .all();
  const checklist = rows.map((r) => ({
    itemId: r.itemId,
    title: guidance.items.find((i) => i.id === r.itemId)?.title ?? r.itemId,
    gate: r.gate,
    state: r.state,
    naApproval: r.naApproval,
  }));

  const terms = getConsentTerms(interview.id, tx, now);
  const override = terms.recordId
    ? tx
        .select()
        .from(gateOverrides)
        .where(and(eq(gateOverrides.consentRecordId, terms.recordId), eq(gateOverrides.kind, "captor_presence")))
        .orderBy(desc(gateOverrides.requestedAt))
        .limit(1)
        .get()
    : undefined;
  const reconfirmationItem = rows.find((r) => r.itemId === RECONFIRMATION_ITEM);

  const docs = tx
    .select()
    .from(reviewDocuments)
    .where(eq(reviewDocuments.interviewId, interview.id))
    .orderBy(reviewDocuments.createdAt)
    .all();
  const documents: GateDocument[] = [];
  const priorExposureKeeps: GatePriorExposureKeep[] = [];
  for (const d of docs) {
    const version = latestVersion(tx, d.id);
    const { state } = documentState(tx, interview.id, d.id, now);
    const scan = latestScan(tx, version.id);
    const findings = scan ? tx.select({ id: reviewFindings.id }).from(reviewFindings).where(eq(reviewFindings.scanId, scan.id)).all() : [];
    const decisions = currentDecisions(
      tx,
      findings.map((f) => f.id),
    );
    const digest = findings.map((f) => {
      const dec = decisions.get(f.id);
      return [f.id, dec?.id ?? null, dec?.decision ?? null, !!dec?.approval, !!dec?.priorExposure];
    });
    const keptOnPriorExposure = findings.flatMap((f) => {
      const dec = decisions.get(f.id);
      return dec?.decision === "keep" && dec.priorExposure ? [{ findingId: f.id, decisionId: dec.id }] : [];
    });
    const justified = new Set(
      keptOnPriorExposure.length === 0
        ? []
        : tx
            .select({ decisionId: priorExposureJustifications.decisionId })
            .from(priorExposureJustifications)
            .where(
              inArray(
                priorExposureJustifications.decisionId,
                keptOnPriorExposure.map((k) => k.decisionId),
              ),
            )
            .all()
            .map((r) => r.decisionId),
    );
    for (const k of keptOnPriorExposure)
      priorExposureKeeps.push({ documentId: d.id, findingId: k.findingId, justified: justified.has(k.decisionId) });
    documents.push({
      id: d.id,
      title: open(d.titleSealed, titleContext(d.id)),
      versionId: version.id,
      state,
      decisionsDigest: sha256Hex(canonicalJson({ scan: scan?.id ?? null, digest })),
    });
  }

  const images = tx
    .select()
    .from(interviewImages)
    .where(eq(interviewImages.interviewId, interview.id))
    .orderBy(interviewImages.uploadedAt)
    .all();
  const reviews = images.length
    ? tx
        .select()
        .from(imageReviews)
        .where(
          inArray(
            imageReviews.imageId,
            images.map((i) => i.id),
          ),
        )
        .orderBy(imageReviews.createdAt, sql`${imageReviews}.rowid`)
        .all()
    : [];
  const latestReview = new Map(reviews.map((r) => [r.imageId, r]));

  return {
    interview: {
      id: interview.id,
      status: interview.status,
      sourceType: interview.sourceType,
      ownerId: interview.ownerId,
      collaboratorIds,
      deskId: interview.deskId,
    },
    signer: signer ? { id: signer.id, deskIds: signer.deskIds, isEditor: can(signer, "publication:sign_off") } : null,
    checklist,
    consent: {
      status: terms.status,
      recordId: terms.recordId,
      captorPresent: terms.captorPresent,
      captorOverride: { requested: !!override, approved: !!override?.approvedBy },
      powOverridePending: terms.overridePending,
      reconfirmation: {
        required: reconfirmationItem ? reconfirmationItem.gate === "block" : interview.sourceType !== "other",
        days: terms.reconfirmation.days,
        lastReconfirmedAt: terms.reconfirmation.lastReconfirmedAt,
        current: terms.reconfirmation.current,
      },
      choices: terms.terms
        ? {
            name: terms.terms.choices.name,
            face: terms.terms.choices.face,
            voice: terms.terms.choices.voice,
            media: terms.terms.choices.media,
          }
        : null,
    },
    documents,
    images: images.map((img, n) => {
      const r = latestReview.get(img.id);
      return {
        id: img.id,
        label: `Image ${n + 1}`,
        deidentified: !!r?.deidentified,
        priorExposure: { claimed: !!r?.priorExposure, justified: !!r?.priorExposure && !!r.justificationSealed },
      };
    }),
    priorExposureKeeps,
  };
}
