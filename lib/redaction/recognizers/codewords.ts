/**
 * Codewords, passwords and the brokers they are used with: quoted text right after "codeword", "password",
 * 암호, пароль… ("uses a codeword with her parents ("bamboo basket" / "대바구니")"), "the codeword is baechu",
 * and quoted names right after "broker".
 */
import { defineRecognizer, findWords } from "../recognizer";
import type { Category, RawFinding } from "../types";

const CYR = "[а-яёіїєґ]";
const TRIGGER = new RegExp(
  `code ?words?|code-words?|pass ?words?|passphrases?|code phrases?|secret words?|signal words?|암호말|암구호|비밀번호|암호|парол${CYR}*|кодов${CYR}*\\s+слов${CYR}*|условн${CYR}*\\s+слов${CYR}*|(?<broker>brokers?|посредник${CYR}*|посередник${CYR}*|брокер${CYR}*|브로커)`,
  "gi",
);
const BROKER_WORD = /broker|посредник|посередник|брокер|브로커/i;
const QUOTED = /["“«'‘](?<q>[^"”»'’\n]{1,40})["”»'’]/gu;
const UNQUOTED = /^\s+(?:is|was|:)\s+(?<w>[\p{L}-]{3,24})(?![\p{L}])/u;
const WINDOW = 90;

export const codewordRecognizer = defineRecognizer({
  name: "codeword",
  categories: ["codeword", "broker"],
  analyze({ text }) {
    const out: RawFinding[] = [];
    findWords(
      text,
      TRIGGER,
      (triggerStart, from) => {
        const broker = BROKER_WORD.test(text.slice(triggerStart, from));
        const category: Category = broker ? "broker" : "codeword";
        const windowText = text.slice(from, Math.min(text.length, from + (broker ? 30 : WINDOW)));
        // A codeword's scope ends with the sentence (not at "Mr."); a broker's 30-character window is short anyway.
        const sentenceEnd = broker ? -1 : windowText.search(/(?<!\b(?:Mr|Mrs|Ms|Dr|St))[.!?](?:\s|$)|\n\n/);
        const scope = sentenceEnd >= 0 ? windowText.slice(0, sentenceEnd + 1) : windowText;
        let found = 0;
        let previousEnd = -1;
        QUOTED.lastIndex = 0;
        for (let q = QUOTED.exec(scope); q !== null && found < 3; q = QUOTED.exec(scope)) {
          // Further quotes count only when listed with the first ("bamboo basket" / "대바구니").
          if (previousEnd >= 0 && !/^\s*(?:\/|,|or|або|или|또는)?\s*$/.test(scope.slice(previousEnd, q.index))) break;
          previousEnd = q.index + q[0].length;
          const start = from + q.index + 1;
          out.push({
            start,
            end: start + (q.groups?.q ?? "").length,
            category,
            score: 0.7,
            explanation: broker ? "quoted name of a broker" : "codeword or password",
          });
          found++;
          if (broker) break;
        }
        if (found === 0 && !broker) {
          const u = UNQUOTED.exec(scope);
          if (u?.groups?.w) {
            const start = from + u[0].length - u.groups.w.length;
            out.push({ start, end: start + u.groups.w.length, category, score: 0.6, explanation: "codeword or password" });
          }
        }
      },
      { prefix: () => true },
    );
    return out;
  },
});
