import { describe, expect, it } from "vitest";
import { dateRecognizer } from "@/lib/redaction/recognizers/dates";
import { matches } from "./_helpers";

const r = dateRecognizer;

describe("dates", () => {
  it.each([
    ["day month year", "Born 5 May 2004.", "5 May 2004"],
    ["month day", "captured on February 27, near Guevo", "February 27"],
    ["day and month", "On 11 March I was wounded", "11 March"],
    ["month and year", "captured in March 2025 in the region", "March 2025"],
    ["ISO date", "| 2024-11-04 | Granny Cho |", "2024-11-04"],
    ["numeric date", "dob: 14.07.2002", "14.07.2002"],
    ["Korean full date", "2003년 2월 1일생이고", "2003년 2월 1일"],
    ["Korean birth year", "1999년생", "1999년생"],
    ["Russian birth year", "Ким Чхоль Су, 1999 г.р.", "1999 г.р."],
    ["Ukrainian birth year", "1998 р.н.", "1998 р.н."],
    ["Russian date", "5 мая 2004 года", "5 мая 2004"],
    ["birth year in English", "born 1999 in Tanchon", "1999"],
    ["escape year", "who fled Wŏnsan in 2018 and now runs", "2018"],
    ["conscription year answered in Korean", "언제 입대했나요?\n김: 2020년에요.", "2020년"],
  ])("finds a %s", (_label, text, expected) => {
    expect(matches(r, text)).toContain(expected);
  });

  it("finds several dates in one text", () => {
    expect(matches(r, "dob: 2002-07-14\ncaptured: 2025-02-08\nre-confirmed 2025-03-02")).toEqual([
      "2002-07-14",
      "2025-02-08",
      "2025-03-02",
    ]);
  });

  it.each([
    ["a year in general context", "the 2024 treaty with Putin"],
    ["a period starting with since", "soldiers deployed since 2024; cameras since 2023"],
    ["subtitle timestamps", "00:00:12,500 --> 00:00:16,200"],
    ["a month across a blank line", "We came in\nNovember.\n\n4\n"],
    ["a number", "estimated 14,000 soldiers; 3,000 yuan"],
  ])("does not flag %s", (_label, text) => {
    expect(matches(r, text)).toEqual([]);
  });
});
