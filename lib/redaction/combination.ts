/**
 * Combination risk (k-anonymity, guidance §5.5): each of age, hometown, unit, date, family detail and
 * distinctive mark is shared by many people, but three or more categories of them in one document can single out
 * the source. When that happens, one document-level finding is added. Its span is the first contributing
 * finding (so it points somewhere useful and never covers text that is not itself flagged); `related` lists
 * every contributing span. Applying redactions ignores it: it asks for a decision, not a blackout.
 */
import type { Category, Finding } from "./types";

export const QUASI_IDENTIFIER_CATEGORIES: readonly Category[] = ["age", "place", "unit", "date", "family", "feature"];
export const COMBINATION_MINIMUM = 3;

export function combinationFinding(findings: readonly Finding[], minimum = COMBINATION_MINIMUM): Finding | null {
  const quasi = findings.filter((f) => QUASI_IDENTIFIER_CATEGORIES.includes(f.category));
  const categories = [...new Set(quasi.map((f) => f.category))];
  if (categories.length < minimum) return null;
  const anchor = quasi.reduce((a, b) => (b.start < a.start ? b : a));
  return {
    start: anchor.start,
    end: anchor.end,
    category: "combination",
    severity: "high",
    score: 1,
    recognizer: "combination",
    explanation:
      `these details together may identify the source: ${categories.join(", ")} ` +
      `(${quasi.length} details in ${categories.length} categories)`,
    related: quasi.map((f) => ({ start: f.start, end: f.end, category: f.category })),
  };
}
