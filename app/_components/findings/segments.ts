/**
 * Splits a document's text into plain runs and highlighted runs for the findings viewer.
 * Pure and client-safe: no React, no I/O. Indices are JavaScript string (UTF-16 code unit) offsets.
 */

export type Severity = "high" | "medium" | "low";
export type DecisionKind = "redact" | "pseudonym" | "keep";

export interface ViewerFinding {
  id: string;
  /** JS string index into the text; `end` is exclusive. */
  start: number;
  end: number;
  /** Machine category ("name", "place", "unit", "phone", …); `label` is its human wording. */
  category: string;
  /** Plain words shown to screen readers, e.g. "Name (registered identifier)". */
  label: string;
  severity: Severity;
  /** null = not decided yet. */
  decision: DecisionKind | null;
  /** A kept high-severity finding awaiting an editor. */
  needsApproval?: boolean;
}

export interface PlainSegment {
  kind: "plain";
  start: number;
  end: number;
  text: string;
}

export interface FindingSegment {
  kind: "finding";
  start: number;
  end: number;
  text: string;
  /** Every finding covering this run, primary first, then in descending primacy. Never empty. */
  ids: string[];
  /** The finding a click selects: highest severity, then earliest start, then longest, then input order (see `usableFindings`). */
  primaryId: string;
  /** The highest severity among `ids`. */
  severity: Severity;
}

export type Segment = PlainSegment | FindingSegment;

const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

function severityRank(s: Severity): number {
  return SEVERITY_RANK[s] ?? 0;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** True when `i` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isHighSurrogate(text.charCodeAt(i - 1)) && isLowSurrogate(text.charCodeAt(i));
}

interface Normalised {
  id: string;
  start: number;
  end: number;
  severity: Severity;
  /** Position in the caller's array: the last tie-breaker. */
  order: number;
}

/**
 * The findings that can be shown, fitted to the text, in the caller's order:
 * - non-integer bounds, start >= end, or no overlap with [0, text.length): dropped;
 * - bounds partly outside the text: clamped to it (a stale finding still shows what it can);
 * - a bound inside a surrogate pair: widened to take in the whole pair;
 * - a repeated id: the first usable occurrence wins.
 * Returns copies when bounds change; never mutates its input.
 */
export function usableFindings(text: string, findings: readonly ViewerFinding[]): ViewerFinding[] {
  const out: ViewerFinding[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    if (!f || typeof f.id !== "string" || seen.has(f.id)) continue;
    if (!Number.isInteger(f.start) || !Number.isInteger(f.end) || f.start >= f.end) continue;
    let start = Math.max(0, f.start);
    let end = Math.min(text.length, f.end);
    if (start >= end) continue;
    if (splitsPair(text, start)) start -= 1;
    if (splitsPair(text, end)) end += 1;
    seen.add(f.id);
    out.push(start === f.start && end === f.end ? f : { ...f, start, end });
  }
  return out;
}

function pushTo(map: Map<number, Normalised[]>, key: number, f: Normalised): void {
  const list = map.get(key);
  if (list) list.push(f);
  else map.set(key, [f]);
}

/** Negative when `a` should be the primary finding over `b`. */
function comparePrimacy(a: Normalised, b: Normalised): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) || a.start - b.start || b.end - b.start - (a.end - a.start) || a.order - b.order
  );
}

/**
 * Splits `text` into consecutive segments covering it exactly, in order.
 * A run of characters covered by the same set of findings is one finding segment listing all their ids;
 * runs covered by none are plain segments. Adjacent findings stay separate segments.
 */
export function toSegments(text: string, findings: readonly ViewerFinding[]): Segment[] {
  if (text.length === 0) return [];
  const usable: Normalised[] = usableFindings(text, findings).map((f, order) => ({
    id: f.id,
    start: f.start,
    end: f.end,
    severity: f.severity,
    order,
  }));

  const startsAt = new Map<number, Normalised[]>();
  const endsAt = new Map<number, Normalised[]>();
  const bounds = new Set<number>([0, text.length]);
  for (const f of usable) {
    bounds.add(f.start);
    bounds.add(f.end);
    pushTo(startsAt, f.start, f);
    pushTo(endsAt, f.end, f);
  }
  const points = [...bounds].sort((a, b) => a - b);

  const segments: Segment[] = [];
  const active = new Map<string, Normalised>();
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    for (const f of endsAt.get(from) ?? []) active.delete(f.id);
    for (const f of startsAt.get(from) ?? []) active.set(f.id, f);
    const piece = text.slice(from, to);
    if (active.size === 0) {
      segments.push({ kind: "plain", start: from, end: to, text: piece });
      continue;
    }
    const covering = [...active.values()].sort(comparePrimacy);
    const primary = covering[0]!;
    segments.push({
      kind: "finding",
      start: from,
      end: to,
      text: piece,
      ids: covering.map((f) => f.id),
      primaryId: primary.id,
      severity: primary.severity,
    });
  }
  return segments;
}

export interface Navigation {
  /** Finding ids in the order the keyboard visits them (document order of their anchors). */
  order: string[];
  /** For each navigable finding, the index (into the segments array) of the segment that receives focus for it. */
  anchorOf: Map<string, number>;
}

/**
 * Decides which segment stands for each finding when it has keyboard focus.
 * A finding's anchor is the first segment where it is primary; a finding that is never primary
 * (fully covered by a stronger one) takes a segment covering it that no other finding anchors,
 * or, failing that, shares the first segment covering it. Every finding that appears in a segment is navigable;
 * anchors are shared only when no free segment is left (e.g. two findings over exactly the same characters).
 */
export function buildNavigation(segments: readonly Segment[]): Navigation {
  const anchorOf = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  const lastSeen = new Map<string, number>();
  const taken = new Set<number>();
  segments.forEach((s, i) => {
    if (s.kind !== "finding") return;
    if (!anchorOf.has(s.primaryId)) {
      anchorOf.set(s.primaryId, i);
      taken.add(i);
    }
    for (const id of s.ids) {
      if (!firstSeen.has(id)) firstSeen.set(id, i);
      lastSeen.set(id, i);
    }
  });
  // Findings that are never primary cover a contiguous run of segments. Handing out free segments to the
  // run that ends first, each taking its earliest free one, gives as many findings a segment of their own as possible.
  const hidden = [...firstSeen.keys()]
    .filter((id) => !anchorOf.has(id))
    .sort((a, b) => lastSeen.get(a)! - lastSeen.get(b)! || firstSeen.get(a)! - firstSeen.get(b)!);
  for (const id of hidden) {
    const first = firstSeen.get(id)!;
    const last = lastSeen.get(id)!;
    let chosen = first;
    for (let i = first; i <= last; i++) {
      if (!taken.has(i)) {
        chosen = i;
        break;
      }
    }
    anchorOf.set(id, chosen);
    taken.add(chosen);
  }
  const order = [...anchorOf.keys()].sort((a, b) => anchorOf.get(a)! - anchorOf.get(b)! || firstSeen.get(a)! - firstSeen.get(b)!);
  return { order, anchorOf };
}
