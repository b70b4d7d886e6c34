/**
 * A Korean surname on its own ("Kang", "Ри", "Ли"): weak evidence, flagged only when a context word (name,
 * spelling, prisoner, soldier, mother…) is near. Spellings that are also English or Russian words ("Song", "So",
 * "О", "Со") and single letters are never flagged alone.
 */
import { AMBIGUOUS_CYRILLIC, AMBIGUOUS_LATIN, cyrillicSurname, latinSurname } from "../data/surnames";
import { defineRecognizer } from "../recognizer";
import { isCapitalized } from "../text/tokens";
import type { RawFinding } from "../types";

const WITH_AGE = /^(?:\s?\(\d{2}\)|,\s*\d{2}(?:,|\s|$))/;

export const bareSurnameRecognizer = defineRecognizer({
  name: "korean-surname-alone",
  categories: ["name"],
  context: [
    "name",
    "surname",
    "spelling",
    "spelled",
    "spelt",
    "romani",
    "written",
    "writes",
    "wrote",
    "prisoner",
    "soldier",
    "pow",
    "defector",
    "broker",
    "mr",
    "mrs",
    "private",
    "comrade",
    "brother",
    "sister",
    "mother",
    "father",
    "wife",
    "husband",
    "daughter",
    "uncle",
    "aunt",
    "фамили",
    "прізвищ",
    "ім'я",
    "имя",
    "рядов",
    "солдат",
    "полонен",
    "пленн",
    "пан",
    "said",
    "says",
    "told",
    "asked",
    "сказал",
    "сказав",
  ],
  analyze({ text, tokens }) {
    const out: RawFinding[] = [];
    for (const t of tokens()) {
      if (t.text.length < 2 || !isCapitalized(t.text)) continue;
      const lower = t.text.toLowerCase();
      const known =
        t.script === "latin"
          ? latinSurname(t.text) && !AMBIGUOUS_LATIN.has(lower)
          : t.script === "cyrillic"
            ? cyrillicSurname(t.text) && !AMBIGUOUS_CYRILLIC.has(lower)
            : false;
      if (!known) continue;
      // "Kim (26)", "Kang, 21," — the Korean press convention of surname + age still identifies.
      if (WITH_AGE.test(text.slice(t.end, t.end + 8))) {
        out.push({ start: t.start, end: t.end, category: "name", score: 0.6, explanation: "Korean surname with an age" });
      } else out.push({ start: t.start, end: t.end, category: "name", score: 0.25, explanation: "Korean surname alone" });
    }
    return out;
  },
});
