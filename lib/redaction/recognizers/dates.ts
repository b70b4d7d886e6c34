/**
 * Dates that can be a birth, capture, conscription, escape or contact date: full dates in English, Korean,
 * Russian and Ukrainian, ISO and numeric dates, day + month, month + year, "born 1999", "1999 г.р.", 2003년생.
 * A year on its own is weak and only counts next to an event word (born, fled, captured, 입대…); "since 2024"
 * is a period, not an event date, and never counts.
 */
import { MONTHS_CYR, MONTHS_EN } from "../data/lexicon";
import { alternation, patternRecognizer } from "../recognizer";

const MONTH = `(?:${alternation(MONTHS_EN)})\\.?`;
const MONTH_CYR = `(?:${alternation(MONTHS_CYR)})`;
const DAY = String.raw`(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?`;
const YEAR = String.raw`(?:19|20)\d{2}`;
const NB = String.raw`(?<![\p{L}\p{N}])`;
const NA = String.raw`(?![\p{L}\p{N}])`;

const withYear = (m: RegExpExecArray) => (/(?:19|20)\d{2}/.test(m[0]) ? 0.85 : 0.65);
const PERIOD_BEFORE =
  /(?<![\p{L}])(?:since|until|till|from|by|before|after|between|до|після|после|с|з|부터|이후|이래)\s*(?:the\s+)?(?:year\s+)?$/iu;

export const dateRecognizer = patternRecognizer({
  name: "date",
  category: "date",
  context: [
    "born",
    "birth",
    "dob",
    "b.",
    "fled",
    "flee",
    "escap",
    "defect",
    "crossed",
    "captur",
    "taken prisoner",
    "conscript",
    "enlist",
    "drafted",
    "joined the",
    "arrest",
    "repatriat",
    "left north",
    "left the north",
    "arrived",
    "wounded",
    "입대",
    "탈북",
    "출생",
    "태어",
    "생이",
    "년생",
    "입국",
    "제대",
    "포로",
    "체포",
    "귀순",
    "도강",
    "народ",
    "рожд",
    "полон",
    "плен",
    "втік",
    "втекл",
    "бежал",
    "призва",
    "призов",
  ],
  patterns: [
    {
      regex: new RegExp(`${NB}${DAY}[ \\t\\u00a0]+(?:of[ \\t]+)?${MONTH}(?:,?[ \\t\\u00a0]+${YEAR})?${NA}`, "gu"),
      score: 0.65,
      explanation: "calendar date",
      validate: withYear,
    },
    {
      regex: new RegExp(`${NB}${MONTH}[ \\t\\u00a0]+${DAY}(?:,?[ \\t\\u00a0]+${YEAR})?${NA}`, "gu"),
      score: 0.65,
      explanation: "calendar date",
      validate: withYear,
    },
    { regex: new RegExp(`${NB}${MONTH}[ \\t\\u00a0]+${YEAR}${NA}`, "gu"), score: 0.6, explanation: "month and year" },
    { regex: new RegExp(`${NB}${YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])${NA}`, "gu"), score: 0.8, explanation: "ISO date" },
    {
      regex: new RegExp(`${NB}(?:0?[1-9]|[12]\\d|3[01])[./](?:0?[1-9]|1[0-2])[./]${YEAR}${NA}`, "gu"),
      score: 0.75,
      explanation: "numeric date",
    },
    {
      regex: new RegExp(`${NB}${YEAR}[./](?:0?[1-9]|1[0-2])[./](?:0?[1-9]|[12]\\d|3[01])${NA}`, "gu"),
      score: 0.75,
      explanation: "numeric date",
    },
    {
      regex: new RegExp(`${NB}${YEAR}\\s*년\\s*\\d{1,2}\\s*월(?:\\s*\\d{1,2}\\s*일)?`, "gu"),
      score: 0.6,
      explanation: "Korean date",
      validate: (m) => (m[0].includes("일") ? 0.85 : 0.6),
    },
    { regex: /(?<![\p{N}])\d{1,2}\s*월\s*\d{1,2}\s*일/gu, score: 0.6, explanation: "Korean day and month" },
    { regex: new RegExp(`${NB}${YEAR}\\s*년\\s*(?:생|출생)`, "gu"), score: 0.85, explanation: "Korean birth year" },
    {
      regex: new RegExp(`${NB}${DAY}[ \\t\\u00a0]+${MONTH_CYR}(?:\\s+${YEAR})?${NA}`, "giu"),
      score: 0.65,
      explanation: "calendar date",
      validate: withYear,
    },
    {
      regex: new RegExp(`${NB}${YEAR}\\s*(?:г\\.?\\s*р\\.|р\\.?\\s*н\\.|года рождения|року народження|г\\.\\s*рожд)`, "giu"),
      score: 0.85,
      explanation: "birth year",
    },
    { regex: new RegExp(`(?<=(?:born|b\\.|birth year|DOB)[:\\s]+(?:in\\s+)?)${YEAR}${NA}`, "giu"), score: 0.85, explanation: "birth year" },
    {
      // A year alone: weak; the context boost (born, fled, captured, 입대…) lifts it over the threshold.
      regex: new RegExp(`(?<![\\p{L}\\p{N}.,:/\\-–])(?:19[5-9]\\d|20[0-4]\\d)(?:\\s*년)?(?![\\p{N}]|[a-zA-Z]|[.,:/\\-–]\\d|\\s*%)`, "gu"),
      score: 0.2,
      explanation: "year next to an event word",
      validate: (m, text) => !PERIOD_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index)),
    },
  ],
});
