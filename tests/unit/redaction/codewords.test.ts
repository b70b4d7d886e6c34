import { describe, expect, it } from "vitest";
import { codewordRecognizer } from "@/lib/redaction/recognizers/codewords";
import { detect, matches } from "./_helpers";

const r = codewordRecognizer;

describe("codewords and brokers", () => {
  it.each([
    ["quoted codeword", 'the codeword is "baechu", cabbage', "baechu"],
    ["unquoted codeword", "The password is hwangso.", "hwangso"],
    ["alternatives listed together", 'uses a codeword with her parents ("bamboo basket" / "대바구니").', "대바구니"],
    ["Korean", '암호는 "소나무"였다', "소나무"],
    ["Russian", "пароль «ласточка»", "ласточка"],
  ])("finds a %s", (_label, text, expected) => {
    expect(matches(r, text)).toContain(expected);
  });

  it("finds both of two listed codewords", () => {
    expect(matches(r, 'a codeword ("bamboo basket" / "대바구니")')).toEqual(["bamboo basket", "대바구니"]);
  });

  it("marks a quoted name after 'broker' as a broker", () => {
    expect(detect(r, 'sends a voice note to the broker "Mr. Ma" in Yanji')).toEqual([{ text: "Mr. Ma", category: "broker" }]);
  });

  it.each([["a later quote that is the answer, not the codeword", 'the codeword is "baechu", cabbage; "two heads" is the answer.']])(
    "stops at %s",
    (_label, text) => {
      expect(matches(r, text)).toEqual(["baechu"]);
    },
  );

  it("does not flag quotes without a trigger", () => {
    expect(matches(r, 'She said "hello" and "goodbye".')).toEqual([]);
  });
});
