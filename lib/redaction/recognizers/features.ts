/**
 * Distinctive marks (guidance §5.1): tattoos, scars, moles, birthmarks, missing or extra fingers, a limp, a
 * habit of holding a limb, in English, Korean, Russian and Ukrainian. A mark word counts when the clause says
 * where or what it is (a body part, a side, "of …", a number): "the tattoo would be recognised" alone is not a
 * description. A side + body part ("his left arm", 왼팔) counts as well. The span is the describing clause.
 */
import { BODY_PARTS_EN, MARKS_STRONG, SIDE_BODY_KO } from "../data/lexicon";
import { alternation, defineRecognizer, escapeRegExp, findWords } from "../recognizer";
import type { RawFinding } from "../types";

const CYR = "[а-яёіїєґ]";
/** Cyrillic stems in MARKS_STRONG ("татуировк") take any ending. */
const STEMS = new Set(["татуировк", "татуюванн", "родимк", "родинк", "тату", "кульга"]);
const MARK = new RegExp(
  [...MARKS_STRONG]
    .sort((a, b) => b.length - a.length)
    .map((w) => (STEMS.has(w) ? `${escapeRegExp(w)}${CYR}*` : escapeRegExp(w)))
    .join("|"),
  "gi",
);
const SIDE_BODY = new RegExp(
  `(?:left|right)\\s+(?:${BODY_PARTS_EN.join("|")})|${SIDE_BODY_KO.join("|")}|(?:лів|прав|лев)${CYR}*\\s+(?:рук|ног|щок|щек|плеч|кист|нош)${CYR}*`,
  "gi",
);
const SPECIFIC = new RegExp(
  String.raw`(?<![\p{L}])(?:${alternation(BODY_PARTS_EN)}|left|right|of|on|across|between|shaped)(?![\p{L}])|\d|(?:two|three|four|five|six|seven|several)\s|왼|오른|팔|손|다리|얼굴|등|목|руц|руке|руки|нозі|ноге|щоці|щеке|плечі|плече|спин|обличч|лиц`,
  "iu",
);
/** Marks that describe themselves ("walks with a limp"); the others need a where or what. */
const SELF_DESCRIBING =
  /limp|stutter|stammer|lisp|squint|harelip|cleft|glass eye|prosthetic|amputated|missing|six fingers|gold tooth|말더듬|절뚝|의수|의족|хромает|кульга/i;
const LEFT_STOP = /[.!?;:\n(—–,]/;
const RIGHT_STOP = /[.!?;\n)]/;

function clause(text: string, start: number, end: number): [number, number] {
  let s = start;
  while (s > 0 && start - s < 90 && !LEFT_STOP.test(text.charAt(s - 1))) s--;
  let e = end;
  while (e < text.length && e - end < 100 && !RIGHT_STOP.test(text.charAt(e))) e++;
  // Keep a bracketed remark whole: "his left arm (broken as a child)".
  if (text.charAt(e) === ")" && text.slice(s, e).split("(").length > text.slice(s, e).split(")").length) e++;
  while (s < e && /\s/.test(text.charAt(s))) s++;
  while (e > s && /\s/.test(text.charAt(e - 1))) e--;
  return [s, e];
}

export const featureRecognizer = defineRecognizer({
  name: "distinctive-mark",
  categories: ["feature"],
  context: ["recognis", "recogniz", "identify", "알아", "узна", "впізна"],
  analyze({ text }) {
    const out: RawFinding[] = [];
    for (const [regex, strong] of [
      [MARK, true],
      [SIDE_BODY, false],
    ] as const) {
      findWords(text, regex, (start, end) => {
        const [s, e] = clause(text, start, end);
        const rest = text.slice(s, start) + " " + text.slice(end, e);
        if (strong && !SELF_DESCRIBING.test(text.slice(start, end)) && !SPECIFIC.test(rest)) return;
        out.push({
          start: s,
          end: e,
          category: "feature",
          score: strong ? 0.65 : 0.55,
          explanation: strong ? "distinctive mark on the body" : "description of a specific limb or side",
        });
      });
    }
    return out;
  },
});
