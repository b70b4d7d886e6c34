/**
 * Applying redactions, separate from scanning: replace each flagged span with a label ("[NAME]"), a chosen
 * pseudonym, a mask of the same length, or nothing. Overlapping and nested spans are merged first, so the
 * output never contains half of a name. Document-level findings (combination risk) are not spans to black out.
 */
import type { Category, Finding } from "./types";

export type RedactionMode = "label" | "pseudonym" | "mask" | "remove";

export interface ApplyOptions {
  mode: RedactionMode;
  /**
   * For `pseudonym`: the replacement for a span, by matched text or by category. Unmapped spans fall back to the
   * label. The same matched text always gets the same pseudonym.
   */
  pseudonyms?: Readonly<Record<string, string>> | ((match: string, category: Category) => string | undefined);
  /** For `mask`: the masking character. Default "█". */
  maskChar?: string;
}

/** Which category names a merged span: the most identifying first. */
export const CATEGORY_PRIORITY: readonly Category[] = [
  "name",
  "family",
  "broker",
  "codeword",
  "phone",
  "handle",
  "email",
  "id_number",
  "gps",
  "place",
  "unit",
  "date",
  "age",
  "feature",
  "other",
  "combination",
];

interface Merged {
  start: number;
  end: number;
  category: Category;
}

function merge(findings: readonly Finding[]): Merged[] {
  const spans = findings.filter((f) => f.category !== "combination" && f.end > f.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Merged[] = [];
  for (const f of spans) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) {
      last.end = Math.max(last.end, f.end);
      if (CATEGORY_PRIORITY.indexOf(f.category) < CATEGORY_PRIORITY.indexOf(last.category)) last.category = f.category;
    } else out.push({ start: f.start, end: f.end, category: f.category });
  }
  return out;
}

/** The placeholder that stands for a redacted span: "[NAME]", "[ID NUMBER]". */
export const redactionLabel = (category: Category) => `[${category.toUpperCase().replace("_", " ")}]`;
const label = redactionLabel;

export function applyRedactions(text: string, findings: readonly Finding[], options: ApplyOptions): string {
  const pseudonymFor = (match: string, category: Category): string => {
    const p = options.pseudonyms;
    const chosen = typeof p === "function" ? p(match, category) : (p?.[match] ?? p?.[category]);
    return chosen ?? label(category);
  };
  let out = "";
  let cursor = 0;
  for (const span of merge(findings)) {
    const match = text.slice(span.start, span.end);
    out += text.slice(cursor, span.start);
    switch (options.mode) {
      case "label":
        out += label(span.category);
        break;
      case "pseudonym":
        out += pseudonymFor(match, span.category);
        break;
      case "mask":
        out += match.replace(/\S/gu, options.maskChar ?? "█");
        break;
      case "remove":
        break;
    }
    cursor = span.end;
  }
  return out + text.slice(cursor);
}
