/**
 * Context boost (Presidio's context-aware enhancer): a finding whose recognizer declares context words gets a
 * higher score when one of those words appears just before or after the span. Context words are matched at the
 * start of a word, so "captur" covers captured/capture and "спелл" would cover declensions.
 */
import { escapeRegExp } from "../recognizer";
import type { Finding, Recognizer } from "../types";

export interface ContextOptions {
  /** Characters of text examined before the span. */
  before: number;
  /** Characters of text examined after the span. */
  after: number;
  /** Score added when a context word is present. */
  boost: number;
}

export const DEFAULT_CONTEXT: ContextOptions = { before: 48, after: 32, boost: 0.35 };

const compiled = new WeakMap<Recognizer, RegExp | null>();

/** One regex per recognizer, built on first use: Latin/Cyrillic words anchored at a word start, Hangul anywhere. */
function contextRegex(recognizer: Recognizer): RegExp | null {
  if (compiled.has(recognizer)) return compiled.get(recognizer) ?? null;
  const words = recognizer.context ?? [];
  let regex: RegExp | null = null;
  if (words.length > 0) {
    const parts = [...words]
      .sort((a, b) => b.length - a.length)
      // Hangul anywhere (particles attach); other words at a word start, and short ones as whole words
      // ("age" must not match "agent"); longer ones are stems ("captur" → captured).
      .map((w) =>
        /^[\uac00-\ud7a3]/.test(w)
          ? escapeRegExp(w)
          : w.length < 5
            ? `(?<![\\p{L}])${escapeRegExp(w)}(?![\\p{L}])`
            : `(?<![\\p{L}])${escapeRegExp(w)}`,
      );
    regex = new RegExp(parts.join("|"), "iu");
  }
  compiled.set(recognizer, regex);
  return regex;
}

/** Applies the boost in place and returns the same array. */
export function applyContextBoost(
  text: string,
  findings: Finding[],
  recognizers: ReadonlyMap<string, Recognizer>,
  options: ContextOptions = DEFAULT_CONTEXT,
  boostable: (finding: Finding) => boolean = () => true,
  threshold = 0,
): Finding[] {
  for (const finding of findings) {
    // Already certain, opted out, or unable to reach the threshold even when boosted: nothing to do.
    if (finding.score >= 1 || finding.score + options.boost < threshold || !boostable(finding)) continue;
    const recognizer = recognizers.get(finding.recognizer);
    if (!recognizer) continue;
    const regex = contextRegex(recognizer);
    if (!regex) continue;
    const before = recognizer.contextWindow?.before ?? options.before;
    const after = recognizer.contextWindow?.after ?? options.after;
    const hit =
      regex.exec(text.slice(Math.max(0, finding.start - before), finding.start)) ??
      (after > 0 ? regex.exec(text.slice(finding.end, finding.end + after)) : null);
    if (hit) {
      finding.score = Math.min(1, Math.round((finding.score + options.boost) * 100) / 100);
      finding.explanation += ` (context: “${hit[0]}”)`;
    }
  }
  return findings;
}
