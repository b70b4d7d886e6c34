/**
 * Quality on the labelled corpus (../shared/corpus/redaction, or REDACTION_CORPUS_DIR). Fails below:
 * recall ≥ 0.95 over all gold spans, ≥ 0.99 over protected spans (identifiers passed in), precision ≥ 0.85,
 * and no finding on any negative. Prints the numbers, also for the generic recognizers alone.
 */
import { describe, expect, it } from "vitest";
import { scanText } from "@/lib/redaction";
import type { Identifier } from "@/lib/redaction/types";
import { corpusAvailable, corpusDir, evaluate, formatMetrics, loadCorpus, loadSources } from "../../support/redaction-corpus";

const available = corpusAvailable();

describe("redaction corpus", () => {
  it("is present beside the repository (set REDACTION_CORPUS_DIR to move it)", () => {
    expect(available, `no gold.json in ${corpusDir()}`).toBe(true);
  });

  const docs = available ? loadCorpus() : [];
  const withIdentifiers = evaluate(docs, (d) => scanText(d.text, { identifiers: d.identifiers as Identifier[] }));
  const generic = evaluate(docs, (d) => scanText(d.text));

  it("prints the numbers", () => {
    console.log(`${formatMetrics("with identifiers", withIdentifiers)}\n${formatMetrics("generic only    ", generic)}`);
    for (const m of withIdentifiers.missed) console.log(`  missed ${m.doc} ${m.span.category}: ${JSON.stringify(m.span.text)}`);
    for (const fp of withIdentifiers.falsePositives)
      console.log(`  false positive ${fp.doc} ${fp.span.category}: ${JSON.stringify(fp.text)}`);
    expect(withIdentifiers.gold).toBeGreaterThan(0);
  });

  it("finds at least 95% of all gold spans", () => {
    expect(withIdentifiers.recall).toBeGreaterThanOrEqual(0.95);
  });

  it("finds at least 99% of the spans of protected identifiers", () => {
    expect(withIdentifiers.protectedRecall).toBeGreaterThanOrEqual(0.99);
  });

  it("keeps precision at or above 85%", () => {
    expect(withIdentifiers.precision).toBeGreaterThanOrEqual(0.85);
    expect(generic.precision).toBeGreaterThanOrEqual(0.85);
  });

  it("flags nothing that must not be flagged (public figures, organisations, years…)", () => {
    expect(withIdentifiers.negativesHit.map((n) => `${n.doc}: ${n.negative.text}`)).toEqual([]);
    expect(generic.negativesHit.map((n) => `${n.doc}: ${n.negative.text}`)).toEqual([]);
  });

  it("reads the annotated sources the same way gold.json does", () => {
    if (!available) return;
    const sources = loadSources();
    expect(sources.map((s) => s.doc)).toEqual(docs.map((d) => d.doc));
    for (const [i, source] of sources.entries()) {
      const doc = docs[i]!;
      expect(source.text.trimEnd()).toBe(doc.text.trimEnd());
      const key = (s: { start: number; end: number; category: string }) => `${s.start}:${s.end}:${s.category}`;
      expect(source.spans.map(key).sort()).toEqual(doc.spans.map(key).sort());
      expect(source.negatives.map((n) => `${n.start}:${n.end}:${n.label}`).sort()).toEqual(
        doc.negatives.map((n) => `${n.start}:${n.end}:${n.label}`).sort(),
      );
      expect(source.identifiers).toEqual(doc.identifiers);
    }
  });
});
