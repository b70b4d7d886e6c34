import { describe, expect, it } from "vitest";
import { analyze } from "@/lib/redaction/engine";
import { defineRecognizer, patternRecognizer } from "@/lib/redaction/recognizer";
import type { RawFinding, Recognizer } from "@/lib/redaction/types";

/** A recognizer that reports fixed spans. */
function fixed(name: string, findings: RawFinding[], context?: string[]): Recognizer {
  return defineRecognizer({ name, categories: ["name"], context, analyze: () => findings.map((f) => ({ ...f })) });
}

const raw = (start: number, end: number, score: number, category: RawFinding["category"] = "name"): RawFinding => ({
  start,
  end,
  score,
  category,
  explanation: "test",
});

describe("engine: context boost", () => {
  const weak = patternRecognizer({
    name: "weak-year",
    category: "date",
    context: ["born", "fled"],
    patterns: [{ regex: /\b20\d\d\b/g, score: 0.2, explanation: "year" }],
  });

  it("lifts a weak finding over the threshold when a context word is near", () => {
    const [finding] = analyze("She fled in 2018.", [weak]);
    expect(finding).toMatchObject({ start: 12, end: 16, category: "date" });
    expect(finding!.score).toBeCloseTo(0.55);
    expect(finding!.explanation).toContain("fled");
  });

  it("leaves it below the threshold without context", () => {
    expect(analyze("The 2018 budget.", [weak])).toEqual([]);
  });

  it("looks at context after the span too, within the window", () => {
    expect(analyze("2018 is when she was born.", [weak])).toHaveLength(1);
    expect(analyze(`2018 ${"x".repeat(80)} born`, [weak])).toEqual([]);
  });

  it("does not boost findings that opted out", () => {
    const r = fixed("fixed", [{ ...raw(0, 4, 0.3), boostable: false }], ["name"]);
    expect(analyze("Kang name", [r])).toEqual([]);
  });
});

describe("engine: dedupe of overlapping spans", () => {
  it("keeps one finding for identical spans, the best scored", () => {
    const r1 = fixed("a", [raw(0, 4, 0.6)]);
    const r2 = fixed("b", [raw(0, 4, 0.9, "broker")]);
    const out = analyze("Kang said", [r1, r2]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ recognizer: "b", category: "broker", score: 0.9 });
  });

  it("absorbs a nested finding of the same category", () => {
    const out = analyze("Kim Hye-ryon", [fixed("a", [raw(0, 12, 0.85), raw(0, 3, 0.6)])]);
    expect(out.map((f) => [f.start, f.end])).toEqual([[0, 12]]);
  });

  it("merges confident partial overlaps of the same category into their union", () => {
    const out = analyze("abcdefghij", [fixed("a", [raw(0, 5, 0.7), raw(3, 9, 0.8)])]);
    expect(out.map((f) => [f.start, f.end, f.score])).toEqual([[0, 9, 0.8]]);
  });

  it("does not let a below-threshold finding stretch a confident one", () => {
    const out = analyze("abcdefghij", [fixed("a", [raw(0, 5, 0.7), raw(3, 9, 0.2)])]);
    expect(out.map((f) => [f.start, f.end])).toEqual([[0, 5]]);
  });

  it("keeps nested findings of different categories", () => {
    const out = analyze("mother, a nurse in Musan", [fixed("a", [raw(0, 24, 0.6, "family"), raw(19, 24, 0.75, "place")])]);
    expect(out.map((f) => f.category)).toEqual(["family", "place"]);
  });

  it("prefers a protected finding's explanation when it is absorbed", () => {
    const r = fixed("a", [raw(0, 12, 0.9), { ...raw(0, 3, 0.9), protected: true, explanation: "protected" }]);
    const [f] = analyze("Kim Hye-ryon", [r]);
    expect(f).toMatchObject({ start: 0, end: 12, protected: true, explanation: "protected" });
  });
});

describe("engine: threshold", () => {
  const r = fixed("a", [raw(0, 3, 0.45), raw(4, 8, 0.5), raw(9, 12, 0.9)]);
  it("drops findings below the threshold (default 0.5)", () => {
    expect(analyze("aaa bbbb ccc", [r]).map((f) => f.start)).toEqual([4, 9]);
  });
  it("uses the given threshold", () => {
    expect(analyze("aaa bbbb ccc", [r], { threshold: 0.8 }).map((f) => f.start)).toEqual([9]);
    expect(analyze("aaa bbbb ccc", [r], { threshold: 0.1 }).map((f) => f.start)).toEqual([0, 4, 9]);
  });
});

describe("engine: allow list", () => {
  const name = (text: string, word: string) => fixed("n", [raw(text.indexOf(word), text.indexOf(word) + word.length, 0.9)]);

  it("drops a finding inside a public figure's name", () => {
    const text = "Kim Jong Un's deployment";
    expect(analyze(text, [name(text, "Kim")])).toEqual([]);
    expect(analyze(text, [name(text, "Kim Jong Un")])).toEqual([]);
  });

  it("matches Cyrillic case endings and Hangul particles", () => {
    const ru = "приказ Ким Чен Ына";
    expect(analyze(ru, [name(ru, "Ким")])).toEqual([]);
    const ko = "김정은은 용서 안 해요";
    expect(analyze(ko, [name(ko, "김정은")])).toEqual([]);
  });

  it("is case-sensitive where the entry says so: the noun park, not the surname Park", () => {
    const t1 = "a park near the embassy";
    expect(analyze(t1, [name(t1, "park")])).toEqual([]);
    const t2 = "Park Ji-hoon";
    expect(analyze(t2, [name(t2, "Park")])).toHaveLength(1);
  });

  it("keeps findings that only overlap an allowed span", () => {
    const text = "Putin's cook Kang";
    expect(analyze(text, [name(text, "Kang")])).toHaveLength(1);
  });

  it("takes extra entries from editors", () => {
    const text = "Ri Chol-nam, the ambassador";
    expect(analyze(text, [name(text, "Ri Chol-nam")])).toHaveLength(1);
    expect(analyze(text, [name(text, "Ri Chol-nam")], { allowList: ["Ri Chol-nam"] })).toEqual([]);
  });
});

describe("engine: order and spans", () => {
  it("sorts by position and passes every recognizer the original text", () => {
    const seen: string[] = [];
    const spy = (n: string, f: RawFinding[]) =>
      defineRecognizer({ name: n, categories: ["name"], analyze: ({ text }) => (seen.push(text), f) });
    const out = analyze("abc def ghi", [spy("x", [raw(8, 11, 0.9)]), spy("y", [raw(0, 3, 0.9, "place")])]);
    expect(out.map((f) => f.start)).toEqual([0, 8]);
    expect(seen).toEqual(["abc def ghi", "abc def ghi"]);
  });
});
