import { describe, expect, it } from "vitest";
import { slavicNameRecognizer } from "@/lib/redaction/recognizers/slavic-names";
import { matches } from "./_helpers";

describe("Ukrainian and Russian names of private people", () => {
  it.each([
    ["first name + surname", "The translator, Olena Marchenko, added a note.", "Olena Marchenko"],
    ["Cyrillic", "медик Оксана Ковальчук сказала", "Оксана Ковальчук"],
    ["initial + surname", "camera owner D. Kovalenko", "D. Kovalenko"],
    ["Russian", "переводчик Сергей Иванов", "Сергей Иванов"],
  ])("finds %s", (_label, text, expected) => {
    expect(matches(slavicNameRecognizer, text)).toContain(expected);
  });

  it.each([
    ["public figures (allow list)", "Volodymyr Zelensky met Oleksandr Syrskyi."],
    ["a first name before an ordinary word", "Roman Empire. Victoria Station. Ivan the Terrible."],
  ])("does not flag %s", (_label, text) => {
    expect(matches(slavicNameRecognizer, text)).toEqual([]);
  });
});
