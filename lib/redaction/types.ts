/**
 * Shared types of the identity-redaction scanner.
 *
 * A finding is a span over the ORIGINAL text (JavaScript string indices, `end` exclusive). Recognizers never
 * rewrite the text; the engine only filters, merges and sorts their findings.
 */

/** What a span can reveal. Mirrors the labelled corpus, plus `combination` (a document-level warning). */
export const CATEGORIES = [
  "name",
  "place",
  "unit",
  "date",
  "age",
  "phone",
  "handle",
  "email",
  "gps",
  "id_number",
  "family",
  "feature",
  "codeword",
  "broker",
  "other",
  "combination",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories a journalist may register a protected identifier under (everything but `combination`). */
export const IDENTIFIER_CATEGORIES = CATEGORIES.filter((c): c is Exclude<Category, "combination"> => c !== "combination");
export type IdentifierCategory = Exclude<Category, "combination">;

export type Severity = "high" | "medium" | "low";

export interface Finding {
  start: number;
  end: number;
  category: Category;
  severity: Severity;
  /** Confidence in [0, 1] after context boost. */
  score: number;
  /** Name of the recognizer that produced the finding. */
  recognizer: string;
  /** Why it was flagged, for the reviewer. Never repeats a registered identifier's value. */
  explanation: string;
  /** True when the span is an occurrence of a protected identifier the journalist registered. */
  protected?: boolean;
  /** For a protected match: the index, in `ScanOptions.identifiers`, of the identifier it matches. */
  identifier?: number;
  /** For document-level findings (combination risk): the spans that together raise the risk. */
  related?: ReadonlyArray<{ start: number; end: number; category: Category }>;
}

/** A finding as a recognizer emits it: the engine fills in severity defaults. */
export interface RawFinding {
  start: number;
  end: number;
  category: Category;
  score: number;
  explanation: string;
  severity?: Severity;
  protected?: boolean;
  /** Index of the registered identifier matched (protected findings). */
  identifier?: number;
  /** Set to false to opt out of the context boost (e.g. findings that are already certain). */
  boostable?: boolean;
}

/** A protected identifier registered for an interview: one spelling, one category. */
export interface Identifier {
  value: string;
  category: IdentifierCategory;
}

/** Script of a word token. */
export type Script = "latin" | "hangul" | "cyrillic" | "han" | "other";

/** A word of the text: letters (with internal apostrophes for McCune–Reischauer), possessive `'s` excluded. */
export interface Token {
  start: number;
  end: number;
  text: string;
  script: Script;
  /** Index in the token list. */
  index: number;
}

/** What every recognizer receives: the original text plus lazily computed shared views of it. */
export interface AnalysisInput {
  readonly text: string;
  /** Word tokens of the text, computed once per scan. */
  tokens(): readonly Token[];
}

/**
 * A recognizer is a plain object (Presidio's EntityRecognizer, in TypeScript idiom).
 * `context` words raise the score of this recognizer's findings when they appear near the span.
 */
export interface Recognizer {
  readonly name: string;
  readonly categories: readonly Category[];
  readonly context?: readonly string[];
  /** Characters examined for context words before and after a span, when the engine default does not fit. */
  readonly contextWindow?: { readonly before: number; readonly after: number };
  analyze(input: AnalysisInput): RawFinding[];
}

/** An allow-list entry: text that must never be flagged (public figures in their public role, organisations…). */
export interface AllowEntry {
  text: string;
  /** Match letter case exactly ("park" the noun must not suppress "Park" the surname). Default false. */
  caseSensitive?: boolean;
  /** Why it is allowed; shown to editors. */
  reason?: string;
}

export interface ScanOptions {
  /** Protected identifiers registered for the source. */
  identifiers?: readonly Identifier[];
  /** Extra allow-list entries (strings are matched case-insensitively). Added to the default list. */
  allowList?: ReadonlyArray<string | AllowEntry>;
  /** Findings scoring below this are dropped. Default 0.5. */
  threshold?: number;
}

/** Default severity of a category when a recognizer does not set one. */
export const DEFAULT_SEVERITY: Record<Category, Severity> = {
  name: "high",
  place: "medium",
  unit: "medium",
  date: "medium",
  age: "low",
  phone: "high",
  handle: "high",
  email: "high",
  gps: "high",
  id_number: "high",
  family: "high",
  feature: "medium",
  codeword: "high",
  broker: "high",
  other: "medium",
  combination: "high",
};
