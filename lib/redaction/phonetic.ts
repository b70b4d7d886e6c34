/**
 * A cross-script phonetic key for Korean words: Hangul, any Latin romanization (Revised Romanization,
 * McCune–Reischauer with or without breves and apostrophes, the North Korean system, common passport spellings)
 * and Cyrillic (Kontsevich, Russian and Ukrainian practice) all reduce to the same key when they spell the
 * same sounds. 최광혁, Ch'oe Kwang-hyŏk, Choe Gwang-hyeok (given name part) and Кван Хьок all give `KwaNHyoK`.
 *
 * The key keeps what all systems agree on and merges what they disagree on:
 * - consonants by place of articulation, not voicing or aspiration (k/g/kk/k' → K, ch/j/ts/ч/дж/ц → C);
 * - vowels in classes: ㅓ ㅗ ㅜ ㅡ → o (eo/ŏ/o/u/eu/ŭ/у/ы), ㅕ ㅛ ㅠ → yo, ㅐ ㅔ ㅒ ㅖ → e, ㅚ ㅙ ㅞ → we;
 * - ㄹ as r or l; final ㄴ and ㅇ both N (Kontsevich writes final ㅇ as -н);
 * - the initial sound rule: a leading ㄹ/ㄴ before i/y is dropped (Ri = Yi = I = Lee), ㄹ elsewhere is ㄴ.
 * Syllable boundaries are not part of the key, so Kwang-hyok, Kwang Hyok and Kwanghyok agree.
 */

export interface PhoneticReading {
  key: string;
  /** Number of vowel nuclei, i.e. Korean syllables. */
  syllables: number;
}

// ---------------------------------------------------------------------------------------------- Hangul
const HANGUL_INITIAL = ["K", "K", "N", "T", "T", "R", "M", "P", "P", "S", "S", "", "C", "C", "C", "K", "T", "P", "H"];
const HANGUL_MEDIAL = ["a", "e", "ya", "e", "o", "e", "yo", "e", "o", "wa", "we", "we", "yo", "o", "wo", "we", "wi", "yo", "o", "oi", "i"];
const HANGUL_FINAL = [
  "",
  "K",
  "K",
  "K",
  "N",
  "N",
  "N",
  "T",
  "R",
  "K",
  "M",
  "R",
  "R",
  "R",
  "P",
  "R",
  "M",
  "P",
  "P",
  "T",
  "T",
  "N",
  "T",
  "T",
  "K",
  "T",
  "P",
  "T",
];

function hangulRaw(word: string): PhoneticReading | null {
  let key = "";
  let syllables = 0;
  for (let i = 0; i < word.length; i++) {
    const offset = word.charCodeAt(i) - 0xac00;
    if (offset < 0 || offset > 11171) return null;
    key += HANGUL_INITIAL[Math.floor(offset / 588)]! + HANGUL_MEDIAL[Math.floor((offset % 588) / 28)]! + HANGUL_FINAL[offset % 28]!;
    syllables++;
  }
  return { key, syllables };
}

// ----------------------------------------------------------------------------------------------- Latin
const LATIN_ONSET: Record<string, string> = {
  kk: "K",
  gg: "K",
  kh: "K",
  gh: "K",
  k: "K",
  g: "K",
  tt: "T",
  th: "T",
  t: "T",
  d: "T",
  pp: "P",
  ph: "P",
  p: "P",
  b: "P",
  tch: "C",
  chh: "C",
  ch: "C",
  jj: "C",
  j: "C",
  ts: "C",
  tz: "C",
  ss: "S",
  sh: "S",
  s: "S",
  h: "H",
  m: "M",
  n: "N",
  rh: "R",
  r: "R",
  ll: "R",
  l: "R",
};
const LATIN_VOWEL: Record<string, string> = {
  yae: "e",
  yeo: "yo",
  yoo: "yo",
  you: "yo",
  ya: "ya",
  ye: "e",
  yo: "yo",
  yu: "yo",
  yi: "i",
  wae: "we",
  weo: "wo",
  woo: "o",
  wa: "wa",
  we: "we",
  wo: "wo",
  wi: "wi",
  oe: "we",
  ae: "e",
  ai: "e",
  eo: "o",
  eu: "o",
  ee: "i",
  oo: "o",
  ou: "o",
  ui: "oi",
  a: "a",
  e: "e",
  i: "i",
  o: "o",
  u: "o",
};
const LATIN_CODA: Record<string, string> = {
  ng: "N",
  nn: "N",
  n: "N",
  ck: "K",
  rk: "K",
  k: "K",
  ll: "R",
  l: "R",
  r: "R",
  mm: "M",
  m: "M",
  p: "P",
  t: "T",
};

const alternation = (table: Record<string, string>) =>
  Object.keys(table)
    .sort((a, b) => b.length - a.length)
    .join("|");

/** One romanized syllable: optional onset, a vowel (with glide), optional coda. Sticky, lower case. */
const LATIN_SYLLABLE = new RegExp(`(${alternation(LATIN_ONSET)})?(${alternation(LATIN_VOWEL)})(${alternation(LATIN_CODA)})?`, "y");
const LATIN_FOLD: Record<string, string> = { ŏ: "o", ŭ: "u", ǒ: "o", ō: "o", ū: "u", ǔ: "u", é: "e", ë: "e", ö: "o", ü: "u" };
const LATIN_FOLD_RE = /[ŏŭǒōūǔéëöü]/g;
const APOSTROPHES = /['’ʼ`‘]/g;
/** "h" written after a vowel to lengthen it (Ahn, Oh, Hahn, Kahng, Sohn) is not a sound. */
const SILENT_H = /([aeiou])h(?![aeiouwy])/g;

function latinRaw(word: string): PhoneticReading | null {
  if (word.length > 24) return null;
  const folded = word
    .toLowerCase()
    .replace(LATIN_FOLD_RE, (c) => LATIN_FOLD[c] ?? c)
    .replace(APOSTROPHES, "")
    .replace(SILENT_H, "$1");
  let key = "";
  let syllables = 0;
  let pos = 0;
  while (pos < folded.length) {
    LATIN_SYLLABLE.lastIndex = pos;
    const m = LATIN_SYLLABLE.exec(folded);
    if (!m || m[0].length === 0) return null;
    key += (m[1] ? LATIN_ONSET[m[1]] : "") + LATIN_VOWEL[m[2]!]! + (m[3] ? LATIN_CODA[m[3]] : "");
    syllables++;
    pos += m[0].length;
  }
  return syllables > 0 ? { key, syllables } : null;
}

// -------------------------------------------------------------------------------------------- Cyrillic
const CYR_ONSET: Record<string, string> = {
  кх: "K",
  тх: "T",
  пх: "P",
  чх: "C",
  дж: "C",
  тч: "C",
  чж: "C",
  кк: "K",
  тт: "T",
  пп: "P",
  сс: "S",
  чч: "C",
  к: "K",
  г: "K",
  ґ: "K",
  т: "T",
  д: "T",
  п: "P",
  б: "P",
  ч: "C",
  ц: "C",
  ж: "C",
  с: "S",
  ш: "S",
  щ: "S",
  х: "H",
  м: "M",
  н: "N",
  р: "R",
  л: "R",
};
const CYR_VOWEL: Record<string, string> = {
  ва: "wa",
  вэ: "we",
  ве: "we",
  во: "wo",
  ви: "wi",
  ві: "wi",
  вы: "wi",
  ьо: "yo",
  ьё: "yo",
  йо: "yo",
  йе: "e",
  йу: "yo",
  ья: "ya",
  ью: "yo",
  ый: "oi",
  ий: "i",
  ой: "oi",
  я: "ya",
  ё: "yo",
  ю: "yo",
  е: "e",
  є: "e",
  э: "e",
  а: "a",
  о: "o",
  у: "o",
  ы: "o",
  и: "i",
  і: "i",
  ї: "i",
};
const CYR_CODA: Record<string, string> = {
  нг: "N",
  нґ: "N",
  н: "N",
  ль: "R",
  л: "R",
  м: "M",
  п: "P",
  к: "K",
  т: "T",
  р: "R",
};
const CYR_SYLLABLE = new RegExp(`(${alternation(CYR_ONSET)})?(${alternation(CYR_VOWEL)})(${alternation(CYR_CODA)})?`, "y");

function cyrillicRaw(word: string): PhoneticReading | null {
  if (word.length > 24) return null;
  const lower = word.toLowerCase().replace(/ъ/g, "");
  let key = "";
  let syllables = 0;
  let pos = 0;
  while (pos < lower.length) {
    CYR_SYLLABLE.lastIndex = pos;
    const m = CYR_SYLLABLE.exec(lower);
    if (!m || m[0].length === 0) return null;
    key += (m[1] ? CYR_ONSET[m[1]] : "") + CYR_VOWEL[m[2]!]! + (m[3] ? CYR_CODA[m[3]] : "");
    syllables++;
    pos += m[0].length;
  }
  return syllables > 0 ? { key, syllables } : null;
}

// ------------------------------------------------------------------------------------------- The key
const REPEATED_CONSONANT = /([KTPCSHMNR])\1+/g;

const normalizeMemo = new Map<string, string>();

/** Merges what romanization systems disagree on; see the module comment. Memoised: keys repeat. */
export function normalizeKey(raw: string): string {
  const cached = normalizeMemo.get(raw);
  if (cached !== undefined) return cached;
  if (normalizeMemo.size >= 50_000) normalizeMemo.clear();
  const key = normalizeRaw(raw);
  normalizeMemo.set(raw, key);
  return key;
}

function normalizeRaw(raw: string): string {
  return raw
    .replace(REPEATED_CONSONANT, "$1")
    .replace(/NK/g, "N")
    .replace(/^[RN](?=[iy])/, "")
    .replace(/^R/, "N");
}

/** Words repeat a lot in a text: readings are memoised (bounded, cleared when full). */
const MEMO_LIMIT = 50_000;
const memo = new Map<string, PhoneticReading | null>();

function rawReading(word: string): PhoneticReading | null {
  const cached = memo.get(word);
  if (cached !== undefined) return cached;
  const code = word.charCodeAt(0);
  const reading =
    code >= 0xac00 && code <= 0xd7a3 ? hangulRaw(word) : code >= 0x0400 && code <= 0x04ff ? cyrillicRaw(word) : latinRaw(word);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(word, reading);
  return reading;
}

/**
 * Phonetic reading of one word (no spaces), or null when the word cannot be a Korean syllable string in that
 * script (English words with f, v, x, z, q, a bare c, impossible clusters…).
 */
const normalizedMemo = new Map<string, PhoneticReading | null>();

export function phoneticReading(word: string): PhoneticReading | null {
  const cached = normalizedMemo.get(word);
  if (cached !== undefined) return cached;
  const raw = rawReading(word);
  const reading = raw ? { key: normalizeKey(raw.key), syllables: raw.syllables } : null;
  if (normalizedMemo.size >= MEMO_LIMIT) normalizedMemo.clear();
  normalizedMemo.set(word, reading);
  return reading;
}

/**
 * Key of a phrase of several words ("Kwang Hyok", "Кван Хьок", "Kwang-hyok"): words are joined before the
 * initial-sound normalisation, so only the first word's leading ㄹ/ㄴ is affected.
 */
export function phoneticKey(phrase: string): string | null {
  const words = phrase.split(/[^\p{L}\p{M}'’ʼ`‘]+/u).filter((w) => w.length > 0);
  if (words.length === 0) return null;
  let raw = "";
  for (const word of words) {
    const reading = rawReading(word);
    if (!reading) return null;
    raw += reading.key;
  }
  return normalizeKey(raw);
}

/**
 * Cyrillic spellings to try for a word: Ukrainian writes ㅡ with и (Хамхин) where Russian writes ы (Хамхын)
 * and ㅣ with і, so a word with и and no і may be Ukrainian with и standing for ㅡ.
 */
export function cyrillicSpellings(word: string): string[] {
  if (!/[иИ]/.test(word) || /[іІ]/.test(word)) return [word];
  return [word, word.replace(/и/g, "ы").replace(/И/g, "Ы")];
}

/** Raw (un-normalised) key of a word, for callers that concatenate words themselves. */
export function rawKey(word: string): string | null {
  return rawReading(word)?.key ?? null;
}

/** Number of Korean syllables a word spells, or 0 when it is not a plausible Korean syllable string. */
export function syllableCount(word: string): number {
  return rawReading(word)?.syllables ?? 0;
}
