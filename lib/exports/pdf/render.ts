import PDFDocument from "pdfkit";
import { loadPdfFontFaces } from "./fonts";

/**
 * Shared layout helpers for Sourcekeeper's PDFs (consent certificates and source receipts, issue 8).
 *
 * Every PDF is A4, set in Noto Sans KR so Hangul can appear anywhere, and printed in black and dark grey only:
 * it must stay legible when photocopied or printed in black and white, so nothing carries meaning by colour alone
 * (a warning is a word in a bordered box, a yes/no is the word "Yes" or "No"). Body text is at least 9 pt (the
 * receipt goes below that only when a long script text would otherwise not fit on its one page).
 *
 * The helpers break text into lines themselves (`wrapWords`: between words, never inside a Korean word or a hash),
 * measure before they draw, and draw at explicit positions, so a row never splits across a page break; only free
 * text taller than what is left of the page flows on to the next one, line by line.
 */
export type Doc = PDFKit.PDFDocument;

/** Names the two embedded fonts are registered under in every document. */
export const FONT = { regular: "SK-Regular", bold: "SK-Bold" } as const;
/** Black for text and rules; dark grey (#333, 12.6:1 on white) for secondary text such as footers and notes. */
export const INK = "#000000";
export const GREY = "#333333";

export const A4_MARGIN = 50;

export interface DocumentOptions {
  /** The PDF's Title: a neutral document name, never a person's name or code name. */
  title: string;
  /** The document's main language (BCP 47), for screen readers. */
  lang: string;
  /** Written as CreationDate; PDFKit's default is the time of rendering. */
  creationDate?: Date;
  /** Name Sourcekeeper as Producer and Creator (default). A source's receipt names no tool at all. */
  nameProducer?: boolean;
  margin?: number;
}

/** A new A4 document with both fonts registered, the regular one selected, and pages buffered for footers. */
export function createDocument(options: DocumentOptions): Doc {
  const fonts = loadPdfFontFaces();
  const margin = options.margin ?? A4_MARGIN;
  const info: PDFKit.DocumentInfo = { Title: options.title };
  if (options.creationDate) info.CreationDate = options.creationDate;
  const doc = new PDFDocument({ size: "A4", margin, bufferPages: true, lang: options.lang, displayTitle: true, info });
  // No Author, Subject or Keywords: the metadata must never hold an identity. PDFKit fills in its own name.
  if (options.nameProducer === false) {
    delete doc.info.Producer;
    delete doc.info.Creator;
  } else {
    doc.info.Producer = "Sourcekeeper";
    doc.info.Creator = "Sourcekeeper";
  }
  // PDFKit accepts a parsed fontkit face (anything with `layout`); its types only list files and buffers.
  doc.registerFont(FONT.regular, fonts.regular as unknown as Buffer);
  doc.registerFont(FONT.bold, fonts.bold as unknown as Buffer);
  shareLayoutCaches(doc);
  doc.font(FONT.regular).fontSize(10).fillColor(INK).strokeColor(INK);
  return doc;
}

/**
 * PDFKit caches the shaped form of each word per document, and shaping with Noto Sans KR's OpenType tables is most
 * of a certificate's cost. The faces are shared (fonts.ts), so the shaped words can be too: a cached run is only read
 * after it is made (each document maps its glyphs into its own subset). Bounded: ids and hashes are words too.
 */
const sharedLayouts = new Map<string, Record<string, unknown>>();
const MAX_CACHED_WORDS = 20_000;
function shareLayoutCaches(doc: Doc): void {
  for (const name of [FONT.bold, FONT.regular]) {
    doc.font(name);
    const font = (doc as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
    if (!font?.layoutCache) continue;
    let cache = sharedLayouts.get(name);
    if (!cache || Object.keys(cache).length > MAX_CACHED_WORDS)
      sharedLayouts.set(name, (cache = Object.create(null) as Record<string, unknown>));
    font.layoutCache = cache;
  }
}

/** Runs `draw` on a new document, ends it and resolves with its bytes. */
export function renderToBuffer(options: DocumentOptions, draw: (doc: Doc) => void): Promise<Buffer> {
  const doc = createDocument(options);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  try {
    draw(doc);
  } catch (error) {
    doc.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  doc.end();
  return done;
}

// ——— Geometry ———

export const left = (doc: Doc): number => doc.page.margins.left;
export const contentWidth = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
export const bottom = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;
const usableHeight = (doc: Doc): number => bottom(doc) - doc.page.margins.top;

/** Starts a new page unless `height` points still fit on this one. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

// ——— Text ———

export interface TextStyle {
  size?: number;
  bold?: boolean;
  color?: string;
}

/** Selects the font, size and colour of a style (default: regular 10 pt black). */
export function applyStyle(doc: Doc, style: TextStyle = {}): Doc {
  return doc
    .font(style.bold ? FONT.bold : FONT.regular)
    .fontSize(style.size ?? 10)
    .fillColor(style.color ?? INK);
}

/**
 * `text` broken into lines that fit `width`, between words only. Korean set this way (어절 단위, like CSS
 * `word-break: keep-all`) reads more easily than PDFKit's own wrapping, which may break between any two Hangul
 * syllables, and a hash or id is never split unless it is wider than the whole line (then it is broken between
 * characters). "\n" starts a new line. Every helper here wraps with this and draws with `drawLines`, so what is
 * measured is exactly what is drawn.
 */
export function wrapWords(doc: Doc, text: string, width: number, style: TextStyle = {}): string[] {
  applyStyle(doc, style);
  // Words are measured with their trailing space, the form PDFKit lays out (and caches) when it draws the line.
  const space = doc.widthOfString(" ");
  const spaced = (word: string) => doc.widthOfString(`${word} `);
  const lines: string[] = [];
  // Line ends as typed in a browser ("\r\n") and tabs would otherwise be drawn as missing-glyph boxes.
  const normalised = text.replace(/\r\n?/g, "\n").replace(/[\t\v\f]/g, " ");
  for (const paragraphLine of normalised.split("\n")) {
    let words: string[] = [];
    let used = 0;
    for (const word of paragraphLine.split(" ")) {
      const w = spaced(word);
      if (words.length > 0 && used + w - space > width) {
        lines.push(words.join(" "));
        words = [];
        used = 0;
      }
      if (words.length === 0 && w - space > width) {
        // Wider than a whole line on its own: break it between characters.
        let piece = "";
        for (const char of word) {
          if (piece && doc.widthOfString(piece + char) > width) {
            lines.push(piece);
            piece = "";
          }
          piece += char;
        }
        words = [piece];
        used = spaced(piece);
        continue;
      }
      words.push(word);
      used += w;
    }
    lines.push(words.join(" "));
  }
  return lines;
}

/** The height of one line in `style`. */
export function lineHeight(doc: Doc, style: TextStyle = {}): number {
  applyStyle(doc, style);
  return doc.currentLineHeight(true);
}

/** Height of `lines` drawn by `drawLines`. */
export const linesHeight = (doc: Doc, lines: string[], style: TextStyle = {}): number => lines.length * lineHeight(doc, style);

/**
 * Draws pre-broken lines from (x, y), one text run per line, never wrapping again or starting a page. Leaves doc.x
 * and doc.y where they were: the caller decides where the next thing goes.
 */
export function drawLines(doc: Doc, lines: string[], x: number, y: number, style: TextStyle = {}): void {
  const step = lineHeight(doc, style);
  const { x: savedX, y: savedY } = doc;
  lines.forEach((line, i) => {
    if (line) doc.text(line, x, y + i * step, { lineBreak: false });
  });
  doc.x = savedX;
  doc.y = savedY;
}

/** Text wrapped at `width` from (x, doc.y), flowing on to new pages between lines; leaves doc.y below it. */
export function flowText(doc: Doc, text: string, x: number, width: number, style: TextStyle = {}): void {
  const step = lineHeight(doc, style);
  for (const line of wrapWords(doc, text, width, style)) {
    if (doc.y + step > bottom(doc)) doc.addPage();
    drawLines(doc, [line], x, doc.y, style);
    doc.y += step;
  }
}

/** Full-width text from the current position; flows on to new pages as needed. */
export function paragraph(doc: Doc, text: string, style: TextStyle = {}, gapAfter = 4): void {
  flowText(doc, text, left(doc), contentWidth(doc), style);
  doc.y += gapAfter;
}

/** A horizontal rule across the text column, just below doc.y. */
function rule(doc: Doc, weight: number, after: number): void {
  doc
    .moveTo(left(doc), doc.y + 1)
    .lineTo(left(doc) + contentWidth(doc), doc.y + 1)
    .lineWidth(weight)
    .stroke(INK);
  doc.y += after;
}

/** A section heading, kept on the same page as at least `keepWith` points of what follows it. */
export function heading(doc: Doc, text: string, options: { size?: number; keepWith?: number; rule?: boolean } = {}): void {
  const style = { size: options.size ?? 13, bold: true };
  const lines = wrapWords(doc, text, contentWidth(doc), style);
  if (doc.y > doc.page.margins.top) doc.y += style.size * 0.6;
  ensureSpace(doc, linesHeight(doc, lines, style) + (options.keepWith ?? 40));
  drawLines(doc, lines, left(doc), doc.y, style);
  doc.y += linesHeight(doc, lines, style);
  if (options.rule === false) doc.y += 2;
  else rule(doc, 0.75, 5);
}

// ——— Label and value rows ———

/** Width of the label column in `labelValue` rows: leaves 365 pt for the value, room for a SHA-256 at 9 pt. */
export const LABEL_WIDTH = 120;

export interface LabelValueOptions {
  /** The value's size (default 10 pt; hashes use 9 pt so their 64 digits stay on one line). Labels are always 10 pt. */
  size?: number;
  /** Draw the value in bold (for the facts a reader looks for first). */
  strong?: boolean;
}

/**
 * One "label: value" row: the label in bold on the left, the value beside it. A row that does not fit on what is
 * left of the page starts a new page; a value taller than half a page is set below its label instead and flows on.
 */
export function labelValue(doc: Doc, label: string, value: string, options: LabelValueOptions = {}): void {
  const labelStyle = { size: 10, bold: true };
  const valueStyle = { size: options.size ?? 10, bold: options.strong };
  const gap = 10;
  const valueWidth = contentWidth(doc) - LABEL_WIDTH - gap;
  const labelLines = wrapWords(doc, label, LABEL_WIDTH, labelStyle);
  const valueLines = wrapWords(doc, value, valueWidth, valueStyle);
  const labelHeight = linesHeight(doc, labelLines, labelStyle);
  const height = Math.max(labelHeight, linesHeight(doc, valueLines, valueStyle));
  if (height > usableHeight(doc) / 2) {
    // A long text: label above, value below at full width, flowing across pages.
    ensureSpace(doc, labelHeight + lineHeight(doc, valueStyle) * 3);
    paragraph(doc, label, labelStyle, 0);
    paragraph(doc, value, valueStyle, 3);
    return;
  }
  ensureSpace(doc, height);
  drawLines(doc, labelLines, left(doc), doc.y, labelStyle);
  drawLines(doc, valueLines, left(doc) + LABEL_WIDTH + gap, doc.y, valueStyle);
  doc.y += height + 3;
}

// ——— Tables ———

export interface Column {
  header: string;
  width: number;
}

export interface TableRow {
  cells: string[];
  /** Full-width lines under the cells (hashes and other long values that must not be broken up). */
  notes?: string[];
}

/**
 * A ruled table: bold header row, one rule under each row, the header repeated after a page break. Rows never
 * split (they are meant to be short); cell text wraps within its column. Column widths are scaled to the page.
 */
export function table(doc: Doc, columns: Column[], rows: TableRow[], options: { size?: number } = {}): void {
  const size = options.size ?? 9;
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * contentWidth(doc));
  const pad = 4;
  const noteStyle = { size, color: GREY };
  const wrapCells = (cells: string[], style: TextStyle) => cells.map((text, i) => wrapWords(doc, text, (widths[i] ?? 0) - pad, style));
  const cellsHeight = (cells: string[][], style: TextStyle) => Math.max(...cells.map((lines) => linesHeight(doc, lines, style)));

  const drawCells = (cells: string[][], style: TextStyle) => {
    let x = left(doc);
    cells.forEach((lines, i) => {
      drawLines(doc, lines, x, doc.y, style);
      x += widths[i] ?? 0;
    });
    doc.y += cellsHeight(cells, style);
  };
  const headerStyle = { size, bold: true };
  const header = wrapCells(
    columns.map((c) => c.header),
    headerStyle,
  );
  const drawHeader = () => {
    drawCells(header, headerStyle);
    rule(doc, 1, 4);
  };

  ensureSpace(doc, cellsHeight(header, headerStyle) + 4 + lineHeight(doc, { size }) * 2);
  drawHeader();
  for (const row of rows) {
    const cells = wrapCells(row.cells, { size });
    const notes = (row.notes ?? []).map((note) => wrapWords(doc, note, contentWidth(doc), noteStyle));
    const height = cellsHeight(cells, { size }) + notes.reduce((sum, lines) => sum + linesHeight(doc, lines, noteStyle), 0) + 5;
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      drawHeader();
    }
    drawCells(cells, { size });
    for (const lines of notes) {
      drawLines(doc, lines, left(doc), doc.y, noteStyle);
      doc.y += linesHeight(doc, lines, noteStyle);
    }
    rule(doc, 0.5, 4);
  }
}

// ——— Boxes ———

export interface BoxLine extends TextStyle {
  text: string;
  gapAfter?: number;
}

/** Lines inside a bordered box (a border, not a colour, marks it out). Kept on one page. */
export function box(doc: Doc, lines: BoxLine[], options: { lineWidth?: number; padding?: number } = {}): void {
  const padding = options.padding ?? 8;
  const innerWidth = contentWidth(doc) - 2 * padding;
  const wrapped = lines.map((line) => ({ line, lines: wrapWords(doc, line.text, innerWidth, line) }));
  const height = wrapped.reduce((sum, w) => sum + linesHeight(doc, w.lines, w.line) + (w.line.gapAfter ?? 2), 0) + 2 * padding;
  ensureSpace(doc, height);
  const top = doc.y;
  doc.y = top + padding;
  for (const { line, lines: text } of wrapped) {
    drawLines(doc, text, left(doc) + padding, doc.y, line);
    doc.y += linesHeight(doc, text, line) + (line.gapAfter ?? 2);
  }
  doc
    .rect(left(doc), top, contentWidth(doc), height)
    .lineWidth(options.lineWidth ?? 1.5)
    .stroke(INK);
  doc.y = top + height + 6;
}

// ——— Page furniture ———

/**
 * Calls `stamp` once on every page after the content is laid out (page numbers need the page count). Margins are
 * lifted while it runs so that writing in them never starts a new page.
 */
export function stampPages(doc: Doc, stamp: (page: { number: number; count: number }) => void): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margins = { ...doc.page.margins };
    doc.page.margins.top = 0;
    doc.page.margins.bottom = 0;
    stamp({ number: i - range.start + 1, count: range.count });
    doc.page.margins.top = margins.top;
    doc.page.margins.bottom = margins.bottom;
  }
}

/** `text` cut (with "…") to fit on one line of `width` in the current font. */
export function fitLine(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = [...text];
  while (chars.length > 0 && doc.widthOfString(`${chars.join("")}…`) > width) chars.pop();
  return `${chars.join("")}…`;
}

/** A line in the bottom margin (call from `stampPages`): `text` on the left, "Page X of Y" on the right. */
export function footer(doc: Doc, text: string, page: { number: number; count: number }): void {
  const y = doc.page.height - 34;
  const pageLabel = `Page ${page.number} of ${page.count}`;
  applyStyle(doc, { size: 9, color: GREY });
  const pageWidth = doc.widthOfString(pageLabel);
  doc.text(fitLine(doc, text, contentWidth(doc) - pageWidth - 12), left(doc), y, { lineBreak: false });
  doc.text(pageLabel, left(doc) + contentWidth(doc) - pageWidth, y, { lineBreak: false });
}

// ——— Values ———

/** An ISO 8601 instant as "2026-11-20 08:40 UTC"; anything unparseable is shown as given. */
export function formatInstant(iso: string | null | undefined, none = "—"): string {
  if (!iso) return none;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A calendar date (YYYY-MM-DD) as is, or `none`. */
export const formatDate = (date: string | null | undefined, none = "None"): string => date || none;

export const yesNo = (value: boolean): string => (value ? "Yes" : "No");

/** "20 KB (20,480 bytes)". */
export function formatBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString("en")} bytes`;
  if (bytes < 1024) return exact;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]} (${exact})`;
}

/** A lookup in a label map that falls back to the raw value (an export from a newer version may hold new codes). */
export function labelOf<K extends string>(labels: Readonly<Record<K, string>>, value: string): string {
  return (labels as Readonly<Record<string, string>>)[value] ?? value;
}

/** "Korean (ko)"; the bare code when the runtime has no name for it. */
export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames(["en"], { type: "language" }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}
