import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { findingApprovals, findingDecisions, reviewDocuments, reviewFindings, reviewScans, reviewVersions } from "@/db/schema";
import { getConsentTerms } from "../consent/get-consent-terms";
import { open, openOptional, sealOptional } from "../crypto/seal";
import { interviewDataKey } from "@/lib/crypto/data-keys";
import { ConflictError, NotFoundError } from "../errors";
import type { InterviewRow } from "../interviews/access";
import { CONSENT_NAME_SNAPSHOT, realNameAllowed } from "./rules";
import { vaultFingerprint } from "./vault";

export const titleContext = (documentId: string) => `review:${documentId}:title`;
export const textContext = (versionId: string) => `review:${versionId}:text`;
export const replacementContext = (decisionId: string) => `review:decision:${decisionId}:replacement`;
export const justificationContext = (decisionId: string) => `review:decision:${decisionId}:justification`;

export type DocumentRow = typeof reviewDocuments.$inferSelect;
export type VersionRow = typeof reviewVersions.$inferSelect;
export type ScanRow = typeof reviewScans.$inferSelect;
export type FindingRow = typeof reviewFindings.$inferSelect;
export type DecisionRow = typeof findingDecisions.$inferSelect;

/** A document of this interview, or "not found" (never reveals documents of other interviews). */
export function loadDocument(tx: Db, interview: InterviewRow, documentId: string): DocumentRow {
  const doc = tx
    .select()
    .from(reviewDocuments)
    .where(and(eq(reviewDocuments.id, String(documentId).slice(0, 64)), eq(reviewDocuments.interviewId, interview.id)))
    .get();
  if (!doc) throw new NotFoundError("Document not found.");
  return doc;
}

export function versionsOf(tx: Db, documentId: string): VersionRow[] {
  return tx.select().from(reviewVersions).where(eq(reviewVersions.documentId, documentId)).orderBy(desc(reviewVersions.number)).all();
}

export function latestVersion(tx: Db, documentId: string): VersionRow {
  const v = tx
    .select()
    .from(reviewVersions)
    .where(eq(reviewVersions.documentId, documentId))
    .orderBy(desc(reviewVersions.number))
    .limit(1)
    .get();
  if (!v) throw new NotFoundError("Document not found.");
  return v;
}

export function latestScan(tx: Db, versionId: string): ScanRow | null {
  return (
    tx
      .select()
      .from(reviewScans)
      .where(eq(reviewScans.versionId, versionId))
      .orderBy(desc(reviewScans.scannedAt), desc(sql`${reviewScans}.rowid`))
      .limit(1)
      .get() ?? null
  );
}

export const versionText = (v: VersionRow) => open(v.textSealed, textContext(v.id));

/** What the scan must reflect now: the vault as registered and whether consent allows the real name. */
export function currentBasis(
  tx: Db,
  interviewId: string,
  now: number,
): { vaultFingerprint: string; consentNameChoice: string; nameAllowed: boolean } {
  const nameAllowed = realNameAllowed(getConsentTerms(interviewId, tx, now));
  return {
    vaultFingerprint: vaultFingerprint(tx, interviewId),
    consentNameChoice: nameAllowed ? CONSENT_NAME_SNAPSHOT.allowed : CONSENT_NAME_SNAPSHOT.notAllowed,
    nameAllowed,
  };
}

/** Why a scan no longer covers what must be checked now (empty when it is current). */
export function staleReasons(scan: ScanRow, basis: { vaultFingerprint: string; consentNameChoice: string }): string[] {
  const reasons: string[] = [];
  if (scan.vaultFingerprint !== basis.vaultFingerprint) reasons.push("the protected identifiers changed after the last scan");
  if (scan.consentNameChoice !== basis.consentNameChoice) reasons.push("consent changed after the last scan");
  return reasons;
}

export interface CurrentDecision {
  id: string;
  decision: DecisionRow["decision"];
  replacement: string | null;
  justification: string | null;
  /** A keep that relies on earlier publication elsewhere. */
  priorExposure: boolean;
  decidedBy: string;
  decidedAt: number;
  approval: { editorId: string; approvedAt: number } | null;
}

/** The latest decision per finding, decrypted, with its approval. */
export function currentDecisions(tx: Db, findingIds: readonly string[]): Map<string, CurrentDecision> {
  const out = new Map<string, CurrentDecision>();
  if (findingIds.length === 0) return out;
  const rows = tx
    .select({ d: findingDecisions, a: findingApprovals })
    .from(findingDecisions)
    .leftJoin(findingApprovals, eq(findingApprovals.decisionId, findingDecisions.id))
    .where(inArray(findingDecisions.findingId, [...findingIds]))
    .orderBy(findingDecisions.decidedAt, sql`${findingDecisions}.rowid`)
    .all();
  for (const { d, a } of rows) {
    out.set(d.findingId, {
      id: d.id,
      decision: d.decision,
      replacement: openOptional(d.replacementSealed, replacementContext(d.id)),
      justification: openOptional(d.justificationSealed, justificationContext(d.id)),
      priorExposure: d.priorExposure,
      decidedBy: d.decidedBy,
      decidedAt: d.decidedAt,
      approval: a ? { editorId: a.editorId, approvedAt: a.approvedAt } : null,
    });
  }
  return out;
}

/** Writes a decision (and, when given, its approval). Returns the decision id. Runs in the caller's transaction. */
export function insertDecision(
  tx: Db,
  interviewId: string,
  findingId: string,
  d: { decision: DecisionRow["decision"]; replacement: string | null; justification: string | null; priorExposure?: boolean; by: string; at: number },
  approval?: { editorId: string; approvedAt: number } | null,
): string {
  const id = randomUUID();
  tx.insert(findingDecisions)
    .values({
      id,
      findingId,
      decision: d.decision,
      replacementSealed: sealOptional(d.replacement, replacementContext(id), interviewDataKey(interviewId, d.at)),
      justificationSealed: sealOptional(d.justification, justificationContext(id), interviewDataKey(interviewId, d.at)),
      priorExposure: d.decision === "keep" && !!d.priorExposure,
      decidedBy: d.by,
      decidedAt: d.at,
    })
    .run();
  if (approval) tx.insert(findingApprovals).values({ decisionId: id, editorId: approval.editorId, approvedAt: approval.approvedAt }).run();
  return id;
}

/** The finding, checked to belong to the latest scan of the latest version of this document. */
export function loadCurrentFinding(
  tx: Db,
  doc: DocumentRow,
  findingId: string,
): { finding: FindingRow; scan: ScanRow; version: VersionRow } {
  const finding = tx
    .select()
    .from(reviewFindings)
    .where(eq(reviewFindings.id, String(findingId).slice(0, 64)))
    .get();
  const scan = finding ? tx.select().from(reviewScans).where(eq(reviewScans.id, finding.scanId)).get() : undefined;
  const version = scan ? tx.select().from(reviewVersions).where(eq(reviewVersions.id, scan.versionId)).get() : undefined;
  if (!finding || !scan || !version || version.documentId !== doc.id) throw new NotFoundError("Finding not found.");
  const latest = latestVersion(tx, doc.id);
  const current = latestScan(tx, latest.id);
  if (latest.id !== version.id || current?.id !== scan.id) {
    throw new ConflictError("This finding belongs to an older scan or version. Reload the page to see the current findings.");
  }
  return { finding, scan, version };
}
