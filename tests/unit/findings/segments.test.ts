import { describe, expect, it } from "vitest";
import { buildNavigation, toSegments, type Segment, type Severity, type ViewerFinding } from "@/app/_components/findings/segments";

const f = (id: string, start: number, end: number, severity: Severity = "high", extra: Partial<ViewerFinding> = {}): ViewerFinding => ({
  id,
  start,
  end,
  category: "name",
  label: "Name",
  severity,
  decision: null,
  ...extra,
});

/** A compact picture of the segments: "text" for plain runs, "[text|ids>primary|severity]" for findings. */
const show = (segments: Segment[]) =>
  segments.map((s) => (s.kind === "plain" ? s.text : `[${s.text}|${s.ids.join(",")}>${s.primaryId}|${s.severity}]`));

/** No lone surrogate halves (String.prototype.isWellFormed is ES2024, beyond this project's lib setting). */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Every segment list must tile the text exactly, in order, with no empty runs. */
function expectTiles(text: string, segments: Segment[]) {
  let at = 0;
  for (const s of segments) {
    expect(s.start).toBe(at);
    expect(s.end).toBeGreaterThan(s.start);
    expect(s.text).toBe(text.slice(s.start, s.end));
    at = s.end;
  }
  expect(at).toBe(text.length);
  expect(segments.map((s) => s.text).join("")).toBe(text);
}

describe("toSegments", () => {
  it("returns the whole text as one plain segment when there are no findings", () => {
    const text = "Nothing to see here.";
    const segments = toSegments(text, []);
    expect(segments).toEqual([{ kind: "plain", start: 0, end: text.length, text }]);
  });

  it("returns no segments for empty text, whatever the findings", () => {
    expect(toSegments("", [])).toEqual([]);
    expect(toSegments("", [f("a", 0, 3)])).toEqual([]);
  });

  it("splits separate findings into plain and highlighted runs", () => {
    const text = "Kim Hye-ryon from Chongjin, +82 10-6621-0448.";
    const segments = toSegments(text, [f("n", 0, 12), f("p", 18, 26, "medium"), f("t", 28, 44, "low")]);
    expectTiles(text, segments);
    expect(show(segments)).toEqual(["[Kim Hye-ryon|n>n|high]", " from ", "[Chongjin|p>p|medium]", ", ", "[+82 10-6621-0448|t>t|low]", "."]);
  });

  it("does not depend on the order findings arrive in", () => {
    const text = "Kim Hye-ryon from Chongjin.";
    const a = toSegments(text, [f("n", 0, 12), f("p", 18, 26, "medium")]);
    const b = toSegments(text, [f("p", 18, 26, "medium"), f("n", 0, 12)]);
    expect(show(b)).toEqual(show(a));
  });

  it("keeps adjacent findings as separate segments", () => {
    const text = "ChoeKwang";
    const segments = toSegments(text, [f("a", 0, 4, "medium"), f("b", 4, 9, "low")]);
    expectTiles(text, segments);
    expect(show(segments)).toEqual(["[Choe|a>a|medium]", "[Kwang|b>b|low]"]);
  });

  it("splits a nested finding out of the one around it, listing both ids where they overlap", () => {
    const text = "the 3rd Battalion of Unit 1234 moved";
    // outer: "3rd Battalion of Unit 1234" (medium); inner: "Unit 1234" (high)
    const outer = f("outer", 4, 30, "medium");
    const inner = f("inner", 21, 30, "high");
    const segments = toSegments(text, [outer, inner]);
    expectTiles(text, segments);
    expect(show(segments)).toEqual(["the ", "[3rd Battalion of |outer>outer|medium]", "[Unit 1234|inner,outer>inner|high]", " moved"]);
  });

  it("makes the earlier-starting finding primary when severities tie, then the longer one", () => {
    const text = "abcdefghij";
    const segments = toSegments(text, [f("inner", 2, 5), f("outer", 0, 8)]);
    expect(show(segments)).toEqual(["[ab|outer>outer|high]", "[cde|outer,inner>outer|high]", "[fgh|outer>outer|high]", "ij"]);

    const sameStart = toSegments(text, [f("short", 0, 3), f("long", 0, 6)]);
    expect(show(sameStart)).toEqual(["[abc|long,short>long|high]", "[def|long>long|high]", "ghij"]);
  });

  it("falls back to input order when severity, start and length all tie", () => {
    const segments = toSegments("abcdef", [f("first", 1, 4), f("second", 1, 4)]);
    expect(show(segments)).toEqual(["a", "[bcd|first,second>first|high]", "ef"]);
  });

  it("splits partially overlapping findings into three runs, the overlap carrying the higher severity", () => {
    const text = "0123456789abcde";
    const segments = toSegments(text, [f("a", 0, 10, "low"), f("b", 5, 15, "medium")]);
    expectTiles(text, segments);
    expect(show(segments)).toEqual(["[01234|a>a|low]", "[56789|b,a>b|medium]", "[abcde|b>b|medium]"]);
  });

  it("handles three findings stacked on the same characters", () => {
    const text = "xx Kim Chol yy";
    const segments = toSegments(text, [f("l", 3, 11, "low"), f("m", 3, 11, "medium"), f("h", 7, 11, "high")]);
    expectTiles(text, segments);
    expect(show(segments)).toEqual(["xx ", "[Kim |m,l>m|medium]", "[Chol|h,m,l>h|high]", " yy"]);
  });

  it("ignores empty, reversed, non-integer and fully out-of-range findings without crashing", () => {
    const text = "short text";
    const segments = toSegments(text, [
      f("empty", 3, 3),
      f("reversed", 6, 2),
      f("past-end", 20, 30),
      f("at-end", 10, 12),
      f("before-start", -5, 0),
      f("nan", Number.NaN, 4),
      f("fraction", 1.5, 4),
      f("infinite", 0, Number.POSITIVE_INFINITY),
    ]);
    expect(segments).toEqual([{ kind: "plain", start: 0, end: text.length, text }]);
  });

  it("clamps findings that run past either end of the text", () => {
    const text = "Kim Chol";
    const segments = toSegments(text, [f("tail", 4, 50), f("head", -3, 3, "low")]);
    expectTiles(text, segments);
    expect(show(segments)).toEqual(["[Kim|head>head|low]", " ", "[Chol|tail>tail|high]"]);
  });

  it("keeps the first usable finding when an id repeats", () => {
    const segments = toSegments("abcdef", [f("dup", 4, 4), f("dup", 0, 2), f("dup", 3, 5)]);
    expect(show(segments)).toEqual(["[ab|dup>dup|high]", "cdef"]);
  });

  it("indexes Hangul text by UTF-16 code units", () => {
    const text = "탈북자 최광혁은 청진에서 왔다.";
    const name = text.indexOf("최광혁");
    const place = text.indexOf("청진");
    const segments = toSegments(text, [f("n", name, name + 3), f("p", place, place + 2, "medium")]);
    expectTiles(text, segments);
    expect(show(segments)).toEqual(["탈북자 ", "[최광혁|n>n|high]", "은 ", "[청진|p>p|medium]", "에서 왔다."]);
  });

  it("widens a finding whose bounds fall inside a surrogate pair to the whole pair", () => {
    // "𠀀" (U+20000, a CJK extension B character) and "😀" are each two UTF-16 code units.
    const text = "a𠀀b😀c";
    expect(text.length).toBe(7);
    // start=2 is between the halves of 𠀀; end=5 is between the halves of 😀.
    const segments = toSegments(text, [f("x", 2, 5)]);
    expectTiles(text, segments);
    expect(show(segments)).toEqual(["a", "[𠀀b😀|x>x|high]", "c"]);
    for (const s of segments) expect(wellFormed(s.text)).toBe(true);
  });

  it("never splits a surrogate pair even where two findings meet inside one", () => {
    const text = "😀😀";
    const segments = toSegments(text, [f("a", 0, 1), f("b", 3, 4, "low")]);
    expectTiles(text, segments);
    expect(show(segments)).toEqual(["[😀|a>a|high]", "[😀|b>b|low]"]);
    for (const s of segments) expect(wellFormed(s.text)).toBe(true);
  });

  it("tiles the text and keeps pairs whole for many random findings", () => {
    const text = "최광혁 😀 Choe Kwang-hyok, 𠀀 Unit 1234\nline two 🇰🇵 end";
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const severities: Severity[] = ["high", "medium", "low"];
    for (let round = 0; round < 200; round++) {
      const findings = Array.from({ length: rand(6) }, (_, i) => {
        const a = rand(text.length + 4) - 2;
        return f(`f${i}`, a, a + rand(12) - 2, severities[rand(3)]);
      });
      const segments = toSegments(text, findings);
      expectTiles(text, segments);
      for (const s of segments) {
        expect(wellFormed(s.text)).toBe(true);
        if (s.kind === "finding") {
          expect(s.ids.length).toBeGreaterThan(0);
          expect(s.ids[0]).toBe(s.primaryId);
          expect(new Set(s.ids).size).toBe(s.ids.length);
        }
      }
    }
  });
});

describe("buildNavigation", () => {
  it("visits findings in document order, each anchored on its first primary segment", () => {
    const text = "Kim Hye-ryon from Chongjin.";
    const segments = toSegments(text, [f("p", 18, 26, "medium"), f("n", 0, 12)]);
    const nav = buildNavigation(segments);
    expect(nav.order).toEqual(["n", "p"]);
    expect(nav.anchorOf.get("n")).toBe(0);
    expect(nav.anchorOf.get("p")).toBe(2);
  });

  it("gives a finding hidden inside a stronger one its own anchor where it can", () => {
    const segments = toSegments("abcdefghij", [f("outer", 0, 8), f("inner", 2, 5)]);
    // segments: [ab outer] [cde outer,inner] [fgh outer] ij
    const nav = buildNavigation(segments);
    expect(nav.order).toEqual(["outer", "inner"]);
    expect(nav.anchorOf.get("outer")).toBe(0);
    expect(nav.anchorOf.get("inner")).toBe(1);
  });

  it("lets identical findings share one anchor rather than lose one", () => {
    const segments = toSegments("abcdef", [f("first", 1, 4), f("second", 1, 4)]);
    const nav = buildNavigation(segments);
    expect(nav.order).toEqual(["first", "second"]);
    expect(nav.anchorOf.get("first")).toBe(1);
    expect(nav.anchorOf.get("second")).toBe(1);
  });

  it("moves a hidden finding to a later segment when its first one is taken, sharing only as a last resort", () => {
    // long [0,6) and short [0,3), both high: "abc" is primary "long" and "short" covers no other segment,
    // so it shares segment 0 with "long".
    const segments = toSegments("abcdefgh", [f("long", 0, 6), f("short", 0, 3)]);
    const nav = buildNavigation(segments);
    expect(nav.anchorOf.get("long")).toBe(0);
    expect(nav.anchorOf.get("short")).toBe(0);

    const spread = toSegments("abcdefgh", [f("outer", 0, 8, "high"), f("mid", 2, 8, "low"), f("x", 4, 5, "medium"), f("y", 2, 4, "low")]);
    // [ab outer] [cd outer,mid,y] [e outer,x,mid] [fgh outer,mid]: "y" and "x" can only have segments 1 and 2,
    // so "mid" anchors on the one left, segment 3, and nobody shares.
    const nav2 = buildNavigation(spread);
    expect(nav2.anchorOf.get("outer")).toBe(0);
    expect(nav2.anchorOf.get("y")).toBe(1);
    expect(nav2.anchorOf.get("x")).toBe(2);
    expect(nav2.anchorOf.get("mid")).toBe(3);
    expect(nav2.order).toEqual(["outer", "y", "x", "mid"]);

    // "late" starts with "mid" but goes on past it: segment 1 is taken by "mid", so "late" anchors on segment 2.
    const later = toSegments("abcdefgh", [f("outer", 0, 8, "high"), f("mid", 2, 4, "low"), f("late", 2, 6, "low")]);
    // [ab outer] [cd outer,late,mid] [ef outer,late] [gh outer]
    const nav3 = buildNavigation(later);
    expect(nav3.anchorOf.get("late")).toBe(2);
    expect(nav3.anchorOf.get("mid")).toBe(1);
    expect(nav3.order).toEqual(["outer", "mid", "late"]);
  });

  it("is empty when there are no findings", () => {
    const nav = buildNavigation(toSegments("plain", []));
    expect(nav.order).toEqual([]);
    expect(nav.anchorOf.size).toBe(0);
  });
});
