/**
 * Places that identify a source: North Korean provinces, cities, counties and districts in any romanization
 * (Hyesan, Ch'ŏngjin, Hamgyŏng-pukto), Hangul with suffixes and particles (혜산시, 청진에서, 수남구역), Cyrillic with
 * case endings (Хесан, Вонсана); Chinese border cities; Kursk-oblast localities. Pyongyang also names the
 * government ("Pyongyang refused"), so it needs hometown context. Unknown Hangul names with a North Korean
 * district suffix (…구역, …로동자구) and hyphenated Latin ones (…-gun, …-guyok) count as places too.
 */
import { hangulForms, PLACES, type Place } from "../data/places";
import { cyrillicSpellings, phoneticKey, phoneticReading, syllableCount } from "../phonetic";
import { defineRecognizer } from "../recognizer";
import { particleReadings, stripAdminSuffix } from "../text/hangul";
import { isCapitalized } from "../text/tokens";
import type { RawFinding, Token } from "../types";

const byKey = new Map<string, Place>();
const byExact = new Map<string, Place>();
/** Multi-word names (Malaya Loknya), by their first word. */
const multiWord = new Map<string, Array<{ form: string; place: Place }>>();

for (const place of PLACES) {
  for (const form of [...place.latin, ...place.cyrillic]) {
    const lower = form.toLowerCase();
    if (/\s/.test(form)) {
      const first = lower.split(/\s/)[0]!;
      multiWord.set(first, [...(multiWord.get(first) ?? []), { form: lower, place }]);
    } else byExact.set(cyrillicStem(lower), place);
    if (!place.exact) {
      const key = phoneticKey(form);
      if (key && key.length >= 4) byKey.set(key, place);
    }
  }
  for (const form of hangulForms(place)) byExact.set(form, place);
}

/** Nominative stem of a Cyrillic place name: final vowel or soft sign removed (Суджа → судж, Коренево → коренев). */
function cyrillicStem(lower: string): string {
  return /[\u0400-\u04ff]/.test(lower) ? lower.replace(/[аяоеиыйьуюіїє]$/, "") : lower;
}

/** Case-ending readings of a Cyrillic word: Вонсана → вонсан, Курске → курск, Суджи → судж. */
function cyrillicReadings(lower: string): string[] {
  const out = [lower];
  for (let cut = 1; cut <= 3 && lower.length - cut >= 3; cut++) {
    const ending = lower.slice(lower.length - cut);
    if (/^[аяоеиыйьуюіїємхвгю]+$/.test(ending)) out.push(lower.slice(0, lower.length - cut));
  }
  return out;
}

const DIRECTION = /^(?:north|south|east|west|northern|southern)$/i;
const LATIN_SUFFIX = /^(?:do|to|pukto|namdo|si|shi|gun|kun|guyok|kuyok|guyeok|ri|dong|up|eup|rodongjagu)$/i;
const LATIN_SUFFIX_WORD = /^(?:province|county|city|district|oblast)$/i;
const GENERIC_HANGUL_SUFFIX = /(?:구역|로동자구|노동자구|직할시)$/;

interface Hit {
  place: Place | null;
  end: number;
  suffixed: boolean;
}

function lookupLatinOrCyrillic(t: Token): Place | undefined {
  const lower = t.text.toLowerCase();
  if (t.script === "cyrillic") {
    for (const reading of cyrillicReadings(lower)) {
      const exact = byExact.get(cyrillicStem(reading));
      if (exact) return exact;
      for (const spelling of cyrillicSpellings(reading)) {
        const place = byKey.get(phoneticReading(spelling)?.key ?? "");
        if (place) return place;
      }
    }
    return undefined;
  }
  const exact = byExact.get(lower);
  if (exact) return exact;
  const reading = phoneticReading(t.text);
  return reading ? byKey.get(reading.key) : undefined;
}

function lookupHangul(t: Token): Hit | null {
  // Whole word first: 함경북도 is a province with its suffix, not 함경북 + the particle 도.
  for (const stem of particleReadings(t.text, 1).reverse()) {
    const direct = byExact.get(stem);
    if (direct) return { place: direct, end: t.start + stem.length, suffixed: false };
    const bare = stripAdminSuffix(stem, 2);
    const viaSuffix = bare ? byExact.get(bare) : undefined;
    if (viaSuffix) return { place: viaSuffix, end: t.start + stem.length, suffixed: true };
    if (GENERIC_HANGUL_SUFFIX.test(stem) && stem.length >= 4) return { place: null, end: t.start + stem.length, suffixed: true };
  }
  return null;
}

function scoreOf(place: Place | null, suffixed: boolean, hangul: boolean): number {
  if (!place) return 0.6;
  if (place.metonym && !suffixed) return 0.3;
  if (place.commonWord && hangul && !suffixed) return 0.3;
  return place.kind === "china-border" ? 0.65 : 0.75;
}

export const placeRecognizer = defineRecognizer({
  name: "place",
  categories: ["place"],
  // "grew up in Pyongyang" / "혜산 출신": context before the name, or a Korean postposition right after it.
  contextWindow: { before: 40, after: 12 },
  context: [
    "from",
    "born",
    "grew up",
    "hometown",
    "home town",
    "native",
    "lived",
    "lives",
    "raised",
    "moved to",
    "family in",
    "출신",
    "고향",
    "살았",
    "자랐",
    "태어",
    "родом",
    "родом з",
    "родом из",
    "из",
    "з міста",
    "жил",
    "жив",
  ],
  analyze({ text, tokens }) {
    const list = tokens();
    const out: RawFinding[] = [];
    for (let i = 0; i < list.length; i++) {
      const t = list[i]!;
      let hit: Hit | null = null;
      if (t.script === "hangul" || t.script === "han") hit = lookupHangul(t);
      else if ((t.script === "latin" || t.script === "cyrillic") && isCapitalized(t.text)) {
        const candidates = multiWord.get(t.text.toLowerCase());
        const multi = candidates?.find((m) => text.slice(t.start, t.start + m.form.length).toLowerCase() === m.form);
        const place = multi ? multi.place : lookupLatinOrCyrillic(t);
        if (place) hit = { place, end: multi ? t.start + multi.form.length : t.end, suffixed: false };
        else {
          // Unknown Korean-looking name with an administrative suffix: Pongchon-ri, Sunam-guyok.
          const next = list[i + 1];
          if (next && text.slice(t.end, next.start) === "-" && LATIN_SUFFIX.test(next.text) && syllableCount(t.text) >= 2) {
            hit = { place: null, end: next.end, suffixed: true };
          }
        }
      }
      if (!hit) continue;
      let start = t.start;
      let end = hit.end;
      let suffixed = hit.suffixed;
      const prev = list[i - 1];
      if (prev && DIRECTION.test(prev.text) && /^\s+$/.test(text.slice(prev.end, t.start))) start = prev.start;
      const next = list[i + 1];
      const gap = next ? text.slice(end, next.start) : "";
      if (hit.place && next && ((gap === "-" && LATIN_SUFFIX.test(next.text)) || (gap === " " && LATIN_SUFFIX_WORD.test(next.text)))) {
        end = next.end;
        suffixed = true;
      }
      const score = scoreOf(hit.place, suffixed, t.script === "hangul");
      out.push({
        start,
        end,
        category: "place",
        score,
        explanation: hit.place ? `place: ${hit.place.kind.replace("-", " ")}` : "place with a North Korean administrative suffix",
      });
    }
    return out;
  },
});
