import { describe, expect, it } from "vitest";
import { scanText } from "@/lib/redaction";
import { combinationFinding } from "@/lib/redaction/combination";
import type { Finding } from "@/lib/redaction/types";

const f = (start: number, category: Finding["category"]): Finding => ({
  start,
  end: start + 3,
  category,
  severity: "medium",
  score: 0.8,
  recognizer: "test",
  explanation: "test",
});

describe("combination risk", () => {
  it("adds one finding when three quasi-identifier categories appear", () => {
    const combo = combinationFinding([f(10, "age"), f(20, "place"), f(30, "unit"), f(40, "place")]);
    expect(combo).toMatchObject({ category: "combination", severity: "high", start: 10, end: 13 });
    expect(combo!.explanation).toMatch(/these details together may identify the source/);
    expect(combo!.related).toHaveLength(4);
  });

  it("does not fire for two categories, however many details", () => {
    expect(combinationFinding([f(0, "place"), f(10, "place"), f(20, "date"), f(30, "date")])).toBeNull();
  });

  it("does not count direct identifiers (names, phones) as quasi-identifiers", () => {
    expect(combinationFinding([f(0, "name"), f(10, "phone"), f(20, "place"), f(30, "age")])).toBeNull();
  });

  it("is part of scanText: age + hometown + unit", () => {
    const found = scanText("He is 26 years old, from Hyesan, and served in Unit 10433.");
    expect(found.filter((x) => x.category === "combination")).toHaveLength(1);
    expect(scanText("He is 26 years old and from Hyesan.").some((x) => x.category === "combination")).toBe(false);
  });
});
