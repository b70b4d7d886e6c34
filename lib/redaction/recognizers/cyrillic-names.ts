/**
 * Korean names in Cyrillic (Russian and Ukrainian media): a surname from the table (Ким/Кім, Ли/Лі, Пак, Чхве,
 * Цой…) followed by one or two capitalised given-name syllables, written separately ("Чан Се Юль", "Кім Йонґ Мі")
 * or joined. Surnames that are also common words (О, Со, Им, Ан) need two syllables after them.
 */
import { AMBIGUOUS_CYRILLIC, cyrillicSurname } from "../data/surnames";
import { syllableCount } from "../phonetic";
import { defineRecognizer } from "../recognizer";
import { isCapitalized, isNameJoiner } from "../text/tokens";
import type { RawFinding, Token } from "../types";

const isCyrillicCap = (t: Token | undefined): t is Token =>
  t !== undefined && t.script === "cyrillic" && isCapitalized(t.text) && t.text.length <= 8;

export const cyrillicNameRecognizer = defineRecognizer({
  name: "korean-name-cyrillic",
  categories: ["name"],
  context: [
    "рядов",
    "солдат",
    "полонен",
    "військовополонен",
    "пленн",
    "военнопленн",
    "пан",
    "ім'я",
    "имя",
    "прізвищ",
    "фамили",
    "звали",
    "зовут",
    "name",
  ],
  analyze({ text, tokens }) {
    const list = tokens();
    const out: RawFinding[] = [];
    for (let i = 0; i < list.length - 1; i++) {
      const t = list[i]!;
      if (!isCyrillicCap(t) || !cyrillicSurname(t.text)) continue;
      const ambiguous = AMBIGUOUS_CYRILLIC.has(t.text.toLowerCase());
      const a = list[i + 1];
      if (!isCyrillicCap(a) || !isNameJoiner(text.slice(t.end, a.start))) continue;
      const aSyl = syllableCount(a.text);
      if (aSyl === 0 || aSyl > 2) continue;
      const b = list[i + 2];
      const bOk = aSyl === 1 && isCyrillicCap(b) && isNameJoiner(text.slice(a.end, b.start)) && syllableCount(b.text) === 1;
      if (bOk) {
        out.push({
          start: t.start,
          end: b.end,
          category: "name",
          score: 0.85,
          explanation: "Korean name in Cyrillic: surname + given-name syllables",
        });
      } else if (!ambiguous) {
        out.push({
          start: t.start,
          end: a.end,
          category: "name",
          score: aSyl === 2 ? 0.75 : 0.6,
          explanation: "Korean name in Cyrillic: surname + given name",
        });
      }
    }
    return out;
  },
});
