import { z } from "zod";

/**
 * Client-safe types and schemas for consent scripts: the text a journalist explains to a source before asking for
 * consent (issue 4; guidance.md §3, §4 and §7 item 8). Imports nothing but zod, so pages and forms can use it.
 */

/**
 * The sections every script version must have, in reading order. The keys are stable: they are stored with each
 * version, hashed (lib/consent/script-hash.ts) and rendered on the printed sheet. Never rename or reorder them; add a
 * new key instead. `pow_protection` follows `choices` because it limits those choices for prisoners of war.
 */
export const SCRIPT_SECTIONS = [
  "who_we_are",
  "purpose",
  "publication",
  "risks",
  "choices",
  "pow_protection",
  "voluntary",
  "withdrawal",
  "contact",
] as const;
export type ScriptSection = (typeof SCRIPT_SECTIONS)[number];
/** Short alias. */
export type Section = ScriptSection;

/** Headings shown above each section on screen and on the printed sheet. Other languages fall back to English. */
export const SECTION_TITLES: Record<ScriptSection, { en: string; ko: string }> = {
  who_we_are: { en: "Who we are and who we work for", ko: "우리는 누구이며 누구를 위해 일하는가" },
  purpose: { en: "What this interview is for", ko: "이 면담은 무엇을 위한 것인가" },
  publication: { en: "Where it will be published and who can see it", ko: "어디에 나가며 누가 볼 수 있는가" },
  risks: { en: "Risks to you and your family", ko: "본인과 가족에게 닥칠 수 있는 위험" },
  choices: { en: "Your choices", ko: "본인이 정할 수 있는 것" },
  pow_protection: { en: "If you are a prisoner of war", ko: "전쟁포로인 경우" },
  voluntary: { en: "It is your free choice", ko: "참여는 본인의 자유입니다" },
  withdrawal: { en: "If you change your mind", ko: "마음이 바뀌면" },
  contact: { en: "How to reach us and ask questions", ko: "연락하는 방법과 물어볼 것" },
};

/** A language code such as "en", "ko", "ru" or "uk"; "en" and "ko" are always present. */
export type ScriptLanguage = "en" | "ko" | string;

/** One language's text: every section, plain text, paragraphs separated by a blank line ("\n\n"). */
export type ScriptText = Record<ScriptSection, string>;

/** A whole script version's content: a title and a text per language. */
export interface ConsentScriptContent {
  title: Record<ScriptLanguage, string>;
  texts: Record<ScriptLanguage, ScriptText>;
}

/** Language codes: a 2–3 letter lowercase code, optionally with one subtag ("ko", "ko-KP", "uk", "zh-Hant"). */
export const LANGUAGE_CODE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

export const SECTION_MIN_CHARS = 20;
export const SECTION_MAX_CHARS = 2500;
export const SCRIPT_TITLE_MAX_CHARS = 200;
export const SCRIPT_NOTES_MAX_CHARS = 500;

/**
 * One section's text. Not trimmed or otherwise transformed: the stored text must be exactly what was validated,
 * because its hash is the version's fingerprint. Leading and trailing spaces do not count towards the minimum.
 */
const sectionText = z
  .string({ message: "Write this section." })
  .max(SECTION_MAX_CHARS, `Use at most ${SECTION_MAX_CHARS.toLocaleString("en")} characters.`)
  .refine((v) => v.trim().length >= SECTION_MIN_CHARS, `Write at least ${SECTION_MIN_CHARS} characters.`);

/** Every section required, 20–2500 characters each; unknown sections are rejected rather than silently dropped. */
export const scriptTextSchema = z.strictObject(
  Object.fromEntries(SCRIPT_SECTIONS.map((s) => [s, sectionText])) as Record<ScriptSection, typeof sectionText>,
);

/** A version's label, shown on the sheet and in lists: "2027-01", "2027-01 shorter risks (v2)". */
export const SCRIPT_LABEL_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._()-]*$/u;
export const SCRIPT_LABEL_MAX_CHARS = 40;
export const MAX_SCRIPT_LANGUAGES = 8;

const languageEntrySchema = z.object({
  code: z.string().trim().regex(LANGUAGE_CODE_PATTERN, "Use a language code such as “ru”, “uk” or “zh-Hant”."),
  /** Not trimmed: part of the hashed text. */
  title: z
    .string({ message: "Give the title in this language." })
    .max(SCRIPT_TITLE_MAX_CHARS, `Use at most ${SCRIPT_TITLE_MAX_CHARS} characters.`)
    .refine((v) => v.trim().length > 0, "Give the title in this language."),
  texts: scriptTextSchema,
});
export type ScriptLanguageInput = z.input<typeof languageEntrySchema>;

/**
 * What an editor submits to create a new script version: a label, a note on what changed, the version it was
 * written from, and one entry per language — English first, Korean second (both required), then up to six more.
 */
export const consentScriptInputSchema = z.object({
  label: z
    .string({ message: "Give the version a label." })
    .trim()
    .min(1, "Give the version a label, for example “2027-01”.")
    .max(SCRIPT_LABEL_MAX_CHARS, `Use at most ${SCRIPT_LABEL_MAX_CHARS} characters.`)
    .regex(SCRIPT_LABEL_PATTERN, "Use letters, digits, spaces and . _ ( ) - only."),
  notes: z
    .string()
    .trim()
    .min(5, "Say what changed and why: reviewers and later readers rely on it.")
    .max(SCRIPT_NOTES_MAX_CHARS, `Use at most ${SCRIPT_NOTES_MAX_CHARS} characters.`),
  basedOn: z.string().max(64),
  languages: z
    .array(languageEntrySchema)
    .min(2, "English and Korean are both required.")
    .max(MAX_SCRIPT_LANGUAGES, `At most ${MAX_SCRIPT_LANGUAGES} languages.`)
    .superRefine((langs, ctx) => {
      if (langs[0]?.code !== "en") ctx.addIssue({ code: "custom", path: [0, "code"], message: "The first language must be English (“en”)." });
      if (langs[1]?.code !== "ko") ctx.addIssue({ code: "custom", path: [1, "code"], message: "The second language must be Korean (“ko”)." });
      const seen = new Set<string>();
      langs.forEach((l, i) => {
        if (seen.has(l.code)) ctx.addIssue({ code: "custom", path: [i, "code"], message: `“${l.code}” is already in this version.` });
        seen.add(l.code);
      });
    }),
});
export type ConsentScriptInput = z.input<typeof consentScriptInputSchema>;

/** The stored content of a version built from validated input: titles and texts keyed by language code. */
export function contentFromInput(input: z.output<typeof consentScriptInputSchema>): ConsentScriptContent {
  return {
    title: Object.fromEntries(input.languages.map((l) => [l.code, l.title])),
    texts: Object.fromEntries(input.languages.map((l) => [l.code, l.texts])),
  };
}

/** The form's starting point: a version's content as language entries, English and Korean first. */
export function inputFromContent(content: ConsentScriptContent): ScriptLanguageInput[] {
  const codes = Object.keys(content.texts).sort((a, b) => (a === "en" ? -1 : b === "en" ? 1 : a === "ko" ? -1 : b === "ko" ? 1 : a < b ? -1 : 1));
  return codes.map((code) => ({ code, title: content.title[code] ?? "", texts: { ...content.texts[code]! } }));
}
