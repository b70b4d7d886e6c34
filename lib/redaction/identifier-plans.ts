/**
 * Compiles the journalist's protected identifiers into match plans.
 *
 * A Korean personal name ("Choe Kwang-hyok", "최광혁", "Ли Чхун Хва") becomes a surname class (every spelling of
 * the surname in every script, from the surname table) plus the phonetic key of the given name, so that any
 * romanization, Hangul or Cyrillic spelling of the given name matches, with or without the surname, in either
 * order. Any other word that spells Korean sounds ("Gomdori", "baechu", "Musan") becomes a phonetic key too.
 * Everything also gets a literal plan (case-, space- and hyphen-insensitive) and, when it holds digits, a digit
 * plan (unit numbers, phone numbers written another way).
 */
import { foldCyrillic, foldLatin, hangulSurname, latinSurname, cyrillicSurname, surnameForms } from "./data/surnames";
import { normalizeKey, phoneticKey, rawKey } from "./phonetic";
import { escapeRegExp } from "./recognizer";
import type { Identifier, IdentifierCategory } from "./types";

export type TargetKind = "full" | "given" | "word";

export interface Target {
  id: number;
  category: IdentifierCategory;
  kind: TargetKind;
  /** Surname spellings (folded) that may stand next to a `given` target. */
  surnames?: SurnameSet;
}

export interface SurnameSet {
  latin: Set<string>;
  cyrillic: Set<string>;
  hangul: Set<string>;
}

export interface CompiledIdentifiers {
  /** Normalised phonetic key → targets. */
  targets: Map<string, Target[]>;
  /** Every prefix of every target key, to stop accumulating tokens early. */
  prefixes: Set<string>;
  /** Surname spellings that alone point at a registered person. */
  surnames: Array<{ id: number; category: IdentifierCategory; set: SurnameSet }>;
  literals: Array<{ id: number; category: IdentifierCategory; regex: RegExp }>;
  /** Numbers: phones are compared digit by digit; other numbers match with any separators between digits. */
  digits: Array<{ id: number; category: IdentifierCategory; digits: string; phone: boolean; regex: RegExp }>;
}

const PERSON_CATEGORIES = new Set<IdentifierCategory>(["name", "family", "broker", "other"]);
const MIN_KEY = 4;

interface NameParts {
  surname: string;
  given: string;
}

/** Splits a registered name into surname and given name when one end is a known surname. */
export function splitKoreanName(value: string): NameParts | null {
  const words = value.trim().split(/\s+/);
  if (words.length === 1) {
    const w = words[0]!;
    if (!/^[\uac00-\ud7a3]{2,5}$/.test(w)) return null;
    if (w.length >= 4 && hangulSurname(w.slice(0, 2))) return { surname: w.slice(0, 2), given: w.slice(2) };
    return hangulSurname(w.charAt(0)) ? { surname: w.charAt(0), given: w.slice(1) } : null;
  }
  const isSurname = (w: string) => Boolean(latinSurname(w) ?? cyrillicSurname(w) ?? hangulSurname(w));
  if (isSurname(words[0]!)) return { surname: words[0]!, given: words.slice(1).join(" ") };
  if (isSurname(words[words.length - 1]!)) {
    return { surname: words[words.length - 1]!, given: words.slice(0, -1).join(" ") };
  }
  return null;
}

function surnameSetFor(surname: string): SurnameSet {
  const rows = latinSurname(surname) ?? cyrillicSurname(surname) ?? hangulSurname(surname) ?? [];
  const set = surnameForms(rows);
  set.latin.add(foldLatin(surname));
  set.cyrillic.add(foldCyrillic(surname));
  if (/^[\uac00-\ud7a3]+$/.test(surname)) set.hangul.add(surname);
  // Single letters (I, O, И) are English/Russian words: never matched alone or as a neighbour.
  for (const form of [...set.latin]) if (form.length < 2) set.latin.delete(form);
  for (const form of [...set.cyrillic]) if (form.length < 2) set.cyrillic.delete(form);
  return set;
}

/** Phonetic key of a phrase in raw form (words concatenated before normalisation). */
function rawPhraseKey(phrase: string): string | null {
  let raw = "";
  for (const word of phrase.split(/[\s\-‐‑_]+/).filter(Boolean)) {
    const k = rawKey(word);
    if (k === null) return null;
    raw += k;
  }
  return raw || null;
}

/** Literal pattern: separators interchangeable, a leading @ optional, apostrophes optional. */
function literalRegex(value: string): RegExp | null {
  const parts = value
    .trim()
    .replace(/^@/, "")
    .split(/[\s\-‐‑_.]+/)
    .filter(Boolean);
  if (parts.length === 0 || parts.join("").length < 2) return null;
  const body = parts.map((p) => escapeRegExp(p).replace(/['’]/g, "['’]?")).join("[\\s\\-‐‑_.]{0,3}");
  // No `u` flag and no lookarounds (fast); the recognizer checks word boundaries. Case folding still covers Cyrillic.
  return new RegExp(`@?${body}`, "gi");
}

export function compileIdentifiers(identifiers: readonly Identifier[]): CompiledIdentifiers {
  const compiled: CompiledIdentifiers = { targets: new Map(), prefixes: new Set(), surnames: [], literals: [], digits: [] };
  const addTarget = (key: string | null, target: Target) => {
    if (!key || key.length < MIN_KEY) return;
    const list = compiled.targets.get(key);
    if (list) list.push(target);
    else compiled.targets.set(key, [target]);
    for (let i = 1; i <= key.length; i++) compiled.prefixes.add(key.slice(0, i));
  };

  identifiers.forEach((identifier, id) => {
    const { value, category } = identifier;
    const literal = literalRegex(value);
    if (literal) compiled.literals.push({ id, category, regex: literal });

    const digits = value.replace(/\D/g, "");
    if (digits.length >= 3) {
      const phone = category === "phone" || /^\s*(?:\+|00)/.test(value);
      const regex = new RegExp(`(?<![\\p{N}])${digits.split("").join("[\\s\\-./]?")}(?![\\p{N}])`, "gu");
      compiled.digits.push({ id, category, digits, phone, regex });
      if (category === "phone" || category === "unit" || category === "id_number") return;
    }
    if (category === "handle" || category === "email") return;

    const parts = PERSON_CATEGORIES.has(category) ? splitKoreanName(value) : null;
    if (parts) {
      const surnames = surnameSetFor(parts.surname);
      const givenRaw = rawPhraseKey(parts.given);
      compiled.surnames.push({ id, category, set: surnames });
      if (givenRaw) {
        addTarget(normalizeKey(givenRaw), { id, category, kind: "given", surnames });
        for (const form of [...surnames.latin, ...surnames.cyrillic, ...surnames.hangul]) {
          const sk = rawKey(form);
          if (sk) addTarget(normalizeKey(sk + givenRaw), { id, category, kind: "full" });
        }
      }
      return;
    }
    addTarget(phoneticKey(value.replace(/^@/, "")), { id, category, kind: "word" });
  });
  return compiled;
}
