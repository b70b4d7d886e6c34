/**
 * Generalisation check beyond the shared corpus: fixtures/*.md are invented documents in the corpus markup,
 * written with other names, places, units and formats than the shared corpus (and, for the first batch, before
 * the scanner was run on them). Same metrics and thresholds as the corpus test.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scanText } from "@/lib/redaction";
import type { Identifier } from "@/lib/redaction/types";
import { evaluate, formatMetrics, parseSource, type CorpusDoc } from "../../support/redaction-corpus";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const docs: CorpusDoc[] = readdirSync(dir)
  .filter((f) => f.endsWith(".md"))
  .sort()
  .map((f) => {
    const parsed = parseSource(readFileSync(path.join(dir, f), "utf8"));
    return { doc: f, text: parsed.text, spans: parsed.spans, negatives: parsed.negatives, identifiers: parsed.identifiers };
  });

describe("invented documents the scanner was not tuned on", () => {
  const m = evaluate(docs, (d) => scanText(d.text, { identifiers: d.identifiers as Identifier[] }));

  it("has fixtures with gold spans, protected spans and negatives", () => {
    console.log(formatMetrics("fixtures", m));
    for (const miss of m.missed) console.log(`  missed ${miss.doc} ${miss.span.category}: ${JSON.stringify(miss.span.text)}`);
    expect(docs.length).toBeGreaterThanOrEqual(8);
    expect(m.protectedTotal).toBeGreaterThan(20);
  });

  it("meets the corpus thresholds", () => {
    expect(m.recall).toBeGreaterThanOrEqual(0.95);
    expect(m.protectedRecall).toBeGreaterThanOrEqual(0.99);
    expect(m.precision).toBeGreaterThanOrEqual(0.85);
    expect(m.negativesHit.map((n) => `${n.doc}: ${n.negative.text}`)).toEqual([]);
  });
});
