import { createHash, sign } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { unzipSync, Zip, ZipPassThrough } from "fflate";
import { BUNDLE_CSV, BUNDLE_JSON, BUNDLE_MANIFEST, BUNDLE_SIGNATURE, type ConsentExportManifest } from "@/lib/exports/bundle-format";
import type { ConsentRecordJson } from "@/lib/exports/consent-record";
import type { ConsentExportResult } from "@/lib/exports/consent-export";
import { prepareConsentExport, startConsentExport } from "@/lib/exports/export-consent";
import type { Ctx } from "@/lib/context";
import type { ConsentExportInput } from "@/lib/exports/schema";
import { rebuildExport, tmpPath } from "./audit-export-fixtures";
import { extractPdfText } from "./pdf-text";

import { exportInput } from "./consent-input";

export { exportInput };

/** Helpers for the consent export tests (issue 8): prepare and stream a bundle, read it back, rebuild it altered. */

export const sha256 = (bytes: Uint8Array | string): string => createHash("sha256").update(bytes).digest("hex");


/** The prepared tickets held in memory (lib/exports/tickets.ts keeps them on globalThis, across tests). */
const tickets = () => (globalThis as { __sourcekeeperExportTickets?: Map<string, unknown> }).__sourcekeeperExportTickets;
export const ticketCount = (): number => tickets()?.size ?? 0;
/** Forgets every ticket, as a restart would: each test starts without the tickets of the ones before. */
export const clearTickets = (): void => tickets()?.clear();

/**
 * A Writable that keeps every chunk. `onWrite` runs inside each write (the export is then between two steps of its
 * stream); `slow` completes each write on a later turn of the event loop, so the export meets back-pressure.
 */
export function sink(options: { highWaterMark?: number; slow?: boolean; onWrite?: (writes: number) => void } = {}) {
  const chunks: Buffer[] = [];
  const out = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024,
    write(chunk: Buffer, _enc, callback) {
      chunks.push(Buffer.from(chunk));
      options.onWrite?.(chunks.length);
      if (options.slow) setImmediate(callback);
      else callback();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

/** Streams a prepared ticket into `into` (default: a plain sink), ends it, and saves the ZIP in `dir`. */
export async function streamToFile(dir: string, ctx: Ctx, ticketId: string, into: { out: Writable; bytes: () => Buffer } = sink()) {
  const result: ConsentExportResult = await startConsentExport({ ctx, ticketId, out: into.out });
  // The export leaves its last chunks to the stream: end it (as the download route does) and let it finish.
  await new Promise<void>((resolve, reject) => into.out.once("error", reject).end(() => resolve()));
  const bytes = into.bytes();
  const file = tmpPath(dir, "consent-export.zip");
  fs.writeFileSync(file, bytes);
  return { file, bytes, result };
}

/** Prepares and streams an export as the browser would (form, then download), saving the ZIP in `dir`. */
export async function exportBundle(dir: string, ctx: Ctx, input: Partial<ConsentExportInput> = {}) {
  const { ticketId, total } = await prepareConsentExport({ ctx, input: exportInput(input) });
  return { ticketId, total, ...(await streamToFile(dir, ctx, ticketId)) };
}

export interface OpenedBundle {
  /** Every file, decompressed, in archive order. */
  files: Record<string, Uint8Array>;
  names: string[];
  text: (name: string) => string;
  manifestText: string;
  manifest: ConsentExportManifest;
  /** consent-records.json, parsed. */
  records: ConsentRecordJson[];
  /** consent-records.csv as written (with its byte-order mark) and parsed into rows (header first). */
  csvText: string;
  csvRows: string[][];
  /** The certificate files, in archive order. */
  certificates: string[];
  attachments: string[];
}

export function openBundle(file: string): OpenedBundle {
  const files = unzipSync(fs.readFileSync(file));
  // Buffer keeps a byte-order mark (TextDecoder, and so strFromU8, would drop it).
  const text = (name: string) => (files[name] ? Buffer.from(files[name]).toString("utf8") : "");
  const manifestText = text(BUNDLE_MANIFEST);
  const names = Object.keys(files);
  const csvText = text(BUNDLE_CSV);
  return {
    files,
    names,
    text,
    manifestText,
    manifest: JSON.parse(manifestText) as ConsentExportManifest,
    records: files[BUNDLE_JSON] ? (JSON.parse(text(BUNDLE_JSON)) as ConsentRecordJson[]) : [],
    csvText,
    csvRows: csvText ? parseCsv(csvText.replace(/^\uFEFF/, "")) : [],
    certificates: names.filter((n) => n.startsWith("certificates/")),
    attachments: names.filter((n) => n.startsWith("attachments/")),
  };
}

/** An RFC 4180 reader (CRLF rows, quoted cells with doubled quotes): just enough to read our own CSV back. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 1;
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** The CSV rows as objects keyed by the header. */
export function csvObjects(bundle: OpenedBundle): Record<string, string>[] {
  const [header = [], ...rows] = bundle.csvRows;
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}

/** Everything a person could read in the bundle: each file as text and as bytes, and each PDF's extracted text and metadata. */
export async function readableContent(bundle: OpenedBundle): Promise<{ name: string; text: string; bytes: Uint8Array }[]> {
  const out: { name: string; text: string; bytes: Uint8Array }[] = [];
  for (const name of bundle.names) {
    const bytes = bundle.files[name]!;
    out.push({ name, text: Buffer.from(bytes).toString("utf8"), bytes });
    if (name.endsWith(".pdf")) {
      const pdf = await extractPdfText(bytes);
      out.push({ name: `${name} (text)`, text: `${pdf.text}\n${JSON.stringify(pdf.info)}`, bytes: new Uint8Array() });
    }
  }
  return out;
}

/** Whitespace collapsed, so text that a PDF broke across lines can be searched for. */
export const flat = (s: string): string => s.replace(/\s+/g, " ").trim();

/** The bundle rebuilt with files replaced (string or bytes), added, or removed (null); the rest copied in order. */
export const rebuildBundle = rebuildExport;

/** The bundle with one file's bytes changed (XOR of one byte at `at`, from the end when negative). */
export function flipByte(file: string, name: string, at: number): string {
  const bytes = Buffer.from(unzipSync(fs.readFileSync(file))[name]!);
  const i = at < 0 ? bytes.length + at : at;
  bytes[i] = bytes[i]! ^ 0x01;
  return rebuildBundle(file, { [name]: bytes });
}

/** A ZIP written entry by entry, so that one name may appear twice (zipSync takes an object and cannot). */
export function zipOf(entries: [string, Uint8Array][]): Buffer {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  for (const [name, bytes] of entries) {
    const file = new ZipPassThrough(name);
    zip.add(file);
    file.push(bytes, true);
  }
  zip.end();
  return Buffer.concat(chunks);
}

/** The bundle with a file appended a second time under the same name (identical bytes). */
export function withDuplicate(file: string, name: string): string {
  const files = unzipSync(fs.readFileSync(file));
  const entries = Object.entries(files);
  const target = tmpPath(path.dirname(file), "duplicate.zip");
  fs.writeFileSync(target, zipOf([...entries, [name, files[name]!]]));
  return target;
}

/** Replaces manifest.json and signs it with `privateKeyPem` (an attacker's key), writing manifest.sig to match. */
export function resignedBundle(
  file: string,
  manifest: ConsentExportManifest,
  privateKeyPem: string,
  changes: Record<string, string | Uint8Array | null> = {},
): string {
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const signature = `${sign(null, Buffer.from(manifestText, "utf8"), privateKeyPem).toString("base64")}\n`;
  return rebuildBundle(file, { ...changes, [BUNDLE_MANIFEST]: manifestText, [BUNDLE_SIGNATURE]: signature });
}
