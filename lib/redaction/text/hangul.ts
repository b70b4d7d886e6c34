/**
 * Hangul arithmetic (Unicode syllables U+AC00–U+D7A3) and Korean particle stripping.
 * Decomposition is plain arithmetic, so no per-character allocation is needed on the hot path.
 */

const SYLLABLE_BASE = 0xac00;
const SYLLABLE_LAST = 0xd7a3;

export function isHangulSyllable(code: number): boolean {
  return code >= SYLLABLE_BASE && code <= SYLLABLE_LAST;
}

/** Index of initial consonant (0–18), medial vowel (0–20) and final consonant (0–27, 0 = none). */
export function decompose(code: number): [initial: number, medial: number, final: number] {
  const offset = code - SYLLABLE_BASE;
  return [Math.floor(offset / 588), Math.floor((offset % 588) / 28), offset % 28];
}

export function compose(initial: number, medial: number, final = 0): string {
  return String.fromCharCode(SYLLABLE_BASE + initial * 588 + medial * 28 + final);
}

/** Initial-consonant indexes used by the initial sound rule (두음법칙). */
export const INITIAL = { NIEUN: 2, RIEUL: 5, IEUNG: 11 } as const;
/** Medial indexes after which South Korean spelling drops ㄹ/ㄴ (ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ ㅒ). */
const IOTIZED_MEDIALS = new Set([2, 3, 6, 7, 12, 17, 20]);

/**
 * The other side of the initial sound rule for a word's first syllable: 리 ↔ 이, 림 ↔ 임, 류 ↔ 유, 량 ↔ 양,
 * 로 ↔ 노, 녀 ↔ 여. Returns the alternative spellings (North Korean and South Korean) of the first syllable.
 */
export function initialSoundAlternatives(syllable: string): string[] {
  const code = syllable.charCodeAt(0);
  if (!isHangulSyllable(code)) return [];
  const [initial, medial, final] = decompose(code);
  const out: string[] = [];
  const iotized = IOTIZED_MEDIALS.has(medial);
  if (initial === INITIAL.RIEUL) out.push(compose(iotized ? INITIAL.IEUNG : INITIAL.NIEUN, medial, final));
  if (initial === INITIAL.NIEUN && iotized) out.push(compose(INITIAL.IEUNG, medial, final));
  if (initial === INITIAL.IEUNG && iotized) {
    out.push(compose(INITIAL.RIEUL, medial, final), compose(INITIAL.NIEUN, medial, final));
  }
  if (initial === INITIAL.NIEUN && !iotized) out.push(compose(INITIAL.RIEUL, medial, final));
  return out;
}

/**
 * Particles and copula endings that attach to a noun without a space (김정혁은, 김정혁의, 현우야, 청진에서).
 * Longest first so that 에서 is tried before 에.
 */
const PARTICLES = [
  "이지만",
  "이라서",
  "에서는",
  "으로는",
  "까지는",
  "이요",
  "이고",
  "이며",
  "인데",
  "이라",
  "에는",
  "에도",
  "은요",
  "는요",
  "요",
  "이라고",
  "이라는",
  "이에요",
  "이었다",
  "에게서",
  "한테서",
  "으로서",
  "이랑",
  "이나",
  "이야",
  "이는",
  "이가",
  "이도",
  "이와",
  "이를",
  "이의",
  "에서",
  "에게",
  "한테",
  "까지",
  "부터",
  "처럼",
  "보다",
  "으로",
  "라고",
  "라는",
  "예요",
  "에요",
  "이다",
  "였다",
  "하고",
  "께서",
  "님은",
  "님이",
  "씨는",
  "씨가",
  "씨의",
  "은",
  "는",
  "이",
  "가",
  "을",
  "를",
  "의",
  "에",
  "께",
  "와",
  "과",
  "도",
  "만",
  "야",
  "아",
  "랑",
  "로",
  "씨",
  "님",
  "네",
] as const;

/**
 * Splits a Hangul word into stem and particle: returns every (stem, particle) reading, longest particle first,
 * always ending with the whole word as its own stem. Stems keep at least `minStem` syllables.
 */
const BY_LENGTH = [...PARTICLES].sort((a, b) => b.length - a.length);
const PARTICLE_LAST_SYLLABLES = new Set(PARTICLES.map((p) => p.charAt(p.length - 1)));

export function particleReadings(word: string, minStem = 1): string[] {
  if (!PARTICLE_LAST_SYLLABLES.has(word.charAt(word.length - 1))) return [word];
  const out: string[] = [];
  for (const particle of BY_LENGTH) {
    if (word.length - particle.length >= minStem && word.endsWith(particle)) {
      out.push(word.slice(0, word.length - particle.length));
    }
  }
  out.push(word);
  return out;
}

/** North Korean administrative suffixes, longest first (직할시, 로동자구, 구역, 시, 군, 도, 읍, 동, 리). */
export const ADMIN_SUFFIXES = [
  "특별자치시",
  "직할시",
  "특별시",
  "로동자구",
  "노동자구",
  "구역",
  "시",
  "군",
  "도",
  "읍",
  "동",
  "리",
  "구",
] as const;

/** Strips one administrative suffix (청진시 → 청진, 무산군 → 무산) when at least `minStem` syllables remain. */
export function stripAdminSuffix(word: string, minStem = 1): string | null {
  for (const suffix of ADMIN_SUFFIXES) {
    if (word.length - suffix.length >= minStem && word.endsWith(suffix)) {
      return word.slice(0, word.length - suffix.length);
    }
  }
  return null;
}
