/**
 * Redaction benchmark: `npm run bench:redaction` (npx tsx bench/redaction.ts).
 *
 * Quality: recall / precision by span overlap on the labelled corpus (../shared/corpus/redaction or
 * REDACTION_CORPUS_DIR), one document at a time, for our scanner (with and without the registered identifiers)
 * and for three npm redactors called in-process: redact-pii, openredaction, @redactpii/node.
 * Speed: in-process chars/s on the corpus texts repeated to ≥ 5 MB, all scanners on the same text in this run
 * (median of three runs; openredaction, much slower, document by document within a time budget).
 *
 * redact-pii and @redactpii/node return redacted text, not spans: they are asked to replace every detection
 * with a private-use marker and the spans are recovered by aligning the output with the input (exact unless a
 * kept fragment repeats right after a redaction, which would shorten that span).
 */
import { SyncRedactor } from "redact-pii";
import { Redactor } from "@redactpii/node";
import { OpenRedaction } from "openredaction";
import { scanText } from "../lib/redaction";
import type { Identifier } from "../lib/redaction/types";
import { corpusDir, evaluate, loadCorpus, type CorpusDoc, type Metrics, type Span } from "../tests/support/redaction-corpus";

const TARGET_CHARS = 5_000_000;
/** Slow scanners stop after this long on the large text; their rate is measured on what they processed. */
const TIME_BUDGET_MS = 30_000;
const MARKER = "\uE000";

interface Scanner {
  name: string;
  /** Spans found in one document. */
  spans(doc: CorpusDoc): Promise<Span[]>;
  /** Processes a text, for timing. */
  run(text: string): Promise<void>;
  /** Splits the large text into documents (openredaction is meant for document-sized inputs). */
  chunked?: boolean;
}

/** Recovers replaced spans from `original` and its copy in which every detection became MARKER. */
export function spansFromRedacted(original: string, redacted: string): Span[] {
  const parts = redacted.split(MARKER);
  const spans: Span[] = [];
  let pos = parts[0]!.length;
  for (let k = 1; k < parts.length; k++) {
    const kept = parts[k]!;
    const last = k === parts.length - 1;
    if (kept === "" && !last) continue; // adjacent redactions: one span
    const next = last ? original.length - kept.length : original.indexOf(kept, pos + 1);
    if (next < pos) break;
    spans.push({ start: pos, end: next });
    pos = next + kept.length;
  }
  return spans.filter((s) => s.end > s.start);
}

function replacingScanner(name: string, redact: (text: string) => string): Scanner {
  return {
    name,
    spans: async (doc) => spansFromRedacted(doc.text, redact(doc.text)),
    run: async (text) => void redact(text),
  };
}

function scanners(docs: readonly CorpusDoc[]): Scanner[] {
  // For speed, the large text is scanned with every identifier registered anywhere in the corpus.
  const allIdentifiers = [...new Map(docs.flatMap((d) => d.identifiers).map((i) => [`${i.category}:${i.value}`, i])).values()];
  const redactPii = new SyncRedactor({ globalReplaceWith: MARKER });
  const redactPiiNode = new Redactor({ globalReplaceWith: MARKER });
  const openRedaction = new OpenRedaction();
  return [
    {
      name: "sourcekeeper (with identifiers)",
      spans: async (doc) => scanText(doc.text, { identifiers: doc.identifiers as Identifier[] }),
      run: async (text) => void scanText(text, { identifiers: allIdentifiers as Identifier[] }),
    },
    {
      name: "sourcekeeper (generic only)",
      spans: async (doc) => scanText(doc.text),
      run: async (text) => void scanText(text),
    },
    replacingScanner("redact-pii", (t) => redactPii.redact(t)),
    {
      name: "openredaction",
      spans: async (doc) => (await openRedaction.detect(doc.text)).detections.map((d) => ({ start: d.position[0], end: d.position[1] })),
      run: async (text) => void (await openRedaction.detect(text)),
      chunked: true,
    },
    replacingScanner("@redactpii/node", (t) => redactPiiNode.redact(t)),
  ];
}

async function throughput(scanner: Scanner, big: string, docs: readonly string[]): Promise<{ rate: number; chars: number }> {
  await scanner.run(docs.join("\n\n")); // warm-up
  const started = performance.now();
  let chars = 0;
  if (scanner.chunked) {
    for (let i = 0; chars < big.length && performance.now() - started < TIME_BUDGET_MS; i++) {
      const doc = docs[i % docs.length]!;
      await scanner.run(doc);
      chars += doc.length;
    }
  } else {
    // Median of three runs over the whole text.
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      await scanner.run(big);
      times.push(performance.now() - t0);
    }
    const median = times.sort((a, b) => a - b)[1]!;
    return { rate: big.length / (median / 1000), chars: big.length };
  }
  const seconds = (performance.now() - started) / 1000;
  return { rate: chars / seconds, chars };
}

const f1 = (m: Metrics) => (m.recall + m.precision === 0 ? "0.00" : ((2 * m.recall * m.precision) / (m.recall + m.precision)).toFixed(2));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
const rate = (x: number) => `${(x / 1e6).toFixed(2)} M`.padStart(9);

async function main() {
  const docs = loadCorpus();
  const texts = docs.map((d) => d.text);
  const unit = texts.join("\n\n");
  const big = unit.repeat(Math.ceil(TARGET_CHARS / (unit.length + 2)));
  console.log(`Corpus: ${corpusDir()} — ${docs.length} documents, ${unit.length} chars; speed text ${(big.length / 1e6).toFixed(2)} MB\n`);

  const rows: Array<{ name: string; m: Metrics; speed: { rate: number; chars: number } }> = [];
  for (const scanner of scanners(docs)) {
    const found = new Map<string, Span[]>();
    for (const doc of docs) found.set(doc.doc, await scanner.spans(doc));
    const m = evaluate(docs, (doc) => found.get(doc.doc) ?? []);
    const speed = await throughput(scanner, big, texts);
    rows.push({ name: scanner.name, m, speed });
  }

  console.log(
    `${"scanner".padEnd(32)} ${"recall".padStart(7)} ${"protect".padStart(7)} ${"tight".padStart(7)} ${"precis.".padStart(7)} ${"found".padStart(7)} ${"neg.hit".padStart(7)} ${"chars/s".padStart(9)}  note`,
  );
  for (const { name, m, speed } of rows) {
    const note = speed.chars < big.length ? `timed on ${(speed.chars / 1e6).toFixed(2)} MB (${TIME_BUDGET_MS / 1000} s budget)` : "";
    console.log(
      `${name.padEnd(32)} ${pct(m.recall)} ${pct(m.protectedRecall)} ${pct(m.tightRecall)} ${pct(m.precision)} ${`${m.goldFound}/${m.gold}`.padStart(7)} ${String(m.negativesHit.length).padStart(7)} ${rate(speed.rate)}  ${note}`,
    );
  }
  console.log("recall/protect: gold spans overlapped by a finding; tight: by a finding at most ~2× the span's length;");
  console.log("precis.: findings that overlap a gold span; neg.hit: findings on text that must not be flagged.");

  const ours = rows.find((r) => r.name === "sourcekeeper (generic only)")!;
  const redactPii = rows.find((r) => r.name === "redact-pii")!;
  const bestPeer = rows.filter((r) => !r.name.startsWith("sourcekeeper")).reduce((a, b) => (b.m.goldFound > a.m.goldFound ? b : a));
  console.log(`\nTargets (generic scanner, no identifiers):`);
  console.log(`  speed vs redact-pii: ${(ours.speed.rate / redactPii.speed.rate).toFixed(2)}× (target ≥ 1×)`);
  const withIds = rows.find((r) => r.name === "sourcekeeper (with identifiers)")!;
  const ratio = (a: number, b: number) => `${(a / Math.max(b, 1e-9)).toFixed(2)}×`;
  console.log(
    `  spans found vs best peer (${bestPeer.name}): ${ratio(ours.m.goldFound, bestPeer.m.goldFound)} generic, ` +
      `${ratio(withIds.m.goldFound, bestPeer.m.goldFound)} with identifiers (target ≥ 3×; the ceiling is ` +
      `${ratio(ours.m.gold, bestPeer.m.goldFound)} when a peer already overlaps ${pct(bestPeer.m.recall).trim()} of the spans)`,
  );
  console.log(
    `  tight recall vs best peer: ${ratio(ours.m.tightRecall, Math.max(...rows.filter((r) => !r.name.startsWith("sourcekeeper")).map((r) => r.m.tightRecall)))}; ` +
      `F1 of recall and precision: ours ${f1(ours.m)}, best peer ${f1(bestPeer.m)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
