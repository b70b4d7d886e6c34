/**
 * Military units and designations: numbered units ("Unit 10861", "My unit was 10433", в/ч 10861, 군부대 10861),
 * ordinal formations ("11th Army Corps", 11-й корпус, 11군단) and named formations (Storm Corps, 폭풍군단,
 * Reconnaissance General Bureau, 정찰총국, Special Operations Forces).
 */
import { patternRecognizer } from "../recognizer";
import { atWordEnd, isDigitCode } from "../text/chars";

const FORMATION = "Corps|Division|Brigade|Regiment|Battalion|Company|Platoon|Army|Detachment|Squad";
const ARM =
  "Army|Infantry|Mechani[sz]ed|Special|Airborne|Sniper|Light Infantry|Artillery|Guards|Marine|Storm|Assault|Reconnaissance|Motori[sz]ed|Motor Rifle|Special Operations|Tank|Engineer";
const CYR = "[а-яёіїєґ]";
const endsWord = (m: RegExpExecArray, text: string) => atWordEnd(text, m.index + m[0].length);
const noDigitBefore = (m: RegExpExecArray, text: string) => m.index === 0 || !isDigitCode(text.charCodeAt(m.index - 1));

export const unitRecognizer = patternRecognizer({
  name: "unit",
  category: "unit",
  context: [
    "unit",
    "served",
    "serve",
    "corps",
    "brigade",
    "regiment",
    "army",
    "military",
    "deployed",
    "부대",
    "복무",
    "군단",
    "част",
    "служ",
  ],
  patterns: [
    {
      regex: new RegExp(`(?:Military\\s+)?(?:Unit|unit|UNIT|${FORMATION})\\s*(?:No\\.?|number|#|№)?\\s*\\d{3,6}(?!\\d)`, "g"),
      wordStart: true,
      score: 0.85,
      explanation: "numbered military unit",
    },
    {
      regex: /unit\s+(?:was|is|number|no\.?|:|—|-)?\s*(\d{3,6})(?!\d)/dgi,
      group: 1,
      wordStart: true,
      score: 0.75,
      explanation: "numbered military unit",
    },
    {
      regex: new RegExp(`\\d{1,3}(?:st|nd|rd|th)\\s+(?:(?:${ARM})\\s+){0,2}(?:${FORMATION})`, "g"),
      wordStart: true,
      score: 0.8,
      explanation: "military formation",
      validate: endsWord,
    },
    { regex: /(?:в\/ч|в\.ч\.|ВЧ)\s*(?:№\s*)?\d{3,6}(?!\d)/gi, wordStart: true, score: 0.9, explanation: "military unit (в/ч)" },
    {
      regex: new RegExp(`(?:войсков|військов)${CYR}*\\s+част${CYR}*\\s*(?:№\\s*)?\\d{3,6}(?!\\d)`, "gi"),
      wordStart: true,
      score: 0.9,
      explanation: "military unit number",
    },
    {
      regex: new RegExp(
        `\\d{1,3}\\s*-?\\s*(?:й|я|го|та|а|ї)\\s+(?:${CYR}+\\s+)?(?:корпус|бригад|дивизи|дивізі|полк|батальон)${CYR}*`,
        "gi",
      ),
      score: 0.8,
      explanation: "military formation",
      validate: noDigitBefore,
    },
    {
      regex: /\d{3,6}\s*(?:군부대|부대)|(?:군부대|부대)\s*(?:번호\s*)?\d{3,6}(?!\d)/g,
      score: 0.85,
      explanation: "numbered military unit (Korean)",
      validate: noDigitBefore,
    },
    {
      regex: /(?:제\s*)?\d{1,4}\s*(?:군단|사단|여단|연대|대대|중대|소대)/g,
      score: 0.8,
      explanation: "military formation (Korean)",
      validate: noDigitBefore,
    },
    {
      regex:
        /Storm Corps?|Reconnaissance General Bureau|Special Operations Forces|Special Forces Command|Light Infantry Training Guidance Bureau/gi,
      wordStart: true,
      score: 0.75,
      explanation: "named military formation",
      validate: endsWord,
    },
    {
      regex: new RegExp(
        `폭풍군단|정찰총국|특수작전군|경보병|저격여단|штурмов${CYR}*\\s+корпус${CYR}*|корпус${CYR}*\\s+[«"]Буря[»"]|Розвідувальн${CYR}*\\s+генеральн${CYR}*\\s+бюро`,
        "gi",
      ),
      score: 0.75,
      explanation: "named military formation",
    },
  ],
});
