import { describe, expect, it } from "vitest";
import { featureRecognizer } from "@/lib/redaction/recognizers/features";
import { matches } from "./_helpers";

const r = featureRecognizer;

describe("distinctive marks", () => {
  it.each([
    [
      "tattoo with a description",
      "The prisoner's hands, with a tattoo of a small anchor between thumb and forefinger.",
      "with a tattoo of a small anchor between thumb and forefinger",
    ],
    ["moles with a place", "distinguishing: two moles on the left cheek; tattoo", "two moles on the left cheek"],
    ["scars on a body part", "burn scars on both palms.", "burn scars on both palms"],
    ["a limp", "He walks with a limp.", "He walks with a limp"],
    ["a side and a limb", "the way he holds his left arm (broken as a child)", "the way he holds his left arm (broken as a child)"],
    [
      "Korean habit with a limb",
      "귀 모양이랑 왼팔을 약간 구부리는 버릇이 똑같았어요.",
      "귀 모양이랑 왼팔을 약간 구부리는 버릇이 똑같았어요",
    ],
    ["Ukrainian", "татуювання на правій руці.", "татуювання на правій руці"],
  ])("finds %s", (_label, text, expected) => {
    expect(matches(r, text)).toContain(expected);
  });

  it("finds several marks in one text", () => {
    expect(matches(r, "A tattoo of the DPRK flag on his calf. A scar above his left eyebrow.")).toEqual([
      "A tattoo of the DPRK flag on his calf",
      "A scar above his left eyebrow",
    ]);
  });

  it.each([
    ["a mark without a description", "Internal only — the tattoo would be recognised by his unit."],
    ["a wound in general", "I was wounded in the stomach."],
  ])("does not flag %s", (_label, text) => {
    expect(matches(r, text)).toEqual([]);
  });
});
