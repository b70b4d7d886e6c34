/**
 * Korean names in Hangul (and Hanja): a surname syllable from the table followed by a one- or two-syllable given
 * name, with particles stripped (김혜련은 → 김혜련). Three-syllable words that start with a surname syllable but are
 * common words (최근에, 이야기) are excluded; surnames that also start common words (이, 정, 한…) need context.
 * Also a surname or name with a title (유 사장, 마 선생, 혜련 씨), the press anonymiser 리모(26), and speaker labels.
 */
import { KOREAN_NON_NAME_STEMS, KOREAN_TITLES } from "../data/lexicon";
import { AMBIGUOUS_HANGUL, hangulSurname } from "../data/surnames";
import { defineRecognizer } from "../recognizer";
import { particleReadings } from "../text/hangul";
import type { RawFinding, Token } from "../types";

const TITLES = new Set(KOREAN_TITLES);
const TITLE_ATTACHED = new RegExp(`^(?:${[...KOREAN_TITLES].sort((a, b) => b.length - a.length).join("|")})`);

/** The name part of a Hangul word, when it reads as surname + given name. */
function nameStem(word: string): { stem: string; ambiguous: boolean } | null {
  const readings = particleReadings(word, 2);
  // 채널에 reads as 채널 + 에, not as a three-syllable name: the whole word is a candidate only without a particle.
  const candidates = readings.length > 1 ? readings.slice(0, -1) : readings;
  for (const stem of candidates) {
    const twoSyllableSurname = stem.length === 4 && hangulSurname(stem.slice(0, 2));
    if (stem.length !== 3 && !twoSyllableSurname) continue;
    if (!twoSyllableSurname && !hangulSurname(stem.charAt(0))) continue;
    if (KOREAN_NON_NAME_STEMS.has(stem.slice(0, 2)) || KOREAN_NON_NAME_STEMS.has(stem)) return null;
    return { stem, ambiguous: !twoSyllableSurname && AMBIGUOUS_HANGUL.has(stem.charAt(0)) };
  }
  return null;
}

/** End of a title written as the next word (유 사장을 → end of 사장), or -1. */
function titleAfter(text: string, tokens: readonly Token[], t: Token): number {
  const next = tokens[t.index + 1];
  if (next && next.script === "hangul" && /^ ?$/.test(text.slice(t.end, next.start))) {
    const title = particleReadings(next.text, 1).find((r) => TITLES.has(r));
    if (title) return next.start + title.length;
  }
  return -1;
}

/** Determiners and common nouns that also precede titles (우리 선생님, 북한 병사). */
const NOT_A_NAME = new Set("우리 저희 모든 다른 어느 무슨 여러 그런 이런 저런 한국 북한 조선 중국 러시아 젊은 어린 나이든".split(" "));

const SPEAKER = /^[ \t]*[:：]/;

export const hangulNameRecognizer = defineRecognizer({
  name: "korean-name-hangul",
  categories: ["name"],
  // No context words: a title counts only right after the name (handled above), not anywhere nearby.
  analyze({ text, tokens }) {
    const list = tokens();
    const out: RawFinding[] = [];
    for (const t of list) {
      if (t.script === "han") {
        if (t.text.length >= 2 && t.text.length <= 3 && hangulSurname(t.text.charAt(0))) {
          out.push({ start: t.start, end: t.end, category: "name", score: 0.5, explanation: "name in Hanja" });
        }
        continue;
      }
      if (t.script !== "hangul") continue;
      const titleEnd = titleAfter(text, list, t);
      const titled = titleEnd > 0;
      // 유 사장, 마 선생: a lone surname syllable before a title.
      if (t.text.length === 1 && hangulSurname(t.text) && titled) {
        out.push({ start: t.start, end: titleEnd, category: "name", score: 0.7, explanation: "Korean surname with a title" });
        continue;
      }
      // 김씨, 마선생님: surname with an attached title.
      if (
        t.text.length >= 2 &&
        hangulSurname(t.text.charAt(0)) &&
        TITLE_ATTACHED.test(t.text.slice(1)) &&
        !KOREAN_NON_NAME_STEMS.has(t.text.slice(0, 2))
      ) {
        out.push({ start: t.start, end: t.end, category: "name", score: 0.6, explanation: "Korean surname with a title" });
        continue;
      }
      // 김: … — a transcript speaker label that is a surname.
      if (
        t.text.length === 1 &&
        hangulSurname(t.text) &&
        SPEAKER.test(text.slice(t.end, t.end + 2)) &&
        (t.start === 0 || text.charAt(t.start - 1) === "\n")
      ) {
        out.push({ start: t.start, end: t.end, category: "name", score: 0.6, explanation: "surname as a speaker label" });
        continue;
      }
      // 리모(26): the press anonymiser still leaks surname and age.
      if (
        t.text.length === 2 &&
        t.text.charAt(1) === "모" &&
        hangulSurname(t.text.charAt(0)) &&
        /^\s?\(\d{2}\)/.test(text.slice(t.end, t.end + 6))
      ) {
        out.push({ start: t.start, end: t.end, category: "name", score: 0.8, explanation: "surname + 모 anonymiser" });
        continue;
      }
      const name = nameStem(t.text);
      if (name) {
        const speaker = SPEAKER.test(text.slice(t.start + name.stem.length, t.start + name.stem.length + 3));
        const score = titled || speaker ? 0.75 : name.ambiguous ? 0.35 : 0.65;
        out.push({
          start: t.start,
          end: t.start + name.stem.length,
          category: "name",
          score,
          explanation: "Korean name in Hangul: surname + given name",
        });
      } else if (
        titled &&
        t.text.length >= 2 &&
        t.text.length <= 3 &&
        !NOT_A_NAME.has(t.text) &&
        !KOREAN_NON_NAME_STEMS.has(t.text.slice(0, 2))
      ) {
        out.push({ start: t.start, end: t.end, category: "name", score: 0.6, explanation: "Korean given name with a title" });
      }
    }
    return out;
  },
});
