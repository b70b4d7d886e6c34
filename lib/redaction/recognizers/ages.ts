/**
 * Ages: "26 years old", "aged 24", "age: 22", "her age, 44", "The prisoner, 20,", "he was 21", "(26)" after a
 * name (the Korean press convention 리모(26)), 26살/26세, "21 рік", "19 лет", and number words answering
 * "How old are you?" ("Twenty."), which count only next to an age word.
 */
import { AGE_WORDS_PATTERN } from "../data/lexicon";
import { patternRecognizer } from "../recognizer";
import { isDigitCode, isLetterCode } from "../text/chars";

const NOT_QUANTITY =
  /^\s*(?:%|years? ago|minutes?|hours?|days?|weeks?|months?|km|kg|metres?|meters?|times|people|soldiers|men|women|of|percent|thousand|hundred|million)/i;
const notQuantity = (m: RegExpExecArray, text: string) => !NOT_QUANTITY.test(text.slice(m.index + m[0].length, m.index + m[0].length + 16));
const plausible = (n: number) => n >= 10 && n <= 99;
const groupAge = (m: RegExpExecArray) => plausible(Number(m[1]));
const codeAt = (text: string, i: number) => (i >= 0 && i < text.length ? text.charCodeAt(i) : 0x20);
const noDigitBefore = (m: RegExpExecArray, text: string) => !isDigitCode(codeAt(text, m.index - 1));
const noLetterAfter = (m: RegExpExecArray, text: string) => !isLetterCode(codeAt(text, m.index + m[0].length));
const PERSON =
  "prisoner|soldier|man|woman|boy|girl|defector|source|mother|father|son|daughter|wife|husband|brother|sister|private|POW|guard|medic|broker|driver|fixer|founder|interpreter|refugee|he|she";
const CAPITALISED_WORD_BEFORE = /(?:^|[^\p{L}])\p{Lu}[\p{Ll}'’-]*\.?$/u;
const isHangulCode = (code: number) => code >= 0xac00 && code <= 0xd7a3;
const BARE_NUMBER_AFTER = /^(?:\d|[.,:\-–]\d|%|\s*(?:년|월|일|시|분|%))/;
const BARE_NUMBER_BEFORE = /[.,:\-–]/;

export const ageRecognizer = patternRecognizer({
  name: "age",
  category: "age",
  context: ["old", "age", "aged", "years", "year-old", "나이", "살", "лет", "років", "рік", "вік", "возраст"],
  patterns: [
    {
      regex: /(\d{1,2})[\s-]*(?:years?|yrs?)[\s-]*old/gi,
      score: 0.85,
      explanation: "age",
      validate: (m, text) => noDigitBefore(m, text) && noLetterAfter(m, text),
    },
    {
      regex: /age[ds]?(?:[_ ][a-z]+){0,3}\s*[:=,]?\s*(\d{1,2})(?![\d%])/dgi,
      group: 1,
      wordStart: true,
      score: 0.8,
      explanation: "age",
      validate: groupAge,
    },
    { regex: new RegExp(`(?:${PERSON}),\\s*(\\d{2}),`, "gdi"), group: 1, wordStart: true, score: 0.75, explanation: "age in apposition" },
    {
      regex: /,\s*(\d{2})(?=,|\s+(?:from|of|who|is|was|a|an)\s)/dg,
      group: 1,
      score: 0.6,
      explanation: 'age after a name ("Kim Chol-su, 22, from …")',
      validate: (m, text) => groupAge(m) && CAPITALISED_WORD_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index)),
    },
    {
      regex: /(?:he|she|i)\s+(?:was|is|am|'m|’m|turned|turns)\s+(\d{2})(?=[\s.,;!?)]|$)/dgi,
      group: 1,
      wordStart: true,
      score: 0.6,
      explanation: "stated age",
      validate: (m, text) => groupAge(m) && notQuantity(m, text),
    },
    {
      regex: /\s?\((\d{2})\)/dg,
      group: 1,
      score: 0.6,
      explanation: "age in brackets after a name",
      // 리모(26) right after Hangul, or "Mr. Ri (26)" after a capitalised word and a space; never f(16) in code.
      validate: (m, text) =>
        groupAge(m) &&
        (m[0].startsWith("(")
          ? isHangulCode(codeAt(text, m.index - 1))
          : CAPITALISED_WORD_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index))),
    },
    {
      regex: /(\d{1,2})\s*(?:살|세)/dg,
      group: 1,
      score: 0.8,
      explanation: "age (Korean)",
      validate: (m, text) => noDigitBefore(m, text) && noLetterAfter(m, text),
    },
    {
      regex: /(\d{1,2})\s*(?:лет|года|год|рік|роки|років)/gi,
      score: 0.65,
      explanation: "age (Russian/Ukrainian)",
      validate: (m, text) => groupAge(m) && noDigitBefore(m, text) && noLetterAfter(m, text),
    },
    {
      regex: /(\d{1,2})\s*-?\s*(?:летн|річн)[а-яёіїє]*/gi,
      score: 0.8,
      explanation: "age (Russian/Ukrainian adjective)",
      validate: (m, text) => groupAge(m) && noDigitBefore(m, text),
    },
    {
      regex: /(?:열|스물|서른|마흔|쉰|예순)(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉)?\s*살/g,
      score: 0.8,
      explanation: "age in Korean number words",
    },
    {
      regex: new RegExp(AGE_WORDS_PATTERN, "gi"),
      wordStart: true,
      score: 0.2,
      explanation: "age in words next to an age question",
      validate: (m, text) => noLetterAfter(m, text) && notQuantity(m, text),
    },
    {
      regex: /[1-7]\d/g,
      score: 0.15,
      explanation: "number next to an age question",
      validate: (m, text) => {
        const prev = codeAt(text, m.index - 1);
        if (isLetterCode(prev) || isDigitCode(prev) || BARE_NUMBER_BEFORE.test(String.fromCharCode(prev))) return false;
        return !BARE_NUMBER_AFTER.test(text.slice(m.index + 2, m.index + 6)) && notQuantity(m, text);
      },
    },
  ],
});
