/**
 * Dedupe overlapping spans.
 * - Same category: a nested finding that is no more confident is absorbed; two confident overlapping findings
 *   merge into their union with the best score. A below-threshold finding never stretches a confident one (they
 *   stay apart and the threshold step drops the weak one).
 * - Different categories on the identical span: the best score wins. Nested findings of different categories
 *   are both kept (a place inside a family description is two separate risks).
 */
import type { Finding } from "../types";

/** The finding to keep: a protected identifier match first (its explanation says what it protects), then score. */
function better(a: Finding, b: Finding): Finding {
  if (Boolean(a.protected) !== Boolean(b.protected)) return a.protected ? a : b;
  if (a.score !== b.score) return a.score > b.score ? a : b;
  return a.end - a.start >= b.end - b.start ? a : b;
}

function mergeSameCategory(sorted: readonly Finding[], threshold: number): Finding[] {
  const out: Finding[] = [];
  let current: Finding | undefined;
  for (const f of sorted) {
    if (!current || f.start >= current.end) {
      if (current) out.push(current);
      current = { ...f };
      continue;
    }
    if (f.end <= current.end && f.score <= current.score) {
      if (f.protected && !current.protected) current = { ...f, start: current.start, end: current.end, score: current.score };
      continue;
    }
    if (f.score >= threshold && current.score >= threshold) {
      const best = better(current, f);
      current = {
        ...best,
        start: Math.min(current.start, f.start),
        end: Math.max(current.end, f.end),
        protected: current.protected || f.protected ? true : undefined,
      };
      if (current.protected === undefined) delete current.protected;
      continue;
    }
    out.push(current);
    current = { ...f };
  }
  if (current) out.push(current);
  return out;
}

export function dedupe(findings: readonly Finding[], threshold: number): Finding[] {
  const byCategory = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byCategory.get(f.category);
    if (list) list.push(f);
    else byCategory.set(f.category, [f]);
  }
  const merged: Finding[] = [];
  for (const list of byCategory.values()) {
    list.sort((a, b) => a.start - b.start || b.end - a.end || b.score - a.score);
    merged.push(...mergeSameCategory(list, threshold));
  }
  const bySpan = new Map<string, Finding>();
  for (const f of merged) {
    const key = `${f.start}:${f.end}`;
    const seen = bySpan.get(key);
    bySpan.set(key, seen ? better(seen, f) : f);
  }
  return [...bySpan.values()];
}
