import { describe, expect, it } from "vitest";
import { applyRedactions, scanText } from "@/lib/redaction";
import type { Finding } from "@/lib/redaction/types";

const f = (start: number, end: number, category: Finding["category"]): Finding => ({
  start,
  end,
  category,
  severity: "high",
  score: 0.9,
  recognizer: "test",
  explanation: "test",
});

const text = "Kim Hye-ryon from Chongjin, +82 10-6621-0448.";
const findings = [f(0, 12, "name"), f(18, 26, "place"), f(28, 44, "phone")];

describe("applying redactions", () => {
  it("replaces spans with category labels", () => {
    expect(applyRedactions(text, findings, { mode: "label" })).toBe("[NAME] from [PLACE], [PHONE].");
  });

  it("replaces spans with chosen pseudonyms, by matched text or by category, falling back to the label", () => {
    const out = applyRedactions(text, findings, { mode: "pseudonym", pseudonyms: { "Kim Hye-ryon": "Ms. A", place: "a border city" } });
    expect(out).toBe("Ms. A from a border city, [PHONE].");
  });

  it("uses a pseudonym function consistently", () => {
    const twice = "Kim went home. Later Kim left.";
    const out = applyRedactions(twice, [f(0, 3, "name"), f(21, 24, "name")], {
      mode: "pseudonym",
      pseudonyms: (match) => (match === "Kim" ? "Source A" : undefined),
    });
    expect(out).toBe("Source A went home. Later Source A left.");
  });

  it("masks with the same length, keeping spaces", () => {
    expect(applyRedactions(text, [findings[0]!], { mode: "mask" })).toBe("███ ████████ from Chongjin, +82 10-6621-0448.");
    expect(applyRedactions("Kim", [f(0, 3, "name")], { mode: "mask", maskChar: "x" })).toBe("xxx");
  });

  it("removes spans", () => {
    expect(applyRedactions(text, findings, { mode: "remove" })).toBe(" from , .");
  });

  it("merges overlapping and nested spans so no half name survives, labelled by the most sensitive category", () => {
    const t = "My mother, Ri Chun-hwa, sells at Musan market.";
    const nested = [f(0, 45, "family"), f(33, 38, "place"), f(11, 22, "name"), f(20, 24, "name")];
    expect(applyRedactions(t, nested, { mode: "label" })).toBe("[NAME].");
    expect(applyRedactions(t, [f(11, 22, "name"), f(20, 29, "family")], { mode: "label" })).toBe("My mother, [NAME] at Musan market.");
  });

  it("ignores document-level combination findings", () => {
    const combo: Finding = { ...f(0, 12, "combination"), related: [] };
    expect(applyRedactions(text, [combo], { mode: "label" })).toBe(text);
  });

  it("round-trips with the scanner", () => {
    const scanned = scanText("Lee Chul-nam, 44, from Wonsan.");
    expect(applyRedactions("Lee Chul-nam, 44, from Wonsan.", scanned, { mode: "label" })).toBe("[NAME], [AGE], from [PLACE].");
  });
});
