import { describe, expect, it } from "vitest";
import { idNumberRecognizer } from "@/lib/redaction/recognizers/id-numbers";
import { matches } from "./_helpers";

const r = idNumberRecognizer;

describe("serial, POW and document numbers", () => {
  it.each([
    ["number sign", "The number was on a tag: № 7731-0045.", "№ 7731-0045"],
    ["serial number", "serial no. 48213-77", "48213-77"],
    ["POW ID", "POW ID: 0042-1717", "0042-1717"],
    ["passport with context", "passport M12345678", "M12345678"],
    ["Korean", "군번 2019-4471", "2019-4471"],
  ])("finds a %s", (_label, text, expected) => {
    expect(matches(r, text)).toContain(expected);
  });

  it("finds several in one text", () => {
    expect(matches(r, "№ 7731-0045 and № 8812-0001")).toEqual(["№ 7731-0045", "№ 8812-0001"]);
  });

  it.each([
    ["a short source code", "source code P-21"],
    ["a code without context", "M12345678"],
  ])("does not flag %s", (_label, text) => {
    expect(matches(r, text)).toEqual([]);
  });
});
