/**
 * Loader and metrics for the labelled redaction corpus (../shared/corpus/redaction, format in its README).
 *
 * gold.json already carries JavaScript-string offsets into docs/NNN.txt, so it is the reference. The annotated
 * sources (src/NNN.md) are parsed too, so a test can check that both agree: markup `[[category:text]]`,
 * `[[category|protected:text]]`, `{{label:text}}`, nesting, line breaks inside spans, escapes and \uXXXX,
 * identifiers in the front matter.
 *
 * Metrics are by span overlap, as the README prescribes:
 * - recall: gold spans overlapped by at least one finding;
 * - protected recall: the same over spans marked protected (scanned with the document's identifiers);
 * - precision: findings overlapping at least one gold span;
 * - negatives hit: findings overlapping a text that must not be flagged.
 * Document-level findings (category "combination") are warnings, not spans, and are left out of precision.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface GoldSpan {
  start: number;
  end: number;
  category: string;
  protected: boolean;
  text: string;
}
export interface Negative {
  start: number;
  end: number;
  label: string;
  text: string;
}
export interface CorpusIdentifier {
  value: string;
  category: string;
}
export interface CorpusDoc {
  doc: string;
  text: string;
  spans: GoldSpan[];
  negatives: Negative[];
  identifiers: CorpusIdentifier[];
}
export interface Span {
  start: number;
  end: number;
  category?: string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** `REDACTION_CORPUS_DIR` if set, else `../shared/corpus/redaction` beside the repository. */
export function corpusDir(): string {
  return process.env.REDACTION_CORPUS_DIR ?? path.resolve(repoRoot, "../shared/corpus/redaction");
}

export function corpusAvailable(dir = corpusDir()): boolean {
  return existsSync(path.join(dir, "gold.json"));
}

export function loadCorpus(dir = corpusDir()): CorpusDoc[] {
  const gold = JSON.parse(readFileSync(path.join(dir, "gold.json"), "utf8")) as Array<Omit<CorpusDoc, "text">>;
  return gold.map((entry) => ({
    ...entry,
    text: readFileSync(path.join(dir, "docs", entry.doc), "utf8"),
  }));
}

// ------------------------------------------------------------------------------------- src/NNN.md markup
export interface ParsedSource {
  text: string;
  spans: GoldSpan[];
  negatives: Negative[];
  identifiers: CorpusIdentifier[];
  meta: Record<string, string>;
}

function parseFrontMatter(lines: string[]): { meta: Record<string, string>; identifiers: CorpusIdentifier[] } {
  const meta: Record<string, string> = {};
  const identifiers: CorpusIdentifier[] = [];
  let inIdentifiers = false;
  for (const line of lines) {
    const item = /^\s*-\s*([a-z_]+):\s*(.*)$/.exec(line);
    if (inIdentifiers && item) {
      identifiers.push({ category: item[1]!, value: item[2]!.trim().replace(/^"(.*)"$/, "$1") });
      continue;
    }
    const field = /^([a-z_]+):\s*(.*)$/.exec(line);
    if (field) {
      inIdentifiers = field[1] === "identifiers";
      if (!inIdentifiers) meta[field[1]!] = field[2]!.trim();
    }
  }
  return { meta, identifiers };
}

/** Parses one annotated source into plain text plus gold spans and negatives. */
export function parseSource(source: string): ParsedSource {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(source);
  const { meta, identifiers } = parseFrontMatter(match ? match[1]!.split("\n") : []);
  const body = match ? source.slice(match[0].length) : source;
  let text = "";
  const spans: GoldSpan[] = [];
  const negatives: Negative[] = [];
  const open: Array<{ kind: "[" | "{"; header: string; start: number; headerDone: boolean }> = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    const top = open[open.length - 1];
    if (ch === "\\") {
      const next = body[i + 1];
      if (next === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) {
        const decoded = String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
        if (top && !top.headerDone) top.header += decoded;
        else text += decoded;
        i += 5;
        continue;
      }
      if (next !== undefined && "[]{}\\".includes(next)) {
        if (top && !top.headerDone) top.header += next;
        else text += next;
        i += 1;
        continue;
      }
    }
    if ((ch === "[" && body[i + 1] === "[") || (ch === "{" && body[i + 1] === "{")) {
      open.push({ kind: ch, header: "", start: text.length, headerDone: false });
      i += 1;
      continue;
    }
    if (top && !top.headerDone) {
      if (ch === ":") {
        top.headerDone = true;
        top.start = text.length;
      } else top.header += ch;
      continue;
    }
    if (top && ((ch === "]" && body[i + 1] === "]" && top.kind === "[") || (ch === "}" && body[i + 1] === "}" && top.kind === "{"))) {
      open.pop();
      const [label = "", flag] = top.header.split("|");
      const span = { start: top.start, end: text.length, text: text.slice(top.start) };
      if (top.kind === "[") spans.push({ ...span, category: label, protected: flag === "protected" });
      else negatives.push({ ...span, label });
      i += 1;
      continue;
    }
    text += ch;
  }
  const byStart = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start - b.start || b.end - a.end;
  return { text, spans: spans.sort(byStart), negatives: negatives.sort(byStart), identifiers, meta };
}

export function loadSources(dir = corpusDir()): Array<ParsedSource & { doc: string }> {
  const srcDir = path.join(dir, "src");
  return readdirSync(srcDir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => ({ doc: f.replace(/\.md$/, ".txt"), ...parseSource(readFileSync(path.join(srcDir, f), "utf8")) }));
}

// ----------------------------------------------------------------------------------------------- Metrics
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

export interface Metrics {
  gold: number;
  goldFound: number;
  protectedTotal: number;
  protectedFound: number;
  findings: number;
  findingsOnGold: number;
  recall: number;
  protectedRecall: number;
  precision: number;
  /** Same span, same category (stricter than overlap; informative only). */
  categoryAgreement: number;
  /**
   * Gold spans found by a finding of comparable size (at most twice the gold length, or 20 characters longer):
   * overlap alone rewards a scanner that flags whole sentences; this does not (informative only).
   */
  tightRecall: number;
  missed: Array<{ doc: string; span: GoldSpan }>;
  falsePositives: Array<{ doc: string; span: Span; text: string }>;
  negativesHit: Array<{ doc: string; negative: Negative; finding: Span }>;
}

export function evaluate(docs: readonly CorpusDoc[], findingsFor: (doc: CorpusDoc) => readonly Span[]): Metrics {
  const m: Metrics = {
    gold: 0,
    goldFound: 0,
    protectedTotal: 0,
    protectedFound: 0,
    findings: 0,
    findingsOnGold: 0,
    recall: 0,
    protectedRecall: 0,
    precision: 0,
    categoryAgreement: 0,
    tightRecall: 0,
    missed: [],
    falsePositives: [],
    negativesHit: [],
  };
  let agreeing = 0;
  let tight = 0;
  for (const doc of docs) {
    const findings = findingsFor(doc).filter((f) => f.category !== "combination");
    for (const span of doc.spans) {
      const hits = findings.filter((f) => overlaps(f, span));
      m.gold++;
      if (span.protected) m.protectedTotal++;
      if (hits.length > 0) {
        m.goldFound++;
        if (span.protected) m.protectedFound++;
        if (hits.some((h) => h.category === span.category)) agreeing++;
        const length = span.end - span.start;
        if (hits.some((h) => h.end - h.start <= Math.max(2 * length, length + 20))) tight++;
      } else m.missed.push({ doc: doc.doc, span });
    }
    for (const f of findings) {
      m.findings++;
      if (doc.spans.some((s) => overlaps(f, s))) m.findingsOnGold++;
      else m.falsePositives.push({ doc: doc.doc, span: f, text: doc.text.slice(f.start, f.end) });
      for (const negative of doc.negatives) {
        if (overlaps(f, negative)) m.negativesHit.push({ doc: doc.doc, negative, finding: f });
      }
    }
  }
  m.recall = m.gold === 0 ? 1 : m.goldFound / m.gold;
  m.protectedRecall = m.protectedTotal === 0 ? 1 : m.protectedFound / m.protectedTotal;
  m.precision = m.findings === 0 ? 1 : m.findingsOnGold / m.findings;
  m.categoryAgreement = m.goldFound === 0 ? 0 : agreeing / m.goldFound;
  m.tightRecall = m.gold === 0 ? 1 : tight / m.gold;
  return m;
}

export function formatMetrics(label: string, m: Metrics): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (
    `${label}: recall ${pct(m.recall)} (${m.goldFound}/${m.gold}), protected recall ${pct(m.protectedRecall)} ` +
    `(${m.protectedFound}/${m.protectedTotal}), precision ${pct(m.precision)} (${m.findingsOnGold}/${m.findings}), ` +
    `negatives hit ${m.negativesHit.length}, tight recall ${pct(m.tightRecall)}, category agreement ${pct(m.categoryAgreement)}`
  );
}
