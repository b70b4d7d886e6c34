import { describe, expect, it } from "vitest";
import { emailRecognizer } from "@/lib/redaction/recognizers/emails";
import { matches } from "./_helpers";

describe("e-mail addresses", () => {
  it("finds addresses in prose", () => {
    expect(matches(emailRecognizer, "Write to hye.ryon+news@example.co.kr or a.b@mail.ru.")).toEqual([
      "hye.ryon+news@example.co.kr",
      "a.b@mail.ru",
    ]);
  });

  it("does not flag handles or image names", () => {
    expect(matches(emailRecognizer, "@wonsan_gull and icon@2x.png")).toEqual([]);
  });
});
