import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reviewFindings } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { ConflictError } from "../errors";
import { loadInterviewForActor } from "../interviews/access";
import { CATEGORY_PRIORITY, redactionLabel } from "../redaction";
import type { Category } from "../redaction/types";
import { parseInput } from "../validation";
import { insertVersion } from "./documents";
import { currentBasis, currentDecisions, latestScan, latestVersion, loadDocument, staleReasons, versionText } from "./internal";
import { scanVersionInTx, type CarriedDecision } from "./scan";
import { documentRefSchema } from "./schema";

export interface Replacement {
  start: number;
  end: number;
  category: Category;
  /** null: redact (the category's label); otherwise the pseudonym. */
  pseudonym: string | null;
}

/**
 * Applies replacements to a text. Overlapping spans merge (a redaction wins over a pseudonym, and the most
 * identifying category names it), so no half of a name survives. Returns the new text and a function mapping an
 * untouched span of the old text to its place in the new one (null when it overlapped a replacement). Pure.
 */
export function applyReplacements(text: string, replacements: readonly Replacement[]) {
  const sorted = replacements
    .filter((r) => r.end > r.start && r.start >= 0 && r.end <= text.length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number; parts: Replacement[] }[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r.start < last.end) {
      last.end = Math.max(last.end, r.end);
      last.parts.push(r);
    } else merged.push({ start: r.start, end: r.end, parts: [r] });
  }
  let out = "";
  let cursor = 0;
  const shifts: { oldStart: number; oldEnd: number; delta: number }[] = [];
  let delta = 0;
  for (const m of merged) {
    const redacted = m.parts.filter((p) => p.pseudonym === null);
    const replacement =
      redacted.length > 0
        ? redactionLabel(
            [...redacted].sort((a, b) => CATEGORY_PRIORITY.indexOf(a.category) - CATEGORY_PRIORITY.indexOf(b.category))[0]!.category,
          )
        : m.parts[0]!.pseudonym!;
    out += text.slice(cursor, m.start) + replacement;
    cursor = m.end;
    delta += replacement.length - (m.end - m.start);
    shifts.push({ oldStart: m.start, oldEnd: m.end, delta });
  }
  out += text.slice(cursor);
  const mapSpan = (start: number, end: number): { start: number; end: number } | null => {
    let d = 0;
    for (const s of shifts) {
      if (s.oldEnd <= start) d = s.delta;
      else if (s.oldStart < end) return null;
      else break;
    }
    return { start: start + d, end: end + d };
  };
  return { text: out, mapSpan, replaced: merged.length };
}

function buildReplacements(tx: Db, scanId: string) {
  const findings = tx.select().from(reviewFindings).where(eq(reviewFindings.scanId, scanId)).all();
  const decisions = currentDecisions(
    tx,
    findings.map((f) => f.id),
  );
  const replacements: Replacement[] = [];
  const kept: (CarriedDecision & { start: number; end: number })[] = [];
  const counts = { redacted: 0, pseudonymised: 0, kept: 0, undecided: 0 };
  for (const f of findings) {
    const d = decisions.get(f.id);
    if (!d) {
      counts.undecided += 1;
      continue;
    }
    if (d.decision === "keep") {
      counts.kept += 1;
      kept.push({
        start: f.start,
        end: f.end,
        category: f.category,
        decision: "keep",
        replacement: null,
        justification: d.justification,
        priorExposure: d.priorExposure,
        by: d.decidedBy,
        at: d.decidedAt,
        approval: d.approval,
      });
      continue;
    }
    if (d.decision === "pseudonym") counts.pseudonymised += 1;
    else counts.redacted += 1;
    const spans =
      f.category === "combination" && f.relatedJson
        ? (JSON.parse(f.relatedJson) as { start: number; end: number; category: Category }[])
        : [f];
    for (const s of spans)
      replacements.push({ start: s.start, end: s.end, category: s.category, pseudonym: d.decision === "pseudonym" ? d.replacement : null });
  }
  return { replacements, kept, counts };
}

/**
 * Produces the redacted version of a document's latest version from the decisions, stores it as a new version
 * and scans it at once (kept findings keep their decisions and approvals where the text around them is
 * unchanged). Every finding must be decided and the scan must be current.
 */
export function produceRedactedVersion({ ctx, input }: { ctx: Ctx; input: unknown }): { versionId: string; findings: number } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const data = parseInput(documentRefSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, data.interviewId, "edit");
    const doc = loadDocument(tx, interview, data.documentId);
    const source = latestVersion(tx, doc.id);
    const scan = latestScan(tx, source.id);
    if (!scan) throw new ConflictError("Scan the document before producing a redacted version.");
    const stale = staleReasons(scan, currentBasis(tx, interview.id, ctx.now()));
    if (stale.length > 0) throw new ConflictError(`Scan the document again first: ${stale[0]}.`);
    const { replacements, kept, counts } = buildReplacements(tx, scan.id);
    if (counts.undecided > 0) throw new ConflictError(`Decide every finding first: ${counts.undecided} still open.`);
    if (replacements.length === 0)
      throw new ConflictError("Nothing is to be redacted or replaced: the current version is already the one to use.");
    const applied = applyReplacements(versionText(source), replacements);
    const now = ctx.now();
    const version = insertVersion(tx, interview.id, doc.id, {
      number: source.number + 1,
      origin: "redacted",
      format: source.format,
      parentVersionId: source.id,
      text: applied.text,
      by: actor.id,
      at: now,
    });
    const carry = kept.flatMap((k) => {
      const mapped = applied.mapSpan(k.start, k.end);
      return mapped ? [{ ...k, ...mapped }] : [];
    });
    const rescan = scanVersionInTx(tx, { ...ctx, actor }, interview, version, carry);
    appendAuditEvent(tx, ctx, {
      action: "review.redacted",
      targetId: interview.id,
      payload: {
        documentId: doc.id,
        fromVersionId: source.id,
        versionId: version.id,
        scanId: rescan.scanId,
        redacted: counts.redacted,
        pseudonymised: counts.pseudonymised,
        kept: counts.kept,
      },
    });
    return { versionId: version.id, findings: rescan.findings };
  });
}
