import { describe, expect, it } from "vitest";
import { scanText } from "@/lib/redaction";
import { identifierRecognizer } from "@/lib/redaction/identifiers";
import type { Identifier } from "@/lib/redaction/types";
import { matches } from "./_helpers";

const source = identifierRecognizer([
  { value: "Choe Kwang-hyok", category: "name" },
  { value: "Gomdori", category: "name" },
  { value: "Musan", category: "place" },
  { value: "Unit 10861", category: "unit" },
  { value: "Ri Chun-hwa", category: "family" },
  { value: "baechu", category: "codeword" },
  { value: "@wonsan_gull", category: "handle" },
  { value: "+86 186 4320 7715", category: "phone" },
]);

describe("source-aware matching of registered identifiers", () => {
  it.each([
    ["as registered", "Choe Kwang-hyok"],
    ["North Korean spacing", "Choe Kwang Hyok"],
    ["Revised Romanization", "Choi Gwang-hyeok"],
    ["McCune–Reischauer with breves", "Ch'oe Kwang-hyŏk"],
    ["McCune–Reischauer without breves", "Ch'oe Kwang-hyok"],
    ["upper case, joined", "CHOE KWANGHYOK"],
    ["given name first", "Kwang-hyok Choe"],
    ["given name alone", "Kwang-hyok"],
    ["surname alone, other spelling", "Choi"],
    ["Hangul", "최광혁"],
    ["Hangul given name", "광혁"],
    ["Ukrainian Cyrillic", "Чхве Кван Хьок"],
    ["Russian Cyrillic", "Цой Гван Хёк"],
    ["family member, South Korean spelling", "Lee Chun-hwa"],
    ["family member, Russian", "Ли Чхун Хва"],
    ["family member, Hangul", "리춘화"],
    ["nickname in older romanization", "Komdori"],
    ["nickname in Hangul", "곰돌이"],
    ["codeword in Hangul", "배추"],
    ["place in Hangul with county suffix", "무산군"],
    ["place in Cyrillic", "Мусан"],
    ["handle without @", "wonsan_gull"],
  ])("finds the %s form", (_label, text) => {
    expect(matches(source, `before ${text} after`)).toEqual([text]);
  });

  it.each([
    ["a possessive", "Kwang-hyok's mother", "Kwang-hyok"],
    ["a Korean particle", "최광혁은 말했다", "최광혁"],
    ["another particle", "곰돌이라고 불렀다", "곰돌이"],
    ["a Russian case ending", "он из Мусана", "Мусана"],
    ["a line break inside the name", "Choe Kwang-\nhyok", "Choe Kwang-\nhyok"],
    ["a phone number written another way", "call 186-4320-7715", "186-4320-7715"],
    ["a phone number with 00", "0086 18643207715", "0086 18643207715"],
    ["a unit number after another label", "в/ч 10861", "10861"],
  ])("finds the identifier with %s", (_label, text, expected) => {
    expect(matches(source, text)).toEqual([expected]);
  });

  it("marks matches as protected and high severity, with the identifier's category", () => {
    const [finding] = scanText("Mother: Lee Chun-hwa.", { identifiers: [{ value: "Ri Chun-hwa", category: "family" }] });
    expect(finding).toMatchObject({ category: "family", severity: "high", protected: true });
    expect(finding!.explanation).not.toContain("Chun-hwa");
  });

  it("finds several identifiers in one text", () => {
    expect(matches(source, "Choi Gwang-hyeok (곰돌이) from 무산, Unit 10861.")).toEqual([
      "Choi Gwang-hyeok",
      "곰돌이",
      "무산",
      "Unit 10861",
    ]);
  });

  it.each([
    ["other people's names", "Kim Jong Un met Pak Myong-il."],
    ["the surname inside other words", "Choices were made. Musanite rock."],
    ["a Hangul surname syllable inside a word", "최근에 만났다"],
    ["other numbers", "108612 and 1086"],
    ["a different phone number", "+86 186 4320 7716"],
  ])("does not flag %s", (_label, text) => {
    expect(matches(source, text)).toEqual([]);
  });

  it("leaves a public figure alone even when the surname is registered", () => {
    const ids: Identifier[] = [{ value: "Kim Hye-ryon", category: "name" }];
    const found = scanText("Kim cried. Kim Jong Un never forgives.", { identifiers: ids });
    expect(found.map((f) => f.start)).toEqual([0]);
  });

  it("finds a Hangul surname used as a speaker label", () => {
    const ids: Identifier[] = [{ value: "김혜련", category: "name" }];
    const text = "기자: 언제요?\n김: 2020년에요. 김치찌개 끓여 놓을게.";
    expect(matches(identifierRecognizer(ids), text)).toEqual(["김"]);
  });
});
