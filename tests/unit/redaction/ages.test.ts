import { describe, expect, it } from "vitest";
import { ageRecognizer } from "@/lib/redaction/recognizers/ages";
import { matches } from "./_helpers";

const r = ageRecognizer;

describe("ages", () => {
  it.each([
    ["years old", "he is 26 years old", "26 years old"],
    ["hyphenated", "a 19-year-old soldier", "19-year-old"],
    ["field", "age_at_interview: 22", "22"],
    ["apposition", "The prisoner, 20, looks at a map", "20"],
    ["her age", "also remove her age, 44, and", "44"],
    ["stated", "said he was 21.", "21"],
    ["bracket after a name", "Mr. Ri (26) said", "26"],
    ["Korean press anonymiser", "리모(26)", "26"],
    ["Korean", "스물여섯, 26살이에요", "26"],
    ["Ukrainian", "Кан, 21 рік, Чхонджин", "21 рік"],
    ["number word answering an age question", "J: How old are you?\nP: Twenty. Born in May.", "Twenty"],
    ["number answering an age question", "How old are you?\nC: 19.", "19"],
  ])("finds an age: %s", (_label, text, expected) => {
    expect(matches(r, text)).toContain(expected);
  });

  it("finds several ages in one text", () => {
    expect(matches(r, "Kim (26) and Pak, 31 years old, and the prisoner, 20,")).toEqual(["26", "31 years old", "20"]);
  });

  it.each([
    ["a function call in code", "x.toString(16) and readUInt16BE(10)"],
    ["a quantity", "twenty minutes later; 25 years ago"],
    ["a percentage range", "Fees: 25–30% of the transfer."],
    ["numbers without an age context", "Post 12 of 40 replies"],
  ])("does not flag %s", (_label, text) => {
    expect(matches(r, text)).toEqual([]);
  });
});
