import { describe, expect, it } from "vitest";
import { phoneRecognizer } from "@/lib/redaction/recognizers/phones";
import { matches } from "./_helpers";

const r = phoneRecognizer;

describe("phone numbers", () => {
  it.each([
    ["North Korea +850", "phone +850 192 334 0821 (inside NK)", "+850 192 334 0821"],
    ["China +86", "shows as +86 186 4320 7715.", "+86 186 4320 7715"],
    ["South Korea +82", "Her phone: +82 10-6621-0448.", "+82 10-6621-0448"],
    ["Russia +7", "звонить +7 912 345-67-89", "+7 912 345-67-89"],
    ["Ukraine +380", "+380 67 412 8890", "+380 67 412 8890"],
    ["00 prefix", "0086 13104432716", "0086 13104432716"],
    ["South Korean local mobile", "010-5521-8890", "010-5521-8890"],
    ["Chinese local mobile", "call 138 0443 2716", "138 0443 2716"],
    ["Ukrainian local", "тел. 067 412 88 90", "067 412 88 90"],
  ])("finds a %s number", (_label, text, expected) => {
    expect(matches(r, text)).toContain(expected);
  });

  it("finds several numbers in one text", () => {
    expect(matches(r, "+380 67 412 8890 and +380 95 007 3141")).toEqual(["+380 67 412 8890", "+380 95 007 3141"]);
  });

  it.each([
    ["a timestamp", "00:00:00,500 --> 00:00:03,900"],
    ["an ISO date", "2024-11-04"],
    ["money and counts", "3,000 yuan; 14,000 soldiers; 25–30%"],
    ["a serial number", "№ 7731-0045"],
    ["coordinates", "50.4501, 30.5234"],
  ])("does not flag %s", (_label, text) => {
    expect(matches(r, text)).toEqual([]);
  });
});
