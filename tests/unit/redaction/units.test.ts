import { describe, expect, it } from "vitest";
import { unitRecognizer } from "@/lib/redaction/recognizers/units";
import { matches } from "./_helpers";

const r = unitRecognizer;

describe("military units", () => {
  it.each([
    ["numbered unit", "Unit 10861. Infantry.", "Unit 10861"],
    ["unit number after 'was'", "My unit was 10433. We came in November.", "10433"],
    ["ordinal formation", "the 11th Army Corps", "11th Army Corps"],
    ["brigade number", "Brigade No. 94", undefined],
    ["Russian в/ч", "в/ч 10861", "в/ч 10861"],
    ["Russian full form", "войсковая часть № 55312", "войсковая часть № 55312"],
    ["Korean numbered unit", "군부대 10861", "군부대 10861"],
    ["Korean unit number first", "10433군부대", "10433군부대"],
    ["Korean corps", "제11군단에 있었다", "제11군단"],
    ["named formation", "part of the Storm Corps", "Storm Corps"],
    ["named formation in Korean", "폭풍군단에 갔다", "폭풍군단"],
    ["Russian ordinal formation", "11-й корпус", "11-й корпус"],
  ])("finds a %s", (_label, text, expected) => {
    if (expected === undefined) expect(matches(r, text)).toEqual([]);
    else expect(matches(r, text)).toContain(expected);
  });

  it("finds several units in one text", () => {
    expect(matches(r, "Unit 10433 (11th Army Corps), later в/ч 10861")).toEqual(["Unit 10433", "11th Army Corps", "в/ч 10861"]);
  });

  it.each([
    ["a unit without a number", "He left with his unit in November."],
    ["a year after 'unit'", "unit 12 of the course"],
  ])("does not flag %s", (_label, text) => {
    expect(matches(r, text)).toEqual([]);
  });
});
