import { describe, expect, it } from "vitest";
import { titledNameRecognizer } from "@/lib/redaction/recognizers/titled-names";
import { detect, matches } from "./_helpers";

describe("names found by what surrounds them", () => {
  it.each([
    ["title + Korean surname", "the broker Mr. Ma in Yanji", "Ma"],
    ["kinship title", "Granny Cho says the border is hot", "Cho"],
    ["rank + surname", "Private Ryu refused to answer", "Ryu"],
    ["Ukrainian title", "пан Кім сказав", "Кім"],
    ["call sign in quotes", 'a medic, call sign "Lastivka", treated them', "Lastivka"],
    ["name given in quotes", 'He gave his name as "Kang" and said he was 21.', "Kang"],
    ["camera owner", 'the camera owner "D. Kovalenko". Strip both.', "D. Kovalenko"],
    ["Russian card", "a Russian card with the name «Ооржак Чодураа»", "Ооржак Чодураа"],
    ["name tag", 'the guard\'s name tag read "Мельник"', "Мельник"],
    ["quoted bare surname", "the Russian «Ли» corresponds to 리", "Ли"],
    ["nickname", "My friends call me Dolsoe because I was strong.", "Dolsoe"],
  ])("finds a %s", (_label, text, expected) => {
    expect(matches(titledNameRecognizer, text)).toContain(expected);
  });

  it("marks a quoted name next to the word broker as a broker", () => {
    expect(detect(titledNameRecognizer, 'voice note to the broker "Mr. Ma" in Yanji')).toContainEqual({
      text: "Ma",
      category: "broker",
    });
  });

  it("finds several in one text", () => {
    const text = "Mr. Yoo met Granny Cho; Mrs. Lim stayed home.";
    expect(matches(titledNameRecognizer, text)).toEqual(["Yoo", "Cho", "Lim"]);
  });

  it.each([
    ["rank before an English word", "Major General Smith and Captain America"],
    ["author with a device name", 'notes.docx — author "Desk Laptop 3"'],
    ["quoted phrase that is not a name", 'it was named "the best of the year"'],
  ])("does not flag %s", (_label, text) => {
    expect(matches(titledNameRecognizer, text)).toEqual([]);
  });
});
