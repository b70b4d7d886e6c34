/**
 * Names recognised by what surrounds them rather than by what they are:
 * - a title or rank before a name (Mr. Ma, Granny Cho, Mrs. Lim, Private Kim, пан Кім, рядовий Пак);
 * - a quoted name after a naming phrase (call sign "Lastivka", gave his name as "Kang", camera owner
 *   "D. Kovalenko", a card with the name «…», name tag read "…"), in any script, Korean or not;
 * - a quoted bare Korean surname («Ли», "Kang");
 * - a nickname after "friends call me", "nicknamed", "known as".
 * Near the word "broker" the finding is a broker.
 */
import { CYRILLIC_TITLES, ENGLISH_STOPWORDS, TITLES_BEFORE_NAME } from "../data/lexicon";
import { cyrillicSurname, latinSurname } from "../data/surnames";
import { syllableCount } from "../phonetic";
import { defineRecognizer, findWords, keywordRegex } from "../recognizer";
import type { Category, RawFinding } from "../types";

const NAME_WORD = String.raw`\p{Lu}[\p{Ll}\p{M}'’]*(?:-\p{L}[\p{Ll}\p{M}]*)?`;
const CIVIL_TITLES = new Set(
  "mr mrs ms miss mx dr madam mme granny grandma grandpa grandmother grandfather auntie aunt uncle comrade".split(" "),
);
const CYR = "[а-яёіїєґ]";

// Each rule: a fast trigger (keyword regex without the `u` flag), then a sticky Unicode regex at the trigger's end.
const TITLE = keywordRegex(TITLES_BEFORE_NAME, false);
const AFTER_TITLE = new RegExp(String.raw`\.?[ \t]+(?<name>${NAME_WORD}(?:[ \t]+${NAME_WORD})?)`, "ydu");
const TITLE_CYRILLIC = keywordRegex(CYRILLIC_TITLES);
const AFTER_TITLE_CYRILLIC = /[ \t]+(?<name>\p{Lu}\p{Ll}+)/duy;
const NAMING = new RegExp(
  `name[ds]?|call(?:ed|s)?(?:\\s+(?:him|her|me|them))?|call[- ]?sign|callsign|nicknamed?|known as|alias|code ?name|owner|signed(?: by)?|tag reads?|addressed to|позывн${CYR}*|позивн${CYR}*|прозвищ${CYR}*|кличк${CYR}*|по имени|на ім['’]я|с именем|з ім['’]ям|именем|ім['’]ям|звали|зовут|звуть|кличут|называли|називали|별명|이름|호출부호`,
  "gi",
);
const QUOTE_AFTER_NAMING = /[^"“«'‘\n]{0,24}?["“«'‘](?<name>[^"”»'’\n]{1,40})["”»'’]/dy;
const OPEN_QUOTE = /["“«'‘]/g;
const QUOTED_SURNAME = /(?<name>\p{Lu}\p{Ll}{0,5})(?=["”»'’,])/uy;
const NICKNAME_TRIGGER =
  /(?:friends|everyone|everybody|they|people)\s+(?:say|call(?:ed)?(?:\s+(?:me|him|her))?)|called\s+(?:me|him|her)|nicknamed|known\s+as/gi;
const AFTER_NICKNAME = /\s+(?<name>\p{Lu}\p{Ll}{2,20})(?![\p{L}])/duy;
const BROKER_NEAR = /(?:broker|посредник|посередник|брокер|브로커)[^\n]{0,30}$/i;

/** Runs `sticky` right after each word-bounded trigger match and reports the `name` group. */
function afterTrigger(
  text: string,
  trigger: RegExp,
  sticky: RegExp,
  onName: (start: number, end: number, name: string, trigger: string) => void,
): void {
  findWords(
    text,
    trigger,
    (start, end) => {
      sticky.lastIndex = end;
      const m = sticky.exec(text);
      const span = m?.indices?.groups?.name;
      if (!m || !span) return;
      onName(span[0], span[1], text.slice(span[0], span[1]), text.slice(start, end));
    },
    { prefix: () => true },
  );
}

/** 1–3 words, each capitalised (initials allowed), no digits; or 2–4 Hangul syllables. */
function looksLikeName(s: string): boolean {
  const v = s.trim();
  if (/^[\uac00-\ud7a3]{2,4}$/.test(v)) return true;
  const words = v.split(/\s+/);
  if (words.length > 3 || /\d/.test(v)) return false;
  if (words.some((w) => ENGLISH_STOPWORDS.has(w.toLowerCase()) && !latinSurname(w))) return false;
  return words.every((w) => /^(?:\p{Lu}\.|\p{Lu}[\p{Ll}\p{M}'’-]+)$/u.test(w));
}

const isKoreanSurname = (w: string) => Boolean(latinSurname(w) ?? cyrillicSurname(w));

export const titledNameRecognizer = defineRecognizer({
  name: "name-in-context",
  categories: ["name", "broker"],
  context: ["name", "broker", "prisoner", "soldier"],
  analyze({ text }) {
    const out: RawFinding[] = [];
    const push = (start: number, end: number, score: number, explanation: string) => {
      const category: Category = BROKER_NEAR.test(text.slice(Math.max(0, start - 40), start)) ? "broker" : "name";
      out.push({ start, end, category, score, explanation });
    };

    const titled = (start: number, _end: number, name: string, title: string) => {
      const words = name.split(/[ \t]+/);
      const first = words[0] ?? "";
      // Keep a second word only when it looks like a given name (Korean syllables, not an English word).
      const second = words[1];
      const keepSecond = second !== undefined && syllableCount(second) > 0 && !ENGLISH_STOPWORDS.has(second.toLowerCase());
      const end = keepSecond ? start + name.length : start + first.length;
      const t = title.toLowerCase();
      if (isKoreanSurname(first)) push(start, end, 0.75, "Korean surname after a title or rank");
      else if ((CIVIL_TITLES.has(t) || t === "пан" || t === "пані") && !ENGLISH_STOPWORDS.has(first.toLowerCase())) {
        push(start, start + first.length, 0.6, "name after a title");
      }
    };
    afterTrigger(text, TITLE, AFTER_TITLE, titled);
    afterTrigger(text, TITLE_CYRILLIC, AFTER_TITLE_CYRILLIC, titled);

    afterTrigger(text, NAMING, QUOTE_AFTER_NAMING, (start, end, name) => {
      if (looksLikeName(name)) push(start, end, 0.7, "quoted name after a naming phrase");
    });

    OPEN_QUOTE.lastIndex = 0;
    for (let q = OPEN_QUOTE.exec(text); q !== null; q = OPEN_QUOTE.exec(text)) {
      QUOTED_SURNAME.lastIndex = q.index + 1;
      const m = QUOTED_SURNAME.exec(text);
      const name = m?.groups?.name;
      if (m && name && isKoreanSurname(name)) push(m.index, m.index + name.length, 0.6, "quoted Korean surname");
    }

    afterTrigger(text, NICKNAME_TRIGGER, AFTER_NICKNAME, (start, end, name) => {
      if (!ENGLISH_STOPWORDS.has(name.toLowerCase())) push(start, end, 0.6, "nickname");
    });
    return out;
  },
});
