/**
 * The analysis engine, shaped like Presidio's AnalyzerEngine:
 * recognizers → context boost → dedupe overlapping spans → threshold → allow list → sort.
 * Every recognizer sees the original text (no rewriting chains), so spans always index into it.
 */
import { allowListFor, filterAllowed } from "./allow-list";
import { applyContextBoost, DEFAULT_CONTEXT, type ContextOptions } from "./engine/context";
import { dedupe } from "./engine/dedupe";
import { tokenize } from "./text/tokens";
import { DEFAULT_SEVERITY, type AllowEntry, type AnalysisInput, type Finding, type Recognizer, type Token } from "./types";

export interface EngineOptions {
  /** Findings scoring below this are dropped (after the context boost). Default 0.5. */
  threshold?: number;
  /** Extra allow-list entries on top of the default list. */
  allowList?: ReadonlyArray<string | AllowEntry>;
  context?: ContextOptions;
}

export const DEFAULT_THRESHOLD = 0.5;

export function createInput(text: string): AnalysisInput {
  let tokens: Token[] | undefined;
  return {
    text,
    tokens: () => (tokens ??= tokenize(text)),
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.start - b.start || b.end - a.end || a.category.localeCompare(b.category);
}

export function analyze(
  text: string,
  recognizers: readonly Recognizer[],
  options: EngineOptions = {},
  input: AnalysisInput = createInput(text),
): Finding[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const byName = new Map(recognizers.map((r) => [r.name, r]));
  const notBoostable = new Set<Finding>();

  // 1. Recognizers, each over the original text.
  const found: Finding[] = [];
  for (const recognizer of recognizers) {
    for (const raw of recognizer.analyze(input)) {
      const finding: Finding = {
        start: raw.start,
        end: raw.end,
        category: raw.category,
        severity: raw.severity ?? (raw.protected ? "high" : DEFAULT_SEVERITY[raw.category]),
        score: raw.score,
        recognizer: recognizer.name,
        explanation: raw.explanation,
      };
      if (raw.protected) finding.protected = true;
      if (raw.identifier !== undefined) finding.identifier = raw.identifier;
      if (raw.boostable === false) notBoostable.add(finding);
      found.push(finding);
    }
  }

  // 2. Context boost.
  applyContextBoost(text, found, byName, options.context ?? DEFAULT_CONTEXT, (f) => !notBoostable.has(f), threshold);

  // 3. Dedupe, 4. threshold, 5. allow list, 6. sort.
  const kept = dedupe(found, threshold).filter((f) => f.score >= threshold);
  const allowed = filterAllowed(kept, allowListFor(options.allowList).spans(text, input.tokens()));
  return allowed.sort(compareFindings);
}
