import { promisify } from "node:util";
import { inflateRaw } from "node:zlib";
import mammoth from "mammoth";

export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
export const MAX_DOCUMENT_CHARS = 200_000;
/** A .docx may unpack to at most this much, in at most this many zip entries (zip-bomb guard). */
export const MAX_UNPACKED_BYTES = 20 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 2_000;
/**
 * mammoth holds the whole XML tree in memory, about 1–2 KB per tag: 300,000 tags peak near 0.5 GB. A draft at the
 * 200,000-character limit with formatting every ten words has about 210,000.
 */
export const MAX_XML_TAGS = 300_000;

export type DocumentFormat = "txt" | "md" | "docx";

export interface ExtractedDocument {
  /** Line endings "\n", Unicode NFC. For .docx, paragraphs are separated as mammoth gives them ("\n\n"). */
  text: string;
  format: DocumentFormat;
  /** Short plain-English notes on parts of the document that were not checked. */
  warnings: string[];
}

/** The user's file cannot be used. The message is a plain-language sentence meant for the journalist. */
export class UnsupportedDocument extends Error {}

const inflateRawAsync = promisify(inflateRaw);

const ONLY_THESE = "Only .txt, .md or .docx files can be added.";
const DAMAGED = "This Word document is damaged or incomplete. Open it in Word, save it again as .docx and add the new file.";
const TOO_BIG_UNPACKED =
  "This Word document is too large to check once unpacked. Split it into shorter documents and add them one at a time.";
const TOO_COMPLEX = "This Word document has too much formatting to check. Save it as plain text (.txt) and add that file instead.";

/**
 * Extracts the plain text of a draft to check. The format is decided by the content: the extension only chooses
 * between .txt and .md, a .docx must really be one, and a text file must really be UTF-8 text.
 * Every problem with the user's file is an UnsupportedDocument; nothing here reads or writes the disk.
 */
export async function extractDocumentText(bytes: Uint8Array, fileName: string): Promise<ExtractedDocument> {
  const ext = /\.([^./\\]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  if (ext !== "txt" && ext !== "md" && ext !== "docx") throw new UnsupportedDocument(ONLY_THESE);
  if (bytes.byteLength === 0) throw new UnsupportedDocument("The file is empty.");
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    throw new UnsupportedDocument(
      `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB. Split it into shorter documents and add them one at a time.`,
    );
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { text, warnings } = ext === "docx" ? await readDocx(buf) : { text: readPlainText(buf), warnings: [] };
  const normalized = text.replace(/\r\n?/g, "\n").normalize("NFC");
  if (!/\S/.test(normalized)) throw new UnsupportedDocument("No text was found in this document.");
  if (normalized.length > MAX_DOCUMENT_CHARS) {
    throw new UnsupportedDocument(
      `The document is longer than ${MAX_DOCUMENT_CHARS.toLocaleString("en")} characters. Split it into shorter parts and add them one at a time.`,
    );
  }
  return { text: normalized, format: ext, warnings };
}

// ---------------------------------------------------------------- plain text

function readPlainText(buf: Buffer): string {
  const kind = describeBinary(buf);
  if (kind) throw new UnsupportedDocument(`This file is ${kind}, not plain text. ${ONLY_THESE}`);
  let text: string;
  try {
    // The decoder drops a leading UTF-8 byte-order mark.
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw new UnsupportedDocument(
      "This text file is not saved as UTF-8 (older Korean files often use EUC-KR). Save it again with the UTF-8 encoding and add it again.",
    );
  }
  // Control bytes never occur inside UTF-8 multi-byte sequences, so checking bytes is checking characters.
  for (const b of buf) {
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) {
      throw new UnsupportedDocument(`This file contains binary data, not plain text. ${ONLY_THESE}`);
    }
  }
  return text;
}

function startsWith(buf: Buffer, sig: readonly number[] | string, at = 0): boolean {
  const bytes = typeof sig === "string" ? Buffer.from(sig, "latin1") : Buffer.from(sig);
  return buf.length >= at + bytes.length && buf.subarray(at, at + bytes.length).equals(bytes);
}

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function describeBinary(buf: Buffer): string | null {
  if (startsWith(buf, "PK\x03\x04") || startsWith(buf, "PK\x05\x06")) return "a Word document or zip archive";
  if (startsWith(buf, "%PDF-")) return "a PDF";
  if (startsWith(buf, CFB)) return "an older Word (.doc) or other Office file";
  if (startsWith(buf, "{\\rtf")) return "a Rich Text (RTF) document";
  if (
    startsWith(buf, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(buf, [0xff, 0xd8, 0xff]) ||
    startsWith(buf, "GIF8") ||
    (startsWith(buf, "RIFF") && startsWith(buf, "WEBP", 8))
  )
    return "an image";
  return null;
}

// ---------------------------------------------------------------- .docx

async function readDocx(buf: Buffer): Promise<{ text: string; warnings: string[] }> {
  if (startsWith(buf, CFB)) {
    throw new UnsupportedDocument(
      "This Word document is password-protected or in the older .doc format. Remove the password or save it as .docx, then add it again.",
    );
  }
  if (!startsWith(buf, "PK\x03\x04"))
    throw new UnsupportedDocument("This file is not a Word (.docx) document. Save it from Word as .docx and add it again.");
  const parts = await unpackChecked(buf);
  if (!parts.has("word/document.xml")) throw new UnsupportedDocument("This file is a zip archive, not a Word (.docx) document.");
  let text: string;
  try {
    text = (await mammoth.extractRawText({ buffer: buf })).value;
  } catch {
    throw new UnsupportedDocument(DAMAGED);
  }
  return { text, warnings: describeUncheckedParts(parts) };
}

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Reads the zip's central directory and refuses archives that declare too many entries or too much content. */
function readCentralDirectory(buf: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new UnsupportedDocument(DAMAGED);
  const count = buf.readUInt16LE(eocd + 10);
  if (count > MAX_ZIP_ENTRIES) throw new UnsupportedDocument(TOO_BIG_UNPACKED);
  let p = buf.readUInt32LE(eocd + 16);
  // One disk, no ZIP64 records, the central directory right before its end record: then mammoth's unzipper
  // (jszip) finds exactly the entries checked here, at the same offsets.
  const oneDisk = buf.readUInt16LE(eocd + 4) === 0 && buf.readUInt16LE(eocd + 6) === 0 && buf.readUInt16LE(eocd + 8) === count;
  if (!oneDisk || p + buf.readUInt32LE(eocd + 12) !== eocd) throw new UnsupportedDocument(DAMAGED);
  const entries: ZipEntry[] = [];
  let declared = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw new UnsupportedDocument(DAMAGED);
    const nameLength = buf.readUInt16LE(p + 28);
    const entry: ZipEntry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString("utf8", p + 46, p + 46 + nameLength),
    };
    declared += entry.size;
    if (declared > MAX_UNPACKED_BYTES) throw new UnsupportedDocument(TOO_BIG_UNPACKED);
    entries.push(entry);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/** The parts whose text mammoth leaves out, kept to say what was not checked. */
const KEPT_PART = /^word\/(?:document|comments|footnotes|endnotes|header\d*|footer\d*)\.xml$/;

/**
 * Unpacks every entry with its declared size as a hard cap (declared sizes can lie), so that nothing mammoth
 * later unpacks can be larger than the limits checked above, and counts the tags in all XML parts.
 * Returns the names of all entries, with the text of the parts in KEPT_PART.
 */
async function unpackChecked(buf: Buffer): Promise<Map<string, string>> {
  const parts = new Map<string, string>();
  let tags = 0;
  for (const e of readCentralDirectory(buf)) {
    const at = e.localOffset;
    if (e.flags & 1 || at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw new UnsupportedDocument(DAMAGED);
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    const data = buf.subarray(start, start + e.compressedSize);
    if (data.length !== e.compressedSize) throw new UnsupportedDocument(DAMAGED);
    let content: Buffer;
    if (e.method === 0) content = data;
    else if (e.method === 8) {
      try {
        content = await inflateRawAsync(data, { maxOutputLength: Math.max(1, e.size) });
      } catch (err) {
        const bomb = (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
        throw new UnsupportedDocument(bomb ? TOO_BIG_UNPACKED : DAMAGED);
      }
    } else throw new UnsupportedDocument(DAMAGED);
    if (content.length !== e.size) throw new UnsupportedDocument(DAMAGED);
    if (/\.(?:xml|rels)$/i.test(e.name)) {
      for (let i = content.indexOf(0x3c); i !== -1 && tags <= MAX_XML_TAGS; i = content.indexOf(0x3c, i + 1)) tags++;
      if (tags > MAX_XML_TAGS) throw new UnsupportedDocument(TOO_COMPLEX);
    }
    parts.set(e.name, KEPT_PART.test(e.name) ? content.toString("utf8") : "");
  }
  return parts;
}

/** Some text in a w:t (or w:delText) element, not only whitespace. */
const hasText = (xml: string | undefined, tag = "w:t") => !!xml && new RegExp(`<${tag}(?:\\s[^>]*)?>[^<]*[^\\s<]`).test(xml);

function describeUncheckedParts(parts: Map<string, string>): string[] {
  const names = [...parts.keys()];
  const warnings: string[] = [];
  if (names.some((n) => n.startsWith("word/media/")))
    warnings.push("The document contains images; they were not checked — check them by eye.");
  if (names.some((n) => /^word\/(?:charts|embeddings|diagrams)\//.test(n))) {
    warnings.push("The document contains charts, diagrams or embedded files; they were not checked — check them by eye.");
  }
  if (hasText(parts.get("word/document.xml"), "w:delText")) {
    warnings.push("The document has tracked changes: deleted text was not checked. Accept or reject all changes, or check it by eye.");
  }
  if (hasText(parts.get("word/comments.xml"))) warnings.push("The document has comments; they were not checked — check them by eye.");
  if (hasText(parts.get("word/footnotes.xml")) || hasText(parts.get("word/endnotes.xml"))) {
    warnings.push("The document has footnotes or endnotes; they were not checked — check them by eye.");
  }
  if (names.some((n) => /^word\/(?:header|footer)\d*\.xml$/.test(n) && hasText(parts.get(n)))) {
    warnings.push("The document's headers or footers contain text that was not checked — check them by eye.");
  }
  return warnings;
}
