/**
 * Source-aware variant generation: the spellings of a registered identifier that a journalist did not type.
 *
 * - From Hangul: Revised Romanization (rr), McCune–Reischauer with breves and apostrophes (mr) and without
 *   (mr-plain), the North Korean system (nk: syllables written separately), Russian and Ukrainian Cyrillic
 *   (Kontsevich), with consonant voicing between voiced sounds (Pak Tong Gu).
 * - For names: every spelling of the surname from the surname table, surname-first and given-first, given name
 *   hyphenated, spaced or joined, given name alone, upper case.
 * Matching does not depend on enumerating these: the scanner compares phonetic keys (phonetic.ts), which also
 * cover spellings no list contains. This module is for showing the journalist what will be searched, and for tests.
 */
import { hangulSurname, latinSurname, cyrillicSurname, type SurnameRow } from "./data/surnames";
import { decompose, isHangulSyllable } from "./text/hangul";
import { splitKoreanName } from "./identifier-plans";

export type Romanization = "rr" | "mr" | "mr-plain" | "nk";
export type Cyrillization = "ru" | "uk";
export type System = Romanization | Cyrillization;

type Table = { initial: string[]; voiced: string[]; medial: string[]; medialInitial?: string[]; final: string[] };

// Initial order: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
// Medial order: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
// Final order: – ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
const s = (x: string) => x.split(" ").map((v) => (v === "-" ? "" : v));
const MR_INITIAL = s("k kk n t tt r m p pp s ss - ch tch ch' k' t' p' h");
const MR_VOICED = s("g kk n d tt r m b pp s ss - j tch ch' k' t' p' h");
const MR_MEDIAL = s("a ae ya yae ŏ e yŏ ye o wa wae oe yo u wŏ we wi yu ŭ ŭi i");
const FINAL_LATIN = s("- k k k n n n t l k m l l l p l m p p t t ng t t k t p t");

const TABLES: Record<System, Table> = {
  rr: {
    initial: s("g kk n d tt r m b pp s ss - j jj ch k t p h"),
    voiced: s("g kk n d tt r m b pp s ss - j jj ch k t p h"),
    medial: s("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i"),
    final: FINAL_LATIN,
  },
  mr: { initial: MR_INITIAL, voiced: MR_VOICED, medial: MR_MEDIAL, final: FINAL_LATIN },
  "mr-plain": {
    initial: MR_INITIAL.map((x) => x.replace("'", "")),
    voiced: MR_VOICED.map((x) => x.replace("'", "")),
    medial: MR_MEDIAL.map((x) => x.replace("ŏ", "o").replace("ŭ", "u")),
    final: FINAL_LATIN,
  },
  nk: {
    initial: s("k kk n t tt r m p pp s ss - j jj ch kh th ph h"),
    voiced: s("g kk n d tt r m b pp s ss - j jj ch kh th ph h"),
    medial: s("a ae ya yae o e yo ye o wa wae oe yo u wo we wi yu u ui i"),
    final: FINAL_LATIN,
  },
  ru: {
    initial: s("к кк н т тт р м п пп с сс - ч чч чх кх тх пх х"),
    voiced: s("г кк н д тт р м б пп с сс - дж чч чх кх тх пх х"),
    medial: s("а э я я о е ё е о ва вэ ве ё у во ве ви ю ы ый и"),
    medialInitial: s("а э я я о э ё е о ва вэ ве ё у во ве ви ю ы ый и"),
    final: s("- к к к н н н т ль к м ль ль ль п ль м п п т т н т т к т п т"),
  },
  uk: {
    initial: s("к кк н т тт р м п пп с сс - ч чч чх кх тх пх х"),
    voiced: s("ґ кк н д тт р м б пп с сс - дж чч чх кх тх пх х"),
    medial: s("а е я я о е ьо е о ва ве ве ьо у во ве ві ю и ий і"),
    medialInitial: s("а е я я о е йо є о ва ве ве йо у во ве ві ю и ий і"),
    final: s("- к к к н н н т ль к м ль ль ль п ль м п п т т н т т к т п т"),
  },
};

const VOICED_FINALS = new Set([4, 5, 6, 8, 16, 21]); // ㄴ ㄵ ㄶ ㄹ ㅁ ㅇ

/** Transliterates Hangul syllables; `separate` writes each syllable as its own capitalised word (North Korean names). */
export function transliterate(hangul: string, system: System, separate = false): string {
  const t = TABLES[system];
  const parts: string[] = [];
  let prevVoiced = false;
  for (const ch of hangul) {
    const code = ch.charCodeAt(0);
    if (!isHangulSyllable(code)) {
      parts.push(ch);
      prevVoiced = false;
      continue;
    }
    const [i, m, f] = decompose(code);
    const first = parts.length === 0 || !prevVoiced;
    const onset = first ? t.initial[i]! : t.voiced[i]!;
    const vowel = (i === 11 && t.medialInitial ? t.medialInitial[m] : t.medial[m])!;
    // Cyrillic: ьо after a consonant only; a bare vowel syllable starts with й (Ukrainian) or the vowel letter.
    parts.push(onset + vowel + t.final[f]!);
    prevVoiced = f === 0 || VOICED_FINALS.has(f);
  }
  if (separate) return parts.map(capitalize).join(" ");
  return capitalize(parts.join(""));
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Romanized and Cyrillic spellings of a Hangul name, surname from the table's usual spelling. */
export function romanizeName(hangulName: string, system: System): string {
  const parts = splitKoreanName(hangulName);
  if (!parts) return transliterate(hangulName, system);
  const row = hangulSurname(parts.surname)?.[0];
  const surname = row ? conventionalSurname(row, system) : transliterate(parts.surname, system);
  const given =
    system === "nk" || system === "ru" || system === "uk" ? transliterate(parts.given, system, true) : transliterate(parts.given, system);
  return `${surname} ${given}`;
}

/** Surname as each system writes it: RR from the South Korean Hangul, MR and NK from the North Korean (리 → Ri). */
function conventionalSurname(row: SurnameRow, system: System): string {
  if (system === "ru") return row.cyrillic[0]!;
  if (system === "uk") return row.cyrillic.find((c) => /[іїєґ]/.test(c)) ?? row.cyrillic[0]!;
  const hangul = system === "rr" ? row.hangul[0]! : row.hangul[row.hangul.length - 1]!;
  return transliterate(hangul, system);
}

/** Every surname row a spelling belongs to (Lee → 이/리; Чон → 정 and 전). */
function rowsOf(surname: string): readonly SurnameRow[] {
  return latinSurname(surname) ?? cyrillicSurname(surname) ?? hangulSurname(surname) ?? [];
}

/** Given-name layouts: Kwang-hyok, Kwang Hyok, Kwanghyok (input split on hyphens or spaces). */
function givenLayouts(given: string): string[] {
  const syllables = given.split(/[\s\-‐‑]+/).filter(Boolean);
  if (syllables.length < 2) return [given];
  const [first, ...rest] = syllables;
  return [
    [first, ...rest.map((r) => r.toLowerCase())].join("-"),
    syllables.map(capitalize).join(" "),
    first + rest.map((r) => r.toLowerCase()).join(""),
  ];
}

/**
 * Spellings to show for a registered identifier. For a Korean name: surname variants × given layouts × order,
 * the given name alone, upper case, and — when the name was registered in Hangul — each romanization system and
 * Cyrillic. Capped at `limit` entries.
 */
export function nameVariants(value: string, limit = 80): string[] {
  const out = new Set<string>([value]);
  const parts = splitKoreanName(value);
  if (!parts) return [...out];
  const hangul = /^[\uac00-\ud7a3]+$/.test(parts.given);
  if (hangul) {
    for (const system of ["rr", "mr", "mr-plain", "nk", "ru", "uk"] as const) out.add(romanizeName(value, system));
    out.add(parts.given);
  }
  const givens = hangul
    ? (["rr", "mr", "mr-plain"] as const).flatMap((sys) => givenLayouts(syllabify(parts.given, sys)))
    : givenLayouts(parts.given);
  const surnames = [...new Set([parts.surname, ...rowsOf(parts.surname).flatMap((r) => r.latin)])];
  for (const g of givens) {
    out.add(g);
    for (const sn of surnames) {
      out.add(`${sn} ${g}`);
      out.add(`${g} ${sn}`);
    }
  }
  for (const v of [...out]) out.add(v.toUpperCase());
  return [...out].slice(0, limit);
}

function syllabify(hangul: string, system: Romanization): string {
  return transliterate(hangul, system, true).split(" ").join("-");
}
