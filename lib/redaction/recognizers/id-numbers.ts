/**
 * Serial, POW and document numbers: "№ 7731-0045", "serial no. 12345", "POW ID 0042-17", passport-like codes.
 */
import { patternRecognizer } from "../recognizer";
import { atWordEnd } from "../text/chars";

const digits = (s: string) => s.replace(/\D/g, "").length;
const LABELS =
  "serial|s/n|ID|passport|document|card|badge|dog tag|POW|prisoner|service|registration|номер|паспорт[а-яіїє]*|жетон[а-яіїє]*|посвідчення|удостоверени[а-яё]*|번호|군번|여권|증명서";

export const idNumberRecognizer = patternRecognizer({
  name: "id_number",
  category: "id_number",
  context: [
    "passport",
    "serial",
    "id",
    "document",
    "card",
    "badge",
    "tag",
    "number",
    "паспорт",
    "номер",
    "жетон",
    "посвідчен",
    "удостоверен",
    "여권",
    "번호",
    "군번",
    "증명",
  ],
  patterns: [
    {
      regex: /№\s*[A-ZА-Я0-9][A-ZА-Я0-9\-/]{2,}/g,
      score: 0.75,
      explanation: "numbered document or object",
      validate: (m) => digits(m[0]) >= 3,
    },
    {
      regex: new RegExp(
        `(?:${LABELS})\\s*(?:number|no\\.?|#|num\\.?|№)?\\s*[:#]?\\s*([A-ZА-Я]{0,3}[-\\s]?\\d[\\d\\-/]{3,}[A-Z]?)(?!\\d)`,
        "gd",
      ),
      group: 1,
      wordStart: true,
      score: 0.7,
      explanation: "serial or document number",
      validate: (m) => digits(m[1] ?? "") >= 4,
    },
    {
      regex: /[A-Z]{1,2}\d{6,9}/g,
      wordStart: true,
      score: 0.4,
      explanation: "passport-like code",
      validate: (m, text) => atWordEnd(text, m.index + m[0].length),
    },
  ],
});
