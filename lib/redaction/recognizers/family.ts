/**
 * Family relations with a descriptor: a relative described by occupation, workplace or situation is findable
 * ("his mother, a teacher in Musan", "my father works there as a welder", 어머니는 시장에서 장사를 해요,
 * "мати працює медсестрою"). A bare "my mother" is not flagged, nor a generic one ("everybody's father").
 * Also family composition that narrows the crowd: "two sisters", "only son", "widowed mother".
 * Span: from the kinship term to the last descriptor word of the clause (plus a following "in/at <Place>").
 */
import { KIN_CYR, KIN_EN, KIN_KO, OCCUPATIONS_CYR, OCCUPATIONS_EN, OCCUPATIONS_KO } from "../data/lexicon";
import { defineRecognizer, findWords, keywordRegex } from "../recognizer";
import type { RawFinding } from "../types";

const KIN = keywordRegex([...KIN_EN, ...KIN_CYR, ...KIN_KO]);
const DESCRIPTOR = keywordRegex([...OCCUPATIONS_EN, ...OCCUPATIONS_CYR, ...OCCUPATIONS_KO]);
const COMPOSITION = keywordRegex([
  ...["two", "three", "four", "five", "six", "seven", "2", "3", "4", "5", "6", "7"].flatMap((n) =>
    ["", "younger ", "older ", "elder ", "little "].flatMap((a) =>
      ["sisters", "brothers", "sons", "daughters", "children", "siblings"].map((k) => `${n} ${a}${k}`),
    ),
  ),
  "only son",
  "only child",
  "only daughter",
  "only brother",
  "only sister",
  "widowed mother",
  "widowed father",
  "외아들",
  "외동딸",
  "독자",
  "홀어머니",
  "홀아버지",
  "единственный сын",
  "єдиний син",
  "овдовіла",
  "овдовілий",
  "овдовевшая",
  "овдовевший",
]);
/** Possessives that make the relative generic ("Everybody's father works at the mine"). */
const GENERIC_OWNER = /(?:everybody|everyone|every|all|many|some|whose|any|no|other|most)(?:['’]s)?\s+$/i;
const CLAUSE_END = /[.!?;\n»"“”]|\s[—–]\s/g;
const PLACE_TAIL = /^\s+(?:in|at|on|near|from)\s+(?:the\s+)?\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)?/u;
const MAX_CLAUSE = 110;

function clauseEnd(text: string, from: number): number {
  CLAUSE_END.lastIndex = 0;
  const m = CLAUSE_END.exec(text.slice(from, from + MAX_CLAUSE));
  return m ? from + m.index : Math.min(text.length, from + MAX_CLAUSE);
}

export const familyRecognizer = defineRecognizer({
  name: "family",
  categories: ["family"],
  context: ["family", "relatives", "가족", "родина", "семья"],
  analyze({ text }) {
    const out: RawFinding[] = [];
    let covered = -1;
    findWords(text, KIN, (start, end) => {
      if (start < covered) return;
      if (GENERIC_OWNER.test(text.slice(Math.max(0, start - 14), start))) return;
      const limit = clauseEnd(text, end);
      let last = -1;
      findWords(text, DESCRIPTOR, (_s, e) => (last = e), { from: end, to: limit });
      if (last < 0) return;
      const tail = PLACE_TAIL.exec(text.slice(last, limit));
      const spanEnd = tail ? last + tail[0].length : last;
      out.push({
        start,
        end: spanEnd,
        category: "family",
        score: 0.6,
        explanation: "relative described by occupation, workplace or situation",
      });
      covered = spanEnd;
    });
    findWords(text, COMPOSITION, (start, end) => {
      out.push({ start, end, category: "family", score: 0.55, explanation: "family composition" });
    });
    return out;
  },
});
