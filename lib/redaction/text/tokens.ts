/**
 * Word tokenizer shared by the token-based recognizers (names, places, source identifiers).
 *
 * A token is a run of letters and combining marks. Apostrophes inside a word stay in it, because
 * McCune–Reischauer writes aspiration with them (Ch'oe, P'yŏngyang); a trailing possessive `'s` does not.
 * JavaScript's `\b` and `\w` are ASCII-only even with the `u` flag, so everything here uses `\p{L}`.
 */
import type { Script, Token } from "../types";
import { isLetterCode } from "./chars";

const POSSESSIVE = /['’ʼ][sS]$/;
/** An apostrophe that is not McCune–Reischauer aspiration (k' p' t' ch' before a vowel): a contraction (I'm, don't). */
const NOT_ASPIRATION = /(?<![kptKPT]|[cC][hH])['’ʼ]|['’ʼ](?![aeiouwyAEIOUWYŏŭŎŬ])/;
const isApostrophe = (code: number) => code === 0x27 || code === 0x2019 || code === 0x2bc;

export function scriptOf(code: number): Script {
  if (code >= 0xac00 && code <= 0xd7a3) return "hangul";
  if (code >= 0x0400 && code <= 0x04ff) return "cyrillic";
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f)) {
    return "latin";
  }
  if (code >= 0x4e00 && code <= 0x9fff) return "han";
  if (code >= 0x3130 && code <= 0x318f) return "hangul";
  return "other";
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isLetterCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    i++;
    let apostrophe = false;
    // Letters, and apostrophes with a letter on both sides.
    while (i < n) {
      const code = text.charCodeAt(i);
      if (isLetterCode(code)) i++;
      else if (isApostrophe(code) && i + 1 < n && isLetterCode(text.charCodeAt(i + 1))) {
        apostrophe = true;
        i += 2;
      } else break;
    }
    let word = text.slice(start, i);
    if (apostrophe) {
      const possessive = POSSESSIVE.exec(word);
      if (possessive) word = word.slice(0, possessive.index);
      const contraction = NOT_ASPIRATION.exec(word);
      if (contraction) word = word.slice(0, contraction.index);
      if (word.length === 0) continue;
    }
    tokens.push({ start, end: start + word.length, text: word, script: scriptOf(word.charCodeAt(0)), index: tokens.length });
  }
  return tokens;
}

/** Upper-case first letter (Latin or Cyrillic). Hangul has no case. */
export function isCapitalized(word: string): boolean {
  const code = word.charCodeAt(0);
  if (code >= 0x41 && code <= 0x5a) return true;
  if (code < 0x80) return false;
  const first = word.charAt(0);
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/** Text between two tokens. */
export function gapBetween(text: string, left: Token, right: Token): string {
  return text.slice(left.end, right.start);
}

/**
 * Whether the gap between two tokens can sit inside one personal name: a space, a hyphen, or a line break
 * (a name split across lines, "Myong-\nil"), never punctuation.
 */
const NAME_JOINER = /^(?:[ \t\u00a0]{1,2}|[ \t]*[-‐‑][ \t]*(?:\r?\n[ \t]*)?|[ \t]*\r?\n[ \t]*|_)$/;
export function isNameJoiner(gap: string): boolean {
  return gap.length <= 6 && NAME_JOINER.test(gap);
}

export function isHyphenJoiner(gap: string): boolean {
  return gap.includes("-") || gap.includes("‐") || gap.includes("‑");
}
