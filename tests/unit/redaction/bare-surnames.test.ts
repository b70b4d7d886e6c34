import { describe, expect, it } from "vitest";
import { bareSurnameRecognizer } from "@/lib/redaction/recognizers/bare-surnames";
import { matches } from "./_helpers";

describe("a Korean surname on its own", () => {
  it.each([
    ["next to 'spelling'", "Ri in North Korean spelling", "Ri"],
    ["with an age in brackets", "Kim (26) said", "Kim"],
    ["with an age after a comma", "Кан, 21 рік, Чхонджин", "Кан"],
    ["next to 'prisoner'", "whether Kang is one of the prisoners", "Kang"],
  ])("is flagged %s", (_label, text, expected) => {
    expect(matches(bareSurnameRecognizer, text)).toContain(expected);
  });

  it.each([
    ["without context", "Kim arrived late. Park opened the gate."],
    ["ambiguous spellings even with context", "Song for my mother. So the soldier left."],
  ])("is not flagged %s", (_label, text) => {
    expect(matches(bareSurnameRecognizer, text)).toEqual([]);
  });
});
