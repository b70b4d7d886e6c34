import { describe, expect, it } from "vitest";
import type { Category } from "@/lib/redaction/types";
import { applyReplacements, type Replacement } from "@/lib/review/redact";
import { describeReviewState, realNameAllowed, reviewState, type FindingForState } from "@/lib/review/rules";

const redact = (start: number, end: number, category: Category = "name"): Replacement => ({ start, end, category, pseudonym: null });
const pseudo = (start: number, end: number, pseudonym: string, category: Category = "name"): Replacement => ({
  start,
  end,
  category,
  pseudonym,
});
const at = (text: string, part: string) => {
  const start = text.indexOf(part);
  if (start < 0) throw new Error(`"${part}" not in text`);
  return { start, end: start + part.length };
};
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("applyReplacements", () => {
  const text = "Kim Hye-ryon from Chongjin, +82 10-6621-0448.";
  const name = at(text, "Kim Hye-ryon");
  const place = at(text, "Chongjin");
  const phone = at(text, "+82 10-6621-0448");

  it("redacts with the category's label and replaces pseudonyms, in any input order", () => {
    const out = applyReplacements(text, [
      redact(phone.start, phone.end, "phone"),
      pseudo(name.start, name.end, "Ms. A"),
      redact(place.start, place.end, "place"),
    ]);
    expect(out.text).toBe("Ms. A from [PLACE], [PHONE].");
    expect(out.replaced).toBe(3);
    expect(applyReplacements(text, [redact(0, 3, "id_number")]).text).toBe("[ID NUMBER] Hye-ryon from Chongjin, +82 10-6621-0448.");
  });

  it("nothing to replace: the text unchanged, every span mapped to itself", () => {
    const out = applyReplacements(text, []);
    expect(out).toMatchObject({ text, replaced: 0 });
    expect(out.mapSpan(place.start, place.end)).toEqual(place);
  });

  it("merges overlapping spans so no half of a name survives", () => {
    // "Kim Hye" and "Hye-ryon" overlap: one replacement for the union.
    const out = applyReplacements(text, [redact(0, 7), redact(4, 12)]);
    expect(out.text).toBe("[NAME] from Chongjin, +82 10-6621-0448.");
    expect(out.replaced).toBe(1);
    // Nested in a longer span.
    expect(applyReplacements(text, [redact(4, 7), redact(0, 26, "family")]).text).toBe("[NAME], +82 10-6621-0448.");
  });

  it("spans that only touch are two replacements", () => {
    const out = applyReplacements("AB", [pseudo(0, 1, "x"), pseudo(1, 2, "y")]);
    expect(out).toMatchObject({ text: "xy", replaced: 2 });
  });

  it("a redaction wins over an overlapping pseudonym, and the most identifying redacted category names the span", () => {
    expect(applyReplacements(text, [pseudo(0, 12, "Ms. A"), redact(4, 12)]).text).toBe("[NAME] from Chongjin, +82 10-6621-0448.");
    expect(applyReplacements(text, [redact(4, 12), pseudo(0, 12, "Ms. A")]).text).toBe("[NAME] from Chongjin, +82 10-6621-0448.");
    const both = applyReplacements(text, [redact(0, 26, "place"), redact(0, 12, "name"), pseudo(13, 26, "somewhere")]);
    expect(both.text).toBe("[NAME], +82 10-6621-0448.");
    // Only pseudonyms: the earliest, longest span's pseudonym stands for the merged span.
    expect(applyReplacements(text, [pseudo(4, 12, "A"), pseudo(0, 12, "Ms. A")]).text).toBe("Ms. A from Chongjin, +82 10-6621-0448.");
  });

  it("ignores empty, reversed and out-of-range spans", () => {
    const out = applyReplacements(text, [redact(5, 5), redact(8, 4), redact(-1, 3), redact(40, text.length + 1)]);
    expect(out).toMatchObject({ text, replaced: 0 });
  });

  it("mapSpan shifts untouched spans by what came before them, and gives null for spans that overlapped a replacement", () => {
    const out = applyReplacements(text, [pseudo(name.start, name.end, "Ms. A"), redact(place.start, place.end, "place")]);
    expect(out.text).toBe("Ms. A from [PLACE], +82 10-6621-0448.");
    const mappedPhone = out.mapSpan(phone.start, phone.end)!;
    expect(out.text.slice(mappedPhone.start, mappedPhone.end)).toBe("+82 10-6621-0448");
    const from = at(text, "from");
    const mappedFrom = out.mapSpan(from.start, from.end)!;
    expect(out.text.slice(mappedFrom.start, mappedFrom.end)).toBe("from");
    // Touching a replaced span on either side is not overlapping it.
    const comma = out.mapSpan(place.end, place.end + 1)!;
    expect(out.text.slice(comma.start, comma.end)).toBe(",");
    const space = out.mapSpan(place.start - 1, place.start)!;
    expect(out.text.slice(space.start, space.end)).toBe(" ");
    // Overlapping, containing or inside a replaced span: gone.
    expect(out.mapSpan(name.start, name.end)).toBeNull();
    expect(out.mapSpan(4, 7)).toBeNull();
    expect(out.mapSpan(place.start - 2, place.start + 1)).toBeNull();
    expect(out.mapSpan(place.end - 1, place.end + 3)).toBeNull();
    expect(out.mapSpan(0, text.length)).toBeNull();
    // A span before every replacement stays where it was.
    const before = applyReplacements(text, [redact(phone.start, phone.end, "phone")]);
    expect(before.mapSpan(place.start, place.end)).toEqual(place);
  });

  it("keeps Hangul and surrogate pairs intact around replacements", () => {
    const t = "😀 최광혁 met 김혜련 🎉 in 회령. 𠀋 ok";
    const out = applyReplacements(t, [
      redact(at(t, "최광혁").start, at(t, "최광혁").end),
      pseudo(at(t, "회령").start, at(t, "회령").end, "🏔 a town", "place"),
    ]);
    expect(out.text).toBe("😀 [NAME] met 김혜련 🎉 in 🏔 a town. 𠀋 ok");
    expect(LONE_SURROGATE.test(out.text)).toBe(false);
    for (const part of ["김혜련", "🎉", "𠀋", "😀"]) {
      const m = out.mapSpan(at(t, part).start, at(t, part).end)!;
      expect(out.text.slice(m.start, m.end)).toBe(part);
    }
  });

  it("for random replacements, every untouched span maps to the same characters and every touched one to null", () => {
    let seed = 20300115;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ["a", "b", " ", "김", "혁", "😀", "-"];
    for (let round = 0; round < 300; round++) {
      const units: string[] = [];
      for (let i = 0; i < 5 + rand(30); i++) units.push(alphabet[rand(alphabet.length)]!);
      // Spans on code-point boundaries, as the scanner gives them.
      const bounds = [0];
      for (const u of units) bounds.push(bounds.at(-1)! + u.length);
      const t = units.join("");
      const span = () => {
        const a = rand(bounds.length);
        const b = rand(bounds.length);
        return [bounds[Math.min(a, b)]!, bounds[Math.max(a, b)]!] as const;
      };
      const reps: Replacement[] = [];
      for (let i = 0; i < rand(5); i++) {
        const [s, e] = span();
        reps.push(rand(2) === 0 ? redact(s, e, rand(2) === 0 ? "name" : "place") : pseudo(s, e, rand(2) === 0 ? "P" : "Long pseudonym"));
      }
      const out = applyReplacements(t, reps);
      expect(LONE_SURROGATE.test(out.text)).toBe(false);
      const active = reps.filter((r) => r.end > r.start);
      for (let i = 0; i < 10; i++) {
        const [s, e] = span();
        if (e === s) continue;
        const overlaps = active.some((r) => r.start < e && s < r.end);
        const m = out.mapSpan(s, e);
        if (overlaps) expect(m, `${JSON.stringify(t)} ${s}-${e}`).toBeNull();
        else expect(m && out.text.slice(m.start, m.end), `${JSON.stringify(t)} ${s}-${e}`).toBe(t.slice(s, e));
      }
    }
  });
});

const finding = (overrides: Partial<FindingForState> = {}): FindingForState => ({
  severity: "medium",
  category: "place",
  realName: false,
  keepable: true,
  decision: null,
  ...overrides,
});
const keep = (approved = false) => ({ decision: "keep" as const, approved });
const current = { stale: [] as string[] };

describe("reviewState", () => {
  it("an unscanned text is never clear", () => {
    expect(reviewState(null, [], true)).toEqual({
      scanned: false,
      staleReasons: [],
      total: 0,
      undecided: 0,
      undecidedHigh: 0,
      awaitingApproval: 0,
      notKeepable: 0,
      clear: false,
    });
  });

  it("a current scan with nothing found is clear; a stale one is not", () => {
    expect(reviewState(current, [], false)).toMatchObject({ scanned: true, total: 0, clear: true });
    expect(reviewState({ stale: ["consent changed after the last scan"] }, [], false)).toMatchObject({
      staleReasons: ["consent changed after the last scan"],
      clear: false,
    });
  });

  it.each<[string, FindingForState[], boolean, Partial<ReturnType<typeof reviewState>>]>([
    [
      "undecided findings, counted by severity",
      [finding(), finding({ severity: "high" }), finding({ severity: "high" })],
      false,
      { total: 3, undecided: 3, undecidedHigh: 2, clear: false },
    ],
    [
      "redacted and pseudonymised high findings need no approval",
      [
        finding({ severity: "high", decision: { decision: "redact", approved: false } }),
        finding({ severity: "high", decision: { decision: "pseudonym", approved: false } }),
      ],
      false,
      { undecided: 0, awaitingApproval: 0, clear: true },
    ],
    [
      "a kept low or medium finding needs no approval",
      [finding({ severity: "low", decision: keep() }), finding({ decision: keep() })],
      false,
      { awaitingApproval: 0, clear: true },
    ],
    [
      "a kept high finding awaits approval",
      [finding({ severity: "high", decision: keep() })],
      false,
      { undecided: 0, awaitingApproval: 1, clear: false },
    ],
    [
      "an approved kept high finding is clear",
      [finding({ severity: "high", decision: keep(true) })],
      false,
      { awaitingApproval: 0, clear: true },
    ],
    [
      "a kept real name is not keepable while consent does not allow it",
      [finding({ severity: "high", realName: true, decision: keep(true) })],
      false,
      { notKeepable: 1, clear: false },
    ],
    [
      "a kept real name is fine once consent allows it",
      [finding({ severity: "high", realName: true, decision: keep(true) })],
      true,
      { notKeepable: 0, clear: true },
    ],
    [
      "a finding stored as not keepable stays so",
      [finding({ severity: "high", keepable: false, decision: keep(true) })],
      true,
      { notKeepable: 1, clear: false },
    ],
    [
      "one undecided finding among decided ones blocks",
      [finding({ decision: { decision: "redact", approved: false } }), finding({ severity: "low" })],
      false,
      { total: 2, undecided: 1, undecidedHigh: 0, clear: false },
    ],
  ])("%s", (_name, findings, nameAllowed, expected) => {
    expect(reviewState(current, findings, nameAllowed)).toMatchObject(expected);
  });

  it("describes the first thing to do", () => {
    expect(describeReviewState(reviewState(null, [], false))).toBe("Not scanned yet");
    expect(describeReviewState(reviewState({ stale: ["consent changed after the last scan"] }, [], false))).toBe(
      "Scan again: consent changed after the last scan",
    );
    expect(describeReviewState(reviewState(current, [finding(), finding({ decision: keep() })], false))).toBe("1 of 2 findings to decide");
    expect(describeReviewState(reviewState(current, [finding({ severity: "high", decision: keep() })], false))).toBe(
      "1 kept finding awaiting an editor",
    );
    expect(describeReviewState(reviewState(current, [], false))).toBe("Scanned: nothing found");
    expect(describeReviewState(reviewState(current, [finding({ decision: keep() })], false))).toBe("Every finding decided");
  });
});

describe("realNameAllowed", () => {
  const terms = (name: string) => ({ choices: { name } }) as unknown as NonNullable<Parameters<typeof realNameAllowed>[0]["terms"]>;
  it.each([
    [{ active: true, terms: terms("real"), overridePending: false }, true],
    [{ active: true, terms: terms("real"), overridePending: true }, false],
    [{ active: false, terms: terms("real"), overridePending: false }, false],
    [{ active: true, terms: terms("pseudonym"), overridePending: false }, false],
    [{ active: true, terms: terms("none"), overridePending: false }, false],
    [{ active: false, terms: null, overridePending: false }, false],
  ])("%o → %s", (consent, expected) => {
    expect(realNameAllowed(consent)).toBe(expected);
  });
});
