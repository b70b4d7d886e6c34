import { describe, expect, it } from "vitest";
import { latinNameRecognizer } from "@/lib/redaction/recognizers/latin-names";
import { matches } from "./_helpers";

const r = latinNameRecognizer;

describe("Korean names in Latin script", () => {
  it.each([
    ["hyphenated given name", "Choe Kwang-hyok", "Choe Kwang-hyok"],
    ["North Korean style, separate syllables", "Pak Tong Gu", "Pak Tong Gu"],
    ["Revised Romanization", "Choi Gwang-hyeok", "Choi Gwang-hyeok"],
    ["McCune–Reischauer with breves", "Ch'oe Kwang-hyŏk", "Ch'oe Kwang-hyŏk"],
    ["joined given name", "Kim Gildong", "Kim Gildong"],
    ["all capitals", "KIM HYE RYON", "KIM HYE RYON"],
    ["Lee spelling of 이/리", "Lee Chul-nam", "Lee Chul-nam"],
    ["Rhee spelling", "Rhee In-soo", "Rhee In-soo"],
    ["short surname with hyphenated given name", "O Song-min", "O Song-min"],
    ["short surname with two syllables", "An Pok Chol", "An Pok Chol"],
    ["name split across a line break", "Jang Myong-\nil", "Jang Myong-\nil"],
    ["given name alone, hyphenated", "Seo-yeon", "Seo-yeon"],
    ["given name first", "Kwang-hyok Choe", "Kwang-hyok Choe"],
    ["file-name slug", "pak_choljun_s1.m4a", "pak_choljun"],
  ])("finds a %s", (_label, text, expected) => {
    expect(matches(r, text)).toContain(expected);
  });

  it("finds names embedded in prose, with possessives", () => {
    const text = "Yesterday Park Ji-hoon's uncle met Ri Kwang-yong at the border.";
    expect(matches(r, text)).toEqual(["Park Ji-hoon", "Ri Kwang-yong"]);
  });

  it("finds several names in one text", () => {
    const text = "1. Kim Chol-su\n2. Pak Myong-il\n3. Ri Kwang-yong";
    expect(matches(r, text)).toEqual(["Kim Chol-su", "Pak Myong-il", "Ri Kwang-yong"]);
  });

  it.each([
    ["English sentence starting with a short surname", "So I said no. An Open Letter to the editor."],
    ["surname followed by an English word", "Song Made for You"],
    ["lower-case noun", "a park near the embassy"],
    ["hyphenated English words", "No-op, Non-deep, Sino-Korean, self-harm, Co-op."],
    ["a dash between words", "MIT - see the licence"],
    ["language names", "In Russian they wrote it differently."],
  ])("does not flag %s", (_label, text) => {
    expect(matches(r, text)).toEqual([]);
  });
});
