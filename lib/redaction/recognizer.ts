/**
 * Factories for recognizers. A recognizer is a plain object (see types.ts); these helpers build the two common
 * shapes: one driven by regular expressions, and one written as a function over the text and its tokens.
 */
import { atWordEnd, atWordStart } from "./text/chars";
import type { AnalysisInput, Category, RawFinding, Recognizer, Severity } from "./types";

export interface PatternSpec {
  /** Must carry the `g` flag; add `d` when `group` is used. Compiled once at module load. */
  regex: RegExp;
  score: number;
  explanation: string;
  /** Capture group (number or name) whose span is the finding; default the whole match. */
  group?: number | string;
  category?: Category;
  severity?: Severity;
  /**
   * The match must start a word (previous character not a letter, digit or underscore). Checked in code rather
   * than with a lookbehind, which makes V8 try every position of the text slowly.
   */
  wordStart?: boolean;
  /**
   * Extra check on a match: return false to reject it, or a number to replace the score. Receives the text so it
   * can look around the match without the pattern needing lookbehinds.
   */
  validate?: (match: RegExpExecArray, text: string) => boolean | number;
}

export interface PatternRecognizerSpec {
  name: string;
  category: Category;
  patterns: readonly PatternSpec[];
  context?: readonly string[];
}

function spanOf(match: RegExpExecArray, group: number | string | undefined): [number, number] | null {
  if (group === undefined) return [match.index, match.index + match[0].length];
  const indices = match.indices;
  if (!indices) throw new Error("pattern with a capture group needs the `d` flag");
  const span = typeof group === "number" ? indices[group] : indices.groups?.[group];
  return span ? [span[0], span[1]] : null;
}

export function patternRecognizer(spec: PatternRecognizerSpec): Recognizer {
  for (const p of spec.patterns) {
    if (!p.regex.global) throw new Error(`${spec.name}: pattern ${p.regex} needs the g flag`);
    if (p.group !== undefined && !p.regex.hasIndices) throw new Error(`${spec.name}: pattern ${p.regex} needs the d flag`);
  }
  const categories = [...new Set([spec.category, ...spec.patterns.flatMap((p) => (p.category ? [p.category] : []))])];
  return Object.freeze({
    name: spec.name,
    categories,
    context: spec.context,
    analyze({ text }: AnalysisInput): RawFinding[] {
      const out: RawFinding[] = [];
      for (const p of spec.patterns) {
        const regex = p.regex;
        regex.lastIndex = 0;
        for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
          if (m[0].length === 0) {
            regex.lastIndex++;
            continue;
          }
          let score = p.score;
          if (p.wordStart && !atWordStart(text, m.index)) {
            regex.lastIndex = m.index + 1;
            continue;
          }
          if (p.validate) {
            const verdict = p.validate(m, text);
            if (verdict === false) {
              // Retry from the next position, as a failed lookbehind would.
              regex.lastIndex = m.index + 1;
              continue;
            }
            if (typeof verdict === "number") score = verdict;
          }
          const span = spanOf(m, p.group);
          if (!span || span[1] <= span[0]) continue;
          out.push({
            start: span[0],
            end: span[1],
            category: p.category ?? spec.category,
            score,
            explanation: p.explanation,
            severity: p.severity,
          });
        }
      }
      return out;
    },
  });
}

export interface FunctionRecognizerSpec {
  name: string;
  categories: readonly Category[];
  context?: readonly string[];
  contextWindow?: { before: number; after: number };
  analyze(input: AnalysisInput): RawFinding[];
}

export function defineRecognizer(spec: FunctionRecognizerSpec): Recognizer {
  return Object.freeze({ ...spec });
}

/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Alternation of literals, longest first so that the regex engine prefers the longest. */
export function alternation(literals: readonly string[]): string {
  return [...new Set(literals)]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join("|");
}

/**
 * A fast keyword regex: an alternation of literals compiled WITHOUT the `u` flag and without lookbehinds (both
 * make V8 try every position slowly). Word boundaries are checked afterwards with `findWords`. Case-insensitive
 * matching without `u` still folds Cyrillic; Hangul has no case.
 */
export function keywordRegex(literals: readonly string[], caseInsensitive = true): RegExp {
  return new RegExp(alternation(literals), caseInsensitive ? "gi" : "g");
}

/**
 * Runs a keyword regex over `text` (or `text[from, to)`) and calls `onMatch` for matches that start a word and,
 * unless `prefix` is set for a match (stems such as "татуировк"), end a word. Hangul matches need no boundary:
 * Korean attaches particles to words.
 */
export function findWords(
  text: string,
  regex: RegExp,
  onMatch: (start: number, end: number) => void,
  options: { from?: number; to?: number; prefix?: (match: string) => boolean } = {},
): void {
  // A bounded search runs on the slice: exec on the whole text would scan past `to` looking for a match.
  const from = options.from ?? 0;
  const bounded = options.to !== undefined;
  const haystack = bounded ? text.slice(from, options.to) : text;
  const offset = bounded ? from : 0;
  regex.lastIndex = bounded ? 0 : from;
  for (let m = regex.exec(haystack); m !== null; m = regex.exec(haystack)) {
    const start = m.index + offset;
    const end = start + m[0].length;
    const first = m[0].charCodeAt(0);
    const hangul = first >= 0xac00 && first <= 0xd7a3;
    if (hangul || (atWordStart(text, start) && (options.prefix?.(m[0]) || atWordEnd(text, end)))) onMatch(start, end);
    else regex.lastIndex = m.index + 1;
  }
}
