/**
 * The source-aware recognizer: finds every registered identifier and the variants the journalist did not type
 * (other romanizations, Hangul, Cyrillic with case endings, spacing/hyphen/case changes, surname-first or
 * given-first, given name or surname alone, possessives, Korean particles, a name split across a line break,
 * a handle without its @, a phone number written another way). See identifier-plans.ts for how plans are built.
 */
import { AMBIGUOUS_HANGUL, foldCyrillic, foldLatin } from "./data/surnames";
import { compileIdentifiers, type CompiledIdentifiers, type SurnameSet, type Target } from "./identifier-plans";
import { cyrillicSpellings, normalizeKey, rawKey } from "./phonetic";
import { defineRecognizer } from "./recognizer";
import { particleReadings, stripAdminSuffix } from "./text/hangul";
import { atWordEnd, atWordStart } from "./text/chars";
import { isCapitalized, isNameJoiner } from "./text/tokens";
import type { Identifier, RawFinding, Recognizer, Token } from "./types";

const MAX_TOKENS = 4;
const HANGUL_SPEAKER_OR_TITLE = /^(?:\s*[:：]|\s?(?:씨|님|동무|선생))/;
const COUNTRY_CODES = ["850", "380", "86", "82", "81", "44", "49", "33", "7", "1"];

interface Reading {
  /** The word as compared with the registered form. */
  text: string;
  /** Where the match ends: particles are outside (김혜련은), suffixes and case endings inside (무산군, Мусана). */
  end: number;
}

/** Readings of a word that may end a match: Korean particles and admin suffixes, Cyrillic case endings. */
function readings(t: Token): Reading[] {
  if (t.script === "hangul") {
    const out: Reading[] = [];
    for (const r of particleReadings(t.text, 1)) {
      out.push({ text: r, end: t.start + r.length });
      const bare = stripAdminSuffix(r, 2);
      if (bare) out.push({ text: bare, end: t.start + r.length });
    }
    return out;
  }
  if (t.script === "cyrillic") {
    const lower = t.text.toLowerCase();
    const out: Reading[] = [];
    for (const spelling of cyrillicSpellings(t.text)) {
      out.push({ text: spelling, end: t.end });
      for (let cut = 1; cut <= 3 && lower.length - cut >= 2; cut++) {
        if (/^[аяоеиыйьуюіїємхвгю]+$/.test(lower.slice(lower.length - cut))) {
          out.push({ text: spelling.slice(0, spelling.length - cut), end: t.end });
        }
      }
    }
    return out;
  }
  return [{ text: t.text, end: t.end }];
}

/** Surname spellings of every registered person, by form, so each token costs one lookup. */
interface SurnameIndex {
  forms: Map<string, Array<CompiledIdentifiers["surnames"][number]>>;
}

function surnameIndex(plan: CompiledIdentifiers): SurnameIndex {
  const forms = new Map<string, Array<CompiledIdentifiers["surnames"][number]>>();
  const add = (form: string, s: CompiledIdentifiers["surnames"][number]) => forms.set(form, [...(forms.get(form) ?? []), s]);
  for (const s of plan.surnames) {
    for (const form of [...s.set.latin, ...s.set.cyrillic, ...s.set.hangul]) add(form, s);
  }
  return { forms };
}

function joins(text: string, a: Token, b: Token): boolean {
  if (a.script !== b.script) return false;
  const gap = text.slice(a.end, b.start);
  return a.script === "hangul" ? gap === " " : isNameJoiner(gap);
}

function isSurnameToken(t: Token | undefined, set: SurnameSet | undefined): boolean {
  if (!t || !set) return false;
  if (t.script === "latin") return isCapitalized(t.text) && set.latin.has(foldLatin(t.text));
  if (t.script === "cyrillic") return set.cyrillic.has(foldCyrillic(t.text));
  return t.script === "hangul" && set.hangul.has(t.text);
}

const explain = (target: Pick<Target, "id" | "category">, how: string) => `protected ${target.category} #${target.id + 1}: ${how}`;

function matchKeys(text: string, tokens: readonly Token[], plan: CompiledIdentifiers, out: RawFinding[]): void {
  const keyCache = new Map<string, string | null>();
  const keyOf = (word: string) => {
    let k = keyCache.get(word);
    if (k === undefined) keyCache.set(word, (k = rawKey(word)));
    return k;
  };
  const tryReading = (raw: string, reading: string, end: number, i: number, j: number, whole: boolean) => {
    const k = keyOf(reading);
    if (k === null) return;
    const targets = plan.targets.get(normalizeKey(raw + k));
    if (targets) for (const target of targets) emit(text, tokens, i, j, end, target, whole, out);
  };
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i]!;
    // Most Latin words cannot start any registered identifier: one memoised lookup rejects them.
    if (first.script === "latin") {
      const k = keyOf(first.text);
      if (k === null || !plan.prefixes.has(normalizeKey(k))) continue;
    }
    let raw = "";
    for (let j = i; j < Math.min(tokens.length, i + MAX_TOKENS); j++) {
      const t = tokens[j]!;
      if (t.script !== "latin" && t.script !== "hangul" && t.script !== "cyrillic") break;
      if (j > i && !joins(text, tokens[j - 1]!, t)) break;
      if (t.script === "latin") tryReading(raw, t.text, t.end, i, j, true);
      else for (const reading of readings(t)) tryReading(raw, reading.text, reading.end, i, j, reading.text === t.text);
      const whole = keyOf(t.text);
      if (whole === null) break;
      raw += whole;
      if (!plan.prefixes.has(normalizeKey(raw))) break;
    }
  }
}

function emit(
  text: string,
  tokens: readonly Token[],
  i: number,
  j: number,
  end: number,
  target: Target,
  wholeLast: boolean,
  out: RawFinding[],
): void {
  let start = tokens[i]!.start;
  let how = target.kind === "full" ? "name" : target.kind === "word" ? "spelling variant" : "given name";
  let score = target.kind === "given" ? 0.95 : 1;
  if (target.kind === "given") {
    const before = tokens[i - 1];
    const after = tokens[j + 1];
    if (before && isSurnameToken(before, target.surnames) && joins(text, before, tokens[i]!)) {
      start = before.start;
      how = "surname + given name";
      score = 1;
    } else if (wholeLast && after && isSurnameToken(after, target.surnames) && joins(text, tokens[j]!, after)) {
      end = after.end;
      how = "given name + surname";
      score = 1;
    }
  }
  out.push({
    start,
    end,
    category: target.category,
    score,
    protected: true,
    boostable: false,
    explanation: explain(target, how),
    identifier: target.id,
  });
}

function matchSurnames(text: string, tokens: readonly Token[], index: SurnameIndex, out: RawFinding[]): void {
  for (const t of tokens) {
    let end = -1;
    let plans: Array<CompiledIdentifiers["surnames"][number]> | undefined;
    if (t.script === "hangul") {
      if (t.text.length > 3) continue;
      // A lone syllable needs a particle (김은), a title (김 씨) or a speaker colon (김:); 이/정/한… need the latter two.
      const hit = particleReadings(t.text, 1).find((r) => index.forms.has(r));
      const marked = hit !== undefined && HANGUL_SPEAKER_OR_TITLE.test(text.slice(t.start + hit.length, t.start + hit.length + 4));
      if (hit && (marked || (hit !== t.text && !AMBIGUOUS_HANGUL.has(hit)))) {
        end = t.start + hit.length;
        plans = index.forms.get(hit);
      }
    } else if (t.text.length <= 8 && (t.script === "latin" || t.script === "cyrillic")) {
      if (t.script === "latin" && !isCapitalized(t.text)) continue;
      plans = index.forms.get(t.script === "latin" ? foldLatin(t.text) : foldCyrillic(t.text));
      if (plans) end = t.end;
    }
    if (end < 0 || !plans) continue;
    for (const s of plans) {
      out.push({
        start: t.start,
        end,
        category: s.category,
        score: 0.9,
        protected: true,
        boostable: false,
        explanation: explain(s, "surname alone"),
        identifier: s.id,
      });
    }
  }
}

function matchLiterals(text: string, plan: CompiledIdentifiers, out: RawFinding[]): void {
  for (const lit of plan.literals) {
    lit.regex.lastIndex = 0;
    for (let m = lit.regex.exec(text); m !== null; m = lit.regex.exec(text)) {
      // Word boundaries checked here: the regex has no lookbehind, which keeps it fast.
      if (!atWordStart(text, m.index) || !atWordEnd(text, m.index + m[0].length)) {
        lit.regex.lastIndex = m.index + 1;
        continue;
      }
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        category: lit.category,
        score: 1,
        protected: true,
        boostable: false,
        explanation: explain(lit, "as registered"),
        identifier: lit.id,
      });
    }
  }
}

/** Digits of a phone number without country code and trunk 0. */
function nationalDigits(digits: string, international: boolean): string {
  let d = digits;
  if (international) {
    d = d.replace(/^00/, "");
    const code = COUNTRY_CODES.find((c) => d.startsWith(c) && d.length - c.length >= 7);
    if (code) d = d.slice(code.length);
  }
  return d.replace(/^0/, "");
}

const PHONE_LIKE = /(?<![\p{N}])(?:\+|00)?\d[\d\s().\-]{5,22}\d(?![\p{N}])/gu;

function matchDigits(text: string, plan: CompiledIdentifiers, out: RawFinding[]): void {
  const phones = plan.digits.filter((d) => d.phone);
  if (phones.length > 0) {
    const wanted = phones.map((p) => ({ p, national: nationalDigits(p.digits, true) }));
    PHONE_LIKE.lastIndex = 0;
    for (let m = PHONE_LIKE.exec(text); m !== null; m = PHONE_LIKE.exec(text)) {
      const international = /^(?:\+|00)/.test(m[0]);
      const national = nationalDigits(m[0].replace(/\D/g, ""), international);
      for (const { p, national: want } of wanted) {
        if (national === want || (want.length >= 8 && national.endsWith(want))) {
          out.push({
            start: m.index,
            end: m.index + m[0].length,
            category: p.category,
            score: 1,
            protected: true,
            boostable: false,
            explanation: explain(p, "phone number written another way"),
            identifier: p.id,
          });
        }
      }
    }
  }
  for (const d of plan.digits.filter((x) => !x.phone)) {
    d.regex.lastIndex = 0;
    for (let m = d.regex.exec(text); m !== null; m = d.regex.exec(text)) {
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        category: d.category,
        score: 0.95,
        protected: true,
        boostable: false,
        explanation: explain(d, "number"),
        identifier: d.id,
      });
    }
  }
}

/** Builds the recognizer for one interview's protected identifiers. */
export function identifierRecognizer(identifiers: readonly Identifier[]): Recognizer {
  const plan = compileIdentifiers(identifiers);
  const surnames = surnameIndex(plan);
  return defineRecognizer({
    name: "protected-identifier",
    categories: [...new Set(identifiers.map((i) => i.category))],
    analyze({ text, tokens }) {
      const out: RawFinding[] = [];
      const list = tokens();
      matchKeys(text, list, plan, out);
      matchSurnames(text, list, surnames, out);
      matchLiterals(text, plan, out);
      matchDigits(text, plan, out);
      return out;
    },
  });
}
