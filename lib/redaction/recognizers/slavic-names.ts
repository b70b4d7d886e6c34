/**
 * Ukrainian and Russian names of private people named in passing (fixers, medics, guards, translators): a common
 * first name followed by a capitalised surname with a Slavic surname suffix (-enko, -chuk, -ov/-ova, -sky…), or an
 * initial with such a surname ("D. Kovalenko"). Latin and Cyrillic. Public figures are on the allow list.
 */
import { SLAVIC_FIRST_NAMES } from "../data/lexicon";
import { defineRecognizer } from "../recognizer";
import { isCapitalized } from "../text/tokens";
import type { RawFinding } from "../types";

const SLAVIC_SURNAME =
  /(?:enko|ienko|chenko|chuk|czuk|iuk|yuk|uk|ak|ko|ov|ova|ev|eva|yov|yova|in|ina|yn|yna|sky|skyi|skiy|ska|skaya|ych|ich|ovych|ovich|evych|evich|nyk|nik|yak|iak|ets|yshyn|ишин|енко|ченко|чук|юк|ук|ко|ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ський|ская|ська|ич|ович|евич|ович|ник|як|ець)$/i;
const INITIAL = /^\p{Lu}$/u;

export const slavicNameRecognizer = defineRecognizer({
  name: "slavic-name",
  categories: ["name"],
  context: [
    "fixer",
    "medic",
    "driver",
    "translator",
    "interpreter",
    "guard",
    "officer",
    "photographer",
    "owner",
    "фиксер",
    "медик",
    "водій",
    "водитель",
    "перекладач",
    "переводчик",
  ],
  analyze({ text, tokens }) {
    const list = tokens();
    const out: RawFinding[] = [];
    for (let i = 0; i < list.length - 1; i++) {
      const first = list[i]!;
      if ((first.script !== "latin" && first.script !== "cyrillic") || !isCapitalized(first.text)) continue;
      const surname = list[i + 1]!;
      if (surname.script !== first.script || !isCapitalized(surname.text) || surname.text.length < 4) continue;
      const gap = text.slice(first.end, surname.start);
      if (!SLAVIC_SURNAME.test(surname.text)) continue;
      if (SLAVIC_FIRST_NAMES.has(first.text.toLowerCase()) && /^[ \t\u00a0]+$/.test(gap)) {
        out.push({
          start: first.start,
          end: surname.end,
          category: "name",
          score: 0.7,
          explanation: "Ukrainian or Russian first name and surname",
        });
      } else if (INITIAL.test(first.text) && /^\.[ \t\u00a0]?$/.test(gap)) {
        out.push({ start: first.start, end: surname.end, category: "name", score: 0.55, explanation: "initial and Slavic surname" });
      }
    }
    return out;
  },
});
