import { describe, expect, it } from "vitest";
import { familyRecognizer } from "@/lib/redaction/recognizers/family";
import { matches } from "./_helpers";

const r = familyRecognizer;

describe("family relations with a descriptor", () => {
  it.each([
    [
      "appositive occupation and workplace",
      "family_inside: mother, a nurse at the Tanchon county hospital; two sisters",
      "mother, a nurse at the Tanchon county hospital",
    ],
    [
      "workplace and place",
      'Aunt: "your father is still at the fishing cooperative in Sunam"',
      "father is still at the fishing cooperative in Sunam",
    ],
    ["works as", "my father works there as a welder.", "father works there as a welder"],
    ["occupation in apposition", "her husband, a fisherman on the Wonsan docks.", "husband, a fisherman on the Wonsan docks"],
    ["Korean", "어머니는 혜산 장마당에서 장사를 한다.", "어머니는 혜산 장마당에서 장사"],
    ["Russian", "Его мать работает медсестрой в больнице.", "мать работает медсестрой в больнице"],
    ["family composition", "two sisters", "two sisters"],
    ["only son", "He is an only son.", "only son"],
  ])("finds a %s", (_label, text, expected) => {
    expect(matches(r, text)).toContain(expected);
  });

  it("finds several relatives in one text", () => {
    expect(matches(r, "His mother sells fish at the market. His father is a miner.")).toEqual([
      "mother sells fish at the market",
      "father is a miner",
    ]);
  });

  it.each([
    ["a relative without a descriptor", "A letter from his mother that he carried in his jacket."],
    ["a generic relative", "Everybody's father works at the mine."],
    ["a relative whose situation is not an occupation", "Her husband is still in North Korea."],
    ["a kinship word alone in Korean", '한 명이 "어머니"라는 말을 반복했다.'],
  ])("does not flag %s", (_label, text) => {
    expect(matches(r, text)).toEqual([]);
  });
});
