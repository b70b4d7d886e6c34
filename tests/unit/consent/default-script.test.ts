import { describe, expect, it } from "vitest";
import { findSouthernLoanwords, SOUTHERN_LOANWORDS } from "@/lib/consent/korean-style";
import { DEFAULT_CONSENT_SCRIPT, DEFAULT_SCRIPT_VERSION_LABEL } from "@/lib/consent/default-script";
import {
  consentScriptInputSchema,
  contentFromInput,
  inputFromContent,
  SCRIPT_SECTIONS,
  SECTION_MAX_CHARS,
  SECTION_MIN_CHARS,
  SECTION_TITLES,
  scriptTextSchema,
  type ScriptText,
} from "@/lib/consent/script-types";

const { texts, title } = DEFAULT_CONSENT_SCRIPT;
const en = texts.en as ScriptText;
const ko = texts.ko as ScriptText;

/**
 * Words the Korean text must not use: English loanwords common in South Korea that a North Korean would not know
 * (or would know only as foreign), Southern spellings of foreign words that have a Northern form, and
 * Southern administrative terms for North Koreans. See the convention in lib/consent/default-script.ts.
 */
const AVOIDED_IN_KOREAN = Object.keys(SOUTHERN_LOANWORDS);

const HANGUL = /\p{Script=Hangul}/gu;
const LETTER = /\p{L}/gu;
const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const paragraphsOf = (s: string) => s.split("\n\n");
const articleNumbersEn = (s: string) => [...s.matchAll(/\barticles? (\d+)/g)].map((m) => m[1]).sort();
const articleNumbersKo = (s: string) => [...s.matchAll(/제(\d+)조/g)].map((m) => m[1]).sort();

describe("default consent script: structure", () => {
  it("is version 2026-11 and has exactly English and Korean", () => {
    expect(DEFAULT_SCRIPT_VERSION_LABEL).toBe("2026-11");
    expect(Object.keys(texts).sort()).toEqual(["en", "ko"]);
    expect(Object.keys(title).sort()).toEqual(["en", "ko"]);
  });

  it("puts the POW section right after the choices it limits, and keeps the other keys in issue order", () => {
    expect(SCRIPT_SECTIONS).toEqual([
      "who_we_are",
      "purpose",
      "publication",
      "risks",
      "choices",
      "pow_protection",
      "voluntary",
      "withdrawal",
      "contact",
    ]);
  });

  for (const lang of ["en", "ko"] as const) {
    const text = texts[lang] as ScriptText;
    it(`${lang}: has every section and nothing else`, () => {
      expect(Object.keys(text).sort()).toEqual([...SCRIPT_SECTIONS].sort());
    });

    for (const section of SCRIPT_SECTIONS) {
      it(`${lang}/${section}: within ${SECTION_MIN_CHARS}–${SECTION_MAX_CHARS} characters, clean paragraphs`, () => {
        const value = text[section];
        expect(typeof value).toBe("string");
        expect(value.length).toBeGreaterThanOrEqual(SECTION_MIN_CHARS);
        expect(value.length).toBeLessThanOrEqual(SECTION_MAX_CHARS);
        expect(value).toBe(value.trim());
        expect(value).not.toMatch(/\r|\t/);
        for (const para of paragraphsOf(value)) {
          expect(para.length).toBeGreaterThan(0);
          expect(para).toBe(para.trim());
          expect(para).not.toContain("\n");
        }
      });
    }
  }

  for (const section of SCRIPT_SECTIONS) {
    it(`${section}: the Korean has the same paragraphs and cites the same articles as the English`, () => {
      expect(paragraphsOf(ko[section]).length).toBe(paragraphsOf(en[section]).length);
      expect(articleNumbersKo(ko[section])).toEqual(articleNumbersEn(en[section]));
    });

    it(`${section}: can be read aloud in about a minute`, () => {
      // About 150 words a minute read slowly and clearly in English, about 5.5 syllables a second in Korean;
      // the ceilings allow at most roughly 80 seconds.
      expect(words(en[section])).toBeLessThanOrEqual(200);
      expect(count(ko[section], HANGUL)).toBeLessThanOrEqual(420);
    });
  }

  it("contains no placeholders: the journalist supplies names and contact routes in person", () => {
    for (const text of [en, ko]) {
      for (const section of SCRIPT_SECTIONS) {
        expect(text[section]).not.toMatch(/[[\]{}<>_#@]|TODO|TBD|XXX|\.\.\.|…|lorem/i);
        expect(text[section]).not.toMatch(/https?:|www\.|\+?\d[\d ()-]{6,}\d/);
      }
    }
  });
});

describe("default consent script: Korean written for a North Korean reader", () => {
  const koStrings = [...SCRIPT_SECTIONS.map((s) => ko[s]), title.ko as string, ...SCRIPT_SECTIONS.map((s) => SECTION_TITLES[s].ko)];

  it("is Hangul throughout: no Latin letters, and Hangul at least 95% of all letters", () => {
    for (const s of koStrings) {
      expect(s).not.toMatch(/[A-Za-z]/);
      const letters = count(s, LETTER);
      expect(letters).toBeGreaterThan(0);
      expect(count(s, HANGUL) / letters).toBeGreaterThanOrEqual(0.95);
    }
  });

  it.each(AVOIDED_IN_KOREAN)("does not use “%s”", (word) => {
    for (const s of koStrings) expect(s).not.toContain(word);
  });

  it("explains the internet in words and uses the Northern names for foreign things", () => {
    const described = ko.publication.indexOf("온 세계를 잇는 통신망");
    const named = ko.publication.indexOf("인터네트");
    expect(described).toBeGreaterThanOrEqual(0);
    expect(named).toBeGreaterThan(described);
    expect(ko.publication).toContain("콤퓨터");
    expect(ko.publication).toContain("손전화");
    expect(ko.publication).toContain("로씨야");
    expect(ko.pow_protection).toContain("쥬네브");
  });

  it("uses one spelling convention: Southern initial-sound spelling, never the Northern forms", () => {
    const joined = koStrings.join("\n");
    expect(joined).toContain("녹음");
    for (const northern of ["록음", "록화", "리용", "려러", "로동", "녀자"]) expect(joined).not.toContain(northern);
  });

  it("every section heading has English and Korean", () => {
    for (const section of SCRIPT_SECTIONS) {
      expect(SECTION_TITLES[section].en.length).toBeGreaterThan(3);
      expect(count(SECTION_TITLES[section].ko, HANGUL)).toBeGreaterThan(3);
    }
  });
});

describe("default consent script: says what the issue and guidance require", () => {
  it("POW section cites the Third Geneva Convention, articles 7 and 13, in both languages", () => {
    expect(en.pow_protection).toMatch(/Third Geneva Convention/);
    expect(en.pow_protection).toMatch(/\barticle 7\b/);
    expect(en.pow_protection).toMatch(/\barticle 13\b/);
    expect(ko.pow_protection).toContain("제3협약");
    expect(ko.pow_protection).toContain("제7조");
    expect(ko.pow_protection).toContain("제13조");
  });

  it("POW section: consent alone cannot unlock real name, face or voice; the newsroom protects regardless", () => {
    expect(en.pow_protection).toMatch(/agreement alone is not enough/);
    expect(en.pow_protection).toMatch(/real name/);
    expect(en.pow_protection).toMatch(/face/);
    expect(en.pow_protection).toMatch(/real voice/);
    expect(en.pow_protection).toMatch(/Whatever you choose today/);
    expect(en.pow_protection).toMatch(/two senior editors/);
    expect(ko.pow_protection).toContain("동의하는 것만으로는");
    expect(ko.pow_protection).toContain("무엇을 고르든");
    expect(ko.pow_protection).toContain("편집 책임자 두 사람");
  });

  it("publication: worldwide, inside North Korea, the detaining state, permanence, copying, translation", () => {
    for (const needle of [
      "every country",
      "inside North Korea",
      "state security",
      "any country that holds you",
      "many years",
      "copy",
      "translate",
    ]) {
      expect(en.publication).toContain(needle);
    }
    for (const needle of ["어느 나라에서나", "북조선 안에", "보위부", "붙잡아 두고 있는 나라", "여러 해", "복사", "옮기고"]) {
      expect(ko.publication).toContain(needle);
    }
  });

  it("risks: family punishment, exchange/transfer/asylum, what we do, what we cannot prevent", () => {
    for (const needle of ["family", "prison camps", "prisoner exchange", "asylum", "To reduce the risk", "cannot prevent", "court"]) {
      expect(en.risks).toContain(needle);
    }
    for (const needle of ["가족", "수용소", "포로 교환", "망명", "위험을 줄이기", "막을 수 없는", "재판소"]) {
      expect(ko.risks).toContain(needle);
    }
  });

  it("choices: every name, face and voice option, outlets and media, and whom to stay hidden from", () => {
    for (const needle of [
      "real name",
      "made-up name",
      "no name",
      "blurred",
      "not filmed",
      "real voice",
      "changed voice",
      "not recorded",
      "news organisations",
      "general public",
      "people who know you",
      "North Korean authorities",
      "left out",
    ]) {
      expect(en.choices).toContain(needle);
    }
    for (const needle of [
      "진짜 이름",
      "가명",
      "이름을 아예 쓰지 않기",
      "흐리게",
      "아예 찍지 않기",
      "진짜 목소리",
      "바꾼 목소리",
      "녹음하지 않기",
      "보도기관",
      "일반 사람들",
      "본인을 아는 사람들",
      "북조선 당국",
      "빼 달라는",
    ]) {
      expect(ko.choices).toContain(needle);
    }
  });

  it("voluntary: refuse, skip, stop; no effect on treatment or status; no inducements; art. 17; time to think", () => {
    for (const needle of [
      "say no",
      "refuse any question",
      "stop at any time",
      "treatment",
      "detention",
      "prisoner exchange",
      "transfer",
      "asylum",
      "promise nothing",
      "article 17",
      "owe journalists nothing",
      "do not have to decide now",
    ]) {
      expect(en.voluntary).toContain(needle);
    }
    for (const needle of [
      "싫다고",
      "대답하지 않아도",
      "그만두어도",
      "대우",
      "억류",
      "포로 교환",
      "망명",
      "약속하지 않습니다",
      "제17조",
      "의무가 없습니다",
      "지금 정하지 않아도",
    ]) {
      expect(ko.voluntary).toContain(needle);
    }
  });

  it("withdrawal: how, until when, and what happens after publication", () => {
    for (const needle of ["withdraw", "before publication", "after publication", "cannot erase copies"])
      expect(en.withdrawal).toContain(needle);
    for (const needle of ["거두어들", "내보내기 전에는 언제든지", "내보낸 뒤에", "지울 수 없습니다"])
      expect(ko.withdrawal).toContain(needle);
  });

  it("contact: the route is given in person, not written; explain-back; the ICRC is separate", () => {
    for (const needle of ["in person", "not written", "in your own words", "International Committee of the Red Cross"])
      expect(en.contact).toContain(needle);
    for (const needle of ["직접 만나서", "적지 않습니다", "본인의 말로", "국제적십자위원회"]) expect(ko.contact).toContain(needle);
  });

  it("who we are: independent of every government, army and intelligence service, and not the ICRC", () => {
    for (const needle of ["not part of any government", "intelligence service", "interpreter", "International Committee of the Red Cross"])
      expect(en.who_we_are).toContain(needle);
    for (const needle of ["속하지 않으며", "정보기관", "통역원", "국제적십자위원회"]) expect(ko.who_we_are).toContain(needle);
  });
});

describe("Korean style check", () => {
  it("finds the loanwords a text uses, each once, with a suggestion", () => {
    const found = findSouthernLoanwords("인터뷰 내용은 인터넷과 텔레비전에 나갑니다. 인터뷰는 한 번입니다.");
    expect(found.map((f) => f.word)).toEqual(["인터넷", "인터뷰", "텔레비전"].sort((a, b) => AVOIDED_IN_KOREAN.indexOf(a) - AVOIDED_IN_KOREAN.indexOf(b)));
    expect(found.find((f) => f.word === "텔레비전")?.suggestion).toBe("텔레비죤");
  });

  it("finds nothing in the default Korean text", () => {
    expect(findSouthernLoanwords(Object.values(ko).join("\n") + (title.ko ?? ""))).toEqual([]);
  });
});

describe("script schemas", () => {
  const lang = (code: string, t: ScriptText, heading = "Title") => ({ code, title: heading, texts: structuredClone(t) });
  const valid = () => ({
    label: "2026-12",
    notes: "Shorter risks section.",
    basedOn: "",
    languages: [lang("en", en, title.en!), lang("ko", ko, title.ko!)],
  });

  it("accepts the default script, section by section and as an editor's new version", () => {
    expect(scriptTextSchema.safeParse(en).success).toBe(true);
    expect(scriptTextSchema.safeParse(ko).success).toBe(true);
    const parsed = consentScriptInputSchema.safeParse(valid());
    expect(parsed.success).toBe(true);
    // Nothing is rewritten: the stored text is exactly what was validated (and hashed).
    expect(parsed.data?.languages[1]?.texts).toEqual(ko);
  });

  it("round-trips content through the form shape without changing the hash input", () => {
    const entries = inputFromContent(DEFAULT_CONSENT_SCRIPT);
    expect(entries.map((e) => e.code)).toEqual(["en", "ko"]);
    const parsed = consentScriptInputSchema.parse({ ...valid(), languages: entries });
    expect(contentFromInput(parsed)).toEqual(DEFAULT_CONSENT_SCRIPT);
  });

  it("accepts optional extra languages with valid codes", () => {
    const input = valid();
    expect(consentScriptInputSchema.safeParse({ ...input, languages: [...input.languages, lang("ru", en), lang("zh-Hant", en)] }).success).toBe(true);
  });

  it.each(["EN", "english", "r", "ko_KP", "ko-", "ko-KP-x", "1a"])("rejects the language code “%s”", (code) => {
    const input = valid();
    expect(consentScriptInputSchema.safeParse({ ...input, languages: [...input.languages, lang(code, en)] }).success).toBe(false);
  });

  it("requires English first and Korean second, and each language once", () => {
    const [e, k] = valid().languages;
    expect(consentScriptInputSchema.safeParse({ ...valid(), languages: [k, e] }).success).toBe(false);
    expect(consentScriptInputSchema.safeParse({ ...valid(), languages: [e] }).success).toBe(false);
    expect(consentScriptInputSchema.safeParse({ ...valid(), languages: [e, lang("ru", en)] }).success).toBe(false);
    const dup = consentScriptInputSchema.safeParse({ ...valid(), languages: [e, k, lang("ru", en), lang("ru", en)] });
    expect(dup.success).toBe(false);
    expect(dup.error?.issues[0]?.path).toEqual(["languages", 3, "code"]);
  });

  it("rejects a missing section, an unknown section and a non-string section", () => {
    const { risks: _risks, ...missing } = en;
    expect(scriptTextSchema.safeParse(missing).success).toBe(false);
    expect(scriptTextSchema.safeParse({ ...en, extra: "x".repeat(40) }).success).toBe(false);
    expect(scriptTextSchema.safeParse({ ...en, risks: 42 }).success).toBe(false);
  });

  it("enforces 20–2500 characters per section, not counting surrounding spaces for the minimum", () => {
    expect(scriptTextSchema.safeParse({ ...en, purpose: "x".repeat(20) }).success).toBe(true);
    expect(scriptTextSchema.safeParse({ ...en, purpose: "x".repeat(19) }).success).toBe(false);
    expect(scriptTextSchema.safeParse({ ...en, purpose: `  ${"x".repeat(19)}   ` }).success).toBe(false);
    expect(scriptTextSchema.safeParse({ ...en, purpose: "x".repeat(2500) }).success).toBe(true);
    expect(scriptTextSchema.safeParse({ ...en, purpose: "x".repeat(2501) }).success).toBe(false);
  });

  it("requires a label of safe characters, a non-blank title per language and notes of 5–500 characters", () => {
    const withTitle = (t: string) => ({ ...valid(), languages: [{ ...valid().languages[0]!, title: t }, valid().languages[1]!] });
    expect(consentScriptInputSchema.safeParse(withTitle("   ")).success).toBe(false);
    expect(consentScriptInputSchema.safeParse(withTitle("t".repeat(201))).success).toBe(false);
    expect(consentScriptInputSchema.safeParse({ ...valid(), label: "" }).success).toBe(false);
    expect(consentScriptInputSchema.safeParse({ ...valid(), label: "<script>" }).success).toBe(false);
    expect(consentScriptInputSchema.safeParse({ ...valid(), label: "l".repeat(41) }).success).toBe(false);
    expect(consentScriptInputSchema.safeParse({ ...valid(), label: "2027-01 개정 (v2)" }).success).toBe(true);
    expect(consentScriptInputSchema.safeParse({ ...valid(), notes: "n".repeat(500) }).success).toBe(true);
    expect(consentScriptInputSchema.safeParse({ ...valid(), notes: "n".repeat(501) }).success).toBe(false);
    expect(consentScriptInputSchema.safeParse({ ...valid(), notes: "" }).success).toBe(false);
  });
});
