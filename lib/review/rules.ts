/**
 * Pure rules of document review (issue 6), shared by the services, the pages and the publication gate.
 */
import type { ConsentTerms } from "../consent/get-consent-terms";
import type { Category, Severity } from "../redaction/types";
import type { Decision } from "./schema";

/**
 * May the source's real name appear? Only when consent is in force, the source chose their real name, and — for a
 * prisoner of war — two editors approved the public-interest justification (GCIII art. 7).
 */
export function realNameAllowed(consent: Pick<ConsentTerms, "active" | "terms" | "overridePending">): boolean {
  return consent.active && consent.terms?.choices.name === "real" && !consent.overridePending;
}

export const CONSENT_NAME_SNAPSHOT = { allowed: "real_name_allowed", notAllowed: "real_name_not_allowed" } as const;

export interface FindingForState {
  severity: Severity;
  category: Category;
  realName: boolean;
  keepable: boolean;
  decision: { decision: Decision; approved: boolean } | null;
}

/** The state-relevant facts of a stored finding and its current decision. */
export function findingForState(
  f: { severity: Severity; category: Category; realName: boolean; keepable: boolean },
  decision: { decision: Decision; approved: boolean } | null | undefined,
): FindingForState {
  return { severity: f.severity, category: f.category, realName: f.realName, keepable: f.keepable, decision: decision ?? null };
}

export interface ReviewState {
  scanned: boolean;
  /** Why the latest scan no longer covers the text as it must be checked now. */
  staleReasons: string[];
  total: number;
  undecided: number;
  undecidedHigh: number;
  /** Kept high-severity findings an editor has not approved yet. */
  awaitingApproval: number;
  /** Kept findings that may no longer be kept (the real name after consent changed). */
  notKeepable: number;
  /** True when the text may go forward: scanned, current, every finding decided, nothing blocking. */
  clear: boolean;
}

export function reviewState(scan: { stale: string[] } | null, findings: readonly FindingForState[], nameAllowedNow: boolean): ReviewState {
  if (!scan)
    return {
      scanned: false,
      staleReasons: [],
      total: 0,
      undecided: 0,
      undecidedHigh: 0,
      awaitingApproval: 0,
      notKeepable: 0,
      clear: false,
    };
  const undecided = findings.filter((f) => !f.decision);
  const kept = findings.filter((f) => f.decision?.decision === "keep");
  const notKeepable = kept.filter((f) => !f.keepable || (f.realName && !nameAllowedNow)).length;
  const awaitingApproval = kept.filter((f) => f.severity === "high" && !f.decision!.approved).length;
  return {
    scanned: true,
    staleReasons: scan.stale,
    total: findings.length,
    undecided: undecided.length,
    undecidedHigh: undecided.filter((f) => f.severity === "high").length,
    awaitingApproval,
    notKeepable,
    clear: scan.stale.length === 0 && undecided.length === 0 && awaitingApproval === 0 && notKeepable === 0,
  };
}

/** One line a journalist can act on, for lists and the interview page. */
export function describeReviewState(s: ReviewState): string {
  if (!s.scanned) return "Not scanned yet";
  if (s.staleReasons.length > 0) return `Scan again: ${s.staleReasons[0]}`;
  if (s.notKeepable > 0) return `${s.notKeepable} kept finding${s.notKeepable === 1 ? "" : "s"} may no longer be kept`;
  if (s.undecided > 0) return `${s.undecided} of ${s.total} finding${s.total === 1 ? "" : "s"} to decide`;
  if (s.awaitingApproval > 0) return `${s.awaitingApproval} kept finding${s.awaitingApproval === 1 ? "" : "s"} awaiting an editor`;
  return s.total === 0 ? "Scanned: nothing found" : "Every finding decided";
}
