/**
 * Korean personal names in Latin script, found from the surname table: a surname spelling (Kim, Lee/Yi/Ri/Rhee,
 * Park/Pak/Bak, Choi/Choe…) followed by a given name that is a valid romanized Korean syllable string, written
 * hyphenated (Kwang-hyok), spaced (Kwang Hyok, North Korean style) or joined (Kwanghyok). Also a hyphenated
 * given name alone (Seo-yeon), given name first (Kwang-hyok Choe), and file-name slugs (pak_choljun).
 */
import { ENGLISH_STOPWORDS } from "../data/lexicon";
import { AMBIGUOUS_LATIN, latinSurname } from "../data/surnames";
import { syllableCount } from "../phonetic";
import { defineRecognizer } from "../recognizer";
import { isCapitalized, isHyphenJoiner, isNameJoiner } from "../text/tokens";
import type { RawFinding, Token } from "../types";

const SPACE_OR_BREAK = /^[ \t\u00a0]{1,2}$|^[ \t]*\r?\n[ \t]*$/;
const SLUG_JOINER = /^[_.]$/;

/** Letter groups typical of romanized Korean and rare in English words (eo, eu, ae, yeo, ng + vowel…). */
const KOREAN_LOOKING = /eo|eu|ae|oe|ui|y[aeou]|w[aeo]|[kgnmbprhj]y|ngg|ng[aeiou]|kk|jj|ch[aeiouw]|[ŏŭ]|'/i;

const isStop = (word: string) => ENGLISH_STOPWORDS.has(word.toLowerCase());
/** English prefixes and particles that form hyphenated words (No-op, Non-deep, Re-do): never a given-name part. */
const HYPHEN_STOP = new Set("no non re de to on in up op be me we he she the do go ok uh oh ah ha hi mid top".split(" "));
/** A given name's hyphen sits right after the first syllable ("Kwang-hyok"); "MIT - see" is a dash. */
const TIGHT_HYPHEN = /^[-‐‑](?:\r?\n[ \t]*)?$/;
const isLatin = (t: Token | undefined): t is Token => t !== undefined && t.script === "latin";

/** Syllables of a candidate given-name part, 0 when it cannot be one. */
function givenSyllables(t: Token): number {
  return t.text.length <= 16 ? syllableCount(t.text) : 0;
}

interface GivenMatch {
  end: number;
  lastIndex: number;
  score: number;
  form: string;
}

/** Reads a given name starting at token index `j` (right after a surname). */
export function readGivenName(text: string, tokens: readonly Token[], j: number, ambiguous: boolean): GivenMatch | null {
  const first = tokens[j];
  if (!isLatin(first) || !isCapitalized(first.text)) return null;
  const firstSyl = givenSyllables(first);
  if (firstSyl === 0) return null;
  const second = tokens[j + 1];
  const gap = second ? text.slice(first.end, second.start) : "";
  const secondOk = isLatin(second) && isNameJoiner(gap) && givenSyllables(second) === 1;

  if (firstSyl === 1 && secondOk && isHyphenJoiner(gap)) {
    return { end: second.end, lastIndex: j + 1, score: 0.85, form: "hyphenated given name" };
  }
  if (firstSyl === 1 && secondOk && isCapitalized(second.text) && !(isStop(first.text) && isStop(second.text))) {
    return { end: second.end, lastIndex: j + 1, score: 0.8, form: "given name in separate syllables" };
  }
  if (firstSyl >= 2 && firstSyl <= 3 && !isStop(first.text)) {
    const korean = KOREAN_LOOKING.test(first.text);
    if (ambiguous) return null;
    return { end: first.end, lastIndex: j, score: korean ? 0.7 : 0.55, form: "joined given name" };
  }
  if (firstSyl === 1 && !ambiguous && !isStop(first.text)) {
    return { end: first.end, lastIndex: j, score: 0.55, form: "one-syllable given name" };
  }
  return null;
}

function surnameFirst(text: string, tokens: readonly Token[], out: RawFinding[]): void {
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (t.script !== "latin") continue;
    const capitalized = isCapitalized(t.text);
    const after = text.charAt(t.end);
    if (!capitalized && after !== "_" && after !== ".") continue;
    const rows = latinSurname(t.text);
    if (!rows) continue;
    const next = tokens[i + 1]!;
    const gap = text.slice(t.end, next.start);
    if (capitalized) {
      if (!SPACE_OR_BREAK.test(gap)) continue;
      const ambiguous = AMBIGUOUS_LATIN.has(t.text.toLowerCase());
      const given = readGivenName(text, tokens, i + 1, ambiguous);
      if (!given) continue;
      out.push({
        start: t.start,
        end: given.end,
        category: "name",
        score: given.score,
        explanation: `Korean name: surname from the surname table + ${given.form}`,
      });
    } else if (SLUG_JOINER.test(gap) && /^[a-z]+$/.test(next.text) && syllableCount(next.text) === 2) {
      out.push({
        start: t.start,
        end: next.end,
        category: "name",
        score: 0.6,
        explanation: "Korean name written as a file-name or account slug",
      });
    }
  }
}

/** Hyphenated given name alone (Seo-yeon, Kwang-hyok), optionally followed by a surname (Kwang-hyok Choe). */
function hyphenatedGiven(text: string, tokens: readonly Token[], out: RawFinding[]): void {
  for (let i = 0; i < tokens.length - 1; i++) {
    const a = tokens[i]!;
    const after = text.charCodeAt(a.end);
    // Only a hyphen (or a hyphen variant) can join the two parts.
    if (after !== 0x2d && after !== 0x2010 && after !== 0x2011) continue;
    if (a.script !== "latin" || !isCapitalized(a.text) || a.text.length > 8) continue;
    const b = tokens[i + 1]!;
    if (b.script !== "latin" || b.text.length > 8) continue;
    const gap = text.slice(a.end, b.start);
    if (!TIGHT_HYPHEN.test(gap)) continue;
    if (syllableCount(a.text) !== 1 || syllableCount(b.text) !== 1) continue;
    if (HYPHEN_STOP.has(a.text.toLowerCase()) || HYPHEN_STOP.has(b.text.toLowerCase())) continue;
    if (isStop(a.text) && isStop(b.text)) continue;
    let end = b.end;
    let score = 0.6;
    let explanation = "hyphenated Korean given name";
    const c = tokens[i + 2];
    if (
      c &&
      c.script === "latin" &&
      isCapitalized(c.text) &&
      latinSurname(c.text) &&
      SPACE_OR_BREAK.test(text.slice(b.end, c.start)) &&
      !AMBIGUOUS_LATIN.has(c.text.toLowerCase())
    ) {
      end = c.end;
      score = 0.8;
      explanation = "Korean name, given name first";
    }
    out.push({ start: a.start, end, category: "name", score, explanation });
  }
}

export const latinNameRecognizer = defineRecognizer({
  name: "korean-name-latin",
  categories: ["name"],
  context: [
    "name",
    "named",
    "surname",
    "mr",
    "mrs",
    "ms",
    "private",
    "soldier",
    "prisoner",
    "pow",
    "defector",
    "brother",
    "sister",
    "mother",
    "father",
    "wife",
    "husband",
    "son",
    "daughter",
    "friend",
    "spelling",
    "spelled",
    "romani",
    "called",
  ],
  analyze({ text, tokens }) {
    const out: RawFinding[] = [];
    const list = tokens();
    surnameFirst(text, list, out);
    hyphenatedGiven(text, list, out);
    return out;
  },
});
