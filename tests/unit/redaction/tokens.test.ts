import { describe, expect, it } from "vitest";
import { initialSoundAlternatives, particleReadings, stripAdminSuffix } from "@/lib/redaction/text/hangul";
import { tokenize } from "@/lib/redaction/text/tokens";

describe("tokenizer", () => {
  it("keeps McCune–Reischauer apostrophes and drops possessives and contractions", () => {
    expect(tokenize("Ch'oe's P'yŏngyang, I'm Kwang-hyok’s").map((t) => t.text)).toEqual(["Ch'oe", "P'yŏngyang", "I", "Kwang", "hyok"]);
  });

  it("records script and exact offsets", () => {
    const text = "김혜련, Ким and Kim";
    const tokens = tokenize(text);
    expect(tokens.map((t) => [t.script, text.slice(t.start, t.end)])).toEqual([
      ["hangul", "김혜련"],
      ["cyrillic", "Ким"],
      ["latin", "and"],
      ["latin", "Kim"],
    ]);
  });
});

describe("Hangul helpers", () => {
  it("strips particles, longest first, keeping the whole word last", () => {
    expect(particleReadings("청진에서")).toEqual(["청진", "청진에서"]);
    expect(particleReadings("현우야")).toEqual(["현우", "현우야"]);
    expect(particleReadings("김혜련")).toEqual(["김혜련"]);
  });

  it("strips North Korean administrative suffixes", () => {
    expect(stripAdminSuffix("수남구역")).toBe("수남");
    expect(stripAdminSuffix("무산군")).toBe("무산");
  });

  it("gives the other side of the initial sound rule", () => {
    expect(initialSoundAlternatives("리")).toContain("이");
    expect(initialSoundAlternatives("양")).toEqual(expect.arrayContaining(["량", "냥"]));
    expect(initialSoundAlternatives("로")).toContain("노");
  });
});
