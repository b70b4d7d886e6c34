import { describe, expect, it } from "vitest";
import { phoneticKey, phoneticReading } from "@/lib/redaction/phonetic";
import { nameVariants, romanizeName, transliterate } from "@/lib/redaction/variants";

describe("romanization systems from Hangul", () => {
  it.each([
    ["rr", "Choe Gwanghyeok"],
    ["mr", "Ch'oe Kwanghyŏk"],
    ["mr-plain", "Choe Kwanghyok"],
    ["nk", "Choe Kwang Hyok"],
    ["ru", "Чхве Кван Хёк"],
    ["uk", "Чхве Кван Хьок"],
  ] as const)("%s", (system, expected) => {
    expect(romanizeName("최광혁", system)).toBe(expected);
  });

  it("voices consonants between voiced sounds, as McCune–Reischauer and the North Korean system do", () => {
    expect(transliterate("동구", "nk", true)).toBe("Tong Gu");
    expect(transliterate("복철", "mr")).toBe("Pokch'ŏl");
    expect(transliterate("곰돌이", "rr")).toBe("Gomdoli");
  });

  it("keeps the North Korean initial ㄹ and derives the Cyrillic", () => {
    expect(romanizeName("리춘화", "nk")).toBe("Ri Chun Hwa");
    expect(romanizeName("리춘화", "ru")).toBe("Ли Чхун Хва");
  });
});

describe("phonetic key: one key for every spelling of the same sounds", () => {
  it.each([
    ["given name across systems and scripts", ["광혁", "Kwang-hyok", "Gwang-hyeok", "Kwang-hyŏk", "Kwang Hyok", "Кван Хьок", "Гван Хёк"]],
    ["the surname 이/리", ["이", "리", "Lee", "Ri", "Yi", "I", "Rhee", "Ли", "Лі"]],
    ["the surname 박", ["박", "Park", "Pak", "Bak", "Пак"]],
    ["hyphen, space and case", ["Hye-ryon", "Hye Ryon", "HYERYON", "hyeryon", "혜련", "Хе Рён"]],
    ["a place with the initial sound rule", ["량강", "양강", "Ryanggang", "Yanggang"]],
    ["a nickname", ["곰돌이", "Gomdori", "Komdori"]],
    ["Hyun-woo and Hyon-u", ["현우", "Hyon-u", "Hyun-woo"]],
  ])("%s", (_label, spellings) => {
    const keys = new Set(spellings.map((s) => phoneticKey(s)));
    expect(keys.size).toBe(1);
    expect([...keys][0]).not.toBeNull();
  });

  it("tells different names apart", () => {
    expect(phoneticKey("Kwang-hyok")).not.toBe(phoneticKey("Kwang-chol"));
    expect(phoneticKey("혜련")).not.toBe(phoneticKey("혜란"));
  });

  it("refuses words that cannot be romanized Korean", () => {
    for (const w of ["Sunday", "Trump", "Vladimir", "Zelensky", "Xi"]) expect(phoneticReading(w)).toBeNull();
  });
});

describe("name variants shown to the journalist", () => {
  it("covers surname spellings, orders, layouts and case for a Latin registration", () => {
    const v = nameVariants("Choe Kwang-hyok");
    for (const expected of ["Choi Kwang-hyok", "Chwe Kwang Hyok", "Kwang-hyok Choe", "Choe Kwanghyok", "Kwang-hyok", "CHOE KWANG-HYOK"]) {
      expect(v).toContain(expected);
    }
  });

  it("adds every romanization system and Cyrillic for a Hangul registration", () => {
    const v = nameVariants("김혜련");
    for (const expected of ["Kim Hye Ryon", "Kim Hyeryŏn", "Gim Hyeryeon", "Ким Хе Рён", "Кім Хе Рьон", "혜련", "Hye-ryeon"]) {
      expect(v).toContain(expected);
    }
  });
});
