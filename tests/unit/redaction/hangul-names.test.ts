import { describe, expect, it } from "vitest";
import { hangulNameRecognizer } from "@/lib/redaction/recognizers/hangul-names";
import { matches } from "./_helpers";

const r = hangulNameRecognizer;

describe("Korean names in Hangul", () => {
  it.each([
    ["surname + two syllables", "박철준", "박철준"],
    ["North Korean 리 form", "리광영", "리광영"],
    ["particle stripped from the span", "김혜련은 말했다", "김혜련"],
    ["genitive particle", "최광혁의 어머니", "최광혁"],
    ["surname with a separate title", "유 사장을 통해", "유 사장"],
    ["surname with a title and particle", "마 선생을 만났다", "마 선생"],
    ["given name with a title", "혜련 씨가 왔다", "혜련"],
    ["press anonymiser with age", "리모(26)는 말했다", "리모"],
    ["ambiguous surname as a speaker label", "정수련: 네.", "정수련"],
    ["Hanja name", "記者 李光永(23)", "李光永"],
  ])("finds %s", (_label, text, expected) => {
    expect(matches(r, text)).toContain(expected);
  });

  it("finds several names in one text", () => {
    expect(matches(r, "김철수, 박명일, 리광영이 함께 있었다")).toEqual(["김철수", "박명일", "리광영"]);
  });

  it.each([
    ["common words starting with a surname syllable", "최근에 박물관에서 이야기를 들었다"],
    ["a word with a particle is not a three-syllable name", "채널에 나온 사진을 봤다"],
    ["ambiguous surname without context", "정말로 이번에는 안녕하세요"],
    ["kimchi stew", "김치찌개 끓여 놓을게"],
    ["determiner before a title", "우리 선생님이 오셨다"],
  ])("does not flag %s", (_label, text) => {
    expect(matches(r, text)).toEqual([]);
  });
});
