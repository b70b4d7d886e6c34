import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reviewFindings, reviewScans } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import type { InterviewRow } from "../interviews/access";
import { loadInterviewForActor } from "../interviews/access";
import { analyze, identifierRecognizer, scanText } from "../redaction";
import type { Category } from "../redaction/types";
import { parseInput } from "../validation";
import {
  currentBasis,
  currentDecisions,
  insertDecision,
  latestScan,
  latestVersion,
  loadDocument,
  versionText,
  type DocumentRow,
  type VersionRow,
} from "./internal";
import { documentRefSchema } from "./schema";
import { readVault } from "./vault";

/** A decision that may follow a finding to a new scan: matched by span and category, optionally after a shift. */
export interface CarriedDecision {
  start: number;
  end: number;
  category: Category;
  decision: "redact" | "pseudonym" | "keep";
  replacement: string | null;
  justification: string | null;
  /** A keep relying on earlier publication (its editor's justification stays with the old decision: asked again). */
  priorExposure: boolean;
  by: string;
  at: number;
  approval: { editorId: string; approvedAt: number } | null;
}

const spanKey = (start: number, end: number, category: string) => `${start}:${end}:${category}`;

/**
 * Scans one version inside the caller's transaction: decrypts the text and the vault, runs the scanner, stores
 * spans and categories (never the matched text), marks real-name findings that consent does not allow as not
 * keepable, writes the `review.scanned` audit entry, and carries over decisions on identical spans (from the previous scan of the same text, or mapped
 * from the version a redacted text was produced from). A carried "keep" that may no longer be kept is dropped.
 */
export function scanVersionInTx(
  tx: Db,
  ctx: Ctx & { actor: { id: string } },
  interview: InterviewRow,
  version: VersionRow,
  carry: readonly CarriedDecision[] = [],
): { scanId: string; findings: number; high: number; carriedOver: number } {
  const now = ctx.now();
  const basis = currentBasis(tx, interview.id, now);
  const vault = readVault(tx, interview.id);
  const text = versionText(version);
  const found = scanText(text, { identifiers: vault.map(({ value, category }) => ({ value, category })) });
  // Where the real name occurs. The scan credits each span to one entry only, so the real name matched through
  // another entry (a spelling registered before it, the given name registered as a code word) would otherwise
  // come out as keepable: any finding overlapping a real-name match is the real name.
  const realNames = vault.filter((v) => v.realName).map(({ value, category }) => ({ value, category }));
  const realNameSpans = realNames.length > 0 ? analyze(text, [identifierRecognizer(realNames)]) : [];
  const scanId = randomUUID();
  tx.insert(reviewScans)
    .values({
      id: scanId,
      versionId: version.id,
      vaultFingerprint: basis.vaultFingerprint,
      consentNameChoice: basis.consentNameChoice,
      findings: found.length,
      scannedBy: ctx.actor.id,
      scannedAt: now,
    })
    .run();
  const carried = new Map(carry.map((c) => [spanKey(c.start, c.end, c.category), c]));
  let high = 0;
  let carriedOver = 0;
  found.forEach((f, position) => {
    const identifier = f.identifier !== undefined ? vault[f.identifier] : undefined;
    const realName =
      (identifier?.realName ?? false) || (f.category !== "combination" && realNameSpans.some((s) => s.start < f.end && f.start < s.end));
    const keepable = !(realName && !basis.nameAllowed);
    const severity = realName ? "high" : f.severity;
    if (severity === "high") high += 1;
    const id = randomUUID();
    tx.insert(reviewFindings)
      .values({
        id,
        scanId,
        position,
        start: f.start,
        end: f.end,
        category: f.category,
        severity,
        score: f.score,
        recognizer: f.recognizer,
        // Protected findings are numbered by their place in the vault at scan time: say what matched in words instead.
        explanation: f.protected ? f.explanation.replace(/^protected [a-z_]+ #\d+: /, "") : f.explanation,
        identifierId: identifier?.id ?? null,
        realName,
        keepable,
        relatedJson: f.related ? JSON.stringify(f.related) : null,
      })
      .run();
    const previous = carried.get(spanKey(f.start, f.end, f.category));
    if (previous && !(previous.decision === "keep" && !keepable) && !(previous.decision === "pseudonym" && f.category === "combination")) {
      insertDecision(tx, interview.id, id, { ...previous }, previous.approval);
      carriedOver += 1;
    }
  });
  appendAuditEvent(tx, ctx, {
    action: "review.scanned",
    targetId: interview.id,
    payload: { documentId: version.documentId, versionId: version.id, scanId, findings: found.length, high, carriedOver },
  });
  return { scanId, findings: found.length, high, carriedOver };
}

/** Decisions of a scan, ready to be carried to a new scan of the same text. */
export function decisionsToCarry(tx: Db, scanId: string | null | undefined): CarriedDecision[] {
  if (!scanId) return [];
  const findings = tx.select().from(reviewFindings).where(eq(reviewFindings.scanId, scanId)).all();
  const decisions = currentDecisions(
    tx,
    findings.map((f) => f.id),
  );
  return findings.flatMap((f) => {
    const d = decisions.get(f.id);
    return d
      ? [
          {
            start: f.start,
            end: f.end,
            category: f.category,
            decision: d.decision,
            replacement: d.replacement,
            justification: d.justification,
            priorExposure: d.priorExposure,
            by: d.decidedBy,
            at: d.decidedAt,
            approval: d.approval,
          },
        ]
      : [];
  });
}

/**
 * Scans the latest version of a document again (after the vault or consent changed, or to re-check). Decisions on
 * unchanged spans are kept. Owner and collaborators only: the scan reads the vault.
 */
export function scanDocument({ ctx, input }: { ctx: Ctx; input: unknown }): { scanId: string; findings: number } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const data = parseInput(documentRefSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, data.interviewId, "edit");
    const doc: DocumentRow = loadDocument(tx, interview, data.documentId);
    const version = latestVersion(tx, doc.id);
    const result = scanVersionInTx(tx, { ...ctx, actor }, interview, version, decisionsToCarry(tx, latestScan(tx, version.id)?.id));
    return { scanId: result.scanId, findings: result.findings };
  });
}
