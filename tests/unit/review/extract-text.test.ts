import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  Footer,
  FootnoteReferenceRun,
  Header,
  ImageRun,
  InsertedTextRun,
  Packer,
  Paragraph,
  TextRun,
  type ISectionOptions,
} from "docx";
import mammoth from "mammoth";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import {
  extractDocumentText,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENT_CHARS,
  MAX_UNPACKED_BYTES,
  MAX_XML_TAGS,
  MAX_ZIP_ENTRIES,
  UnsupportedDocument,
} from "@/lib/review/extract-text";

const KOREAN = "최광혁은 회령에서 왔다.";
const ENGLISH = "Choe Kwang-hyok from Hoeryong";
const PNG_1PX = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const DATE = "2026-01-05T09:00:00Z";

type DocOptions = Omit<ConstructorParameters<typeof Document>[0], "sections">;

function docx(children: Paragraph[], options: DocOptions = {}, section: Partial<ISectionOptions> = {}): Promise<Buffer> {
  return Packer.toBuffer(new Document({ ...options, sections: [{ ...section, children }] }));
}

const paragraphs = (...texts: string[]) => texts.map((t) => new Paragraph({ children: [new TextRun(t)] }));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** A minimal zip writer, so tests can declare sizes that lie. CRCs are left 0: nothing reads them. */
function makeZip(entries: { name: string; data: Buffer | string; declaredSize?: number }[]): Buffer {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.data === "string" ? Buffer.from(e.data) : e.data;
    const body = deflateRawSync(raw);
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? raw.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    out.push(local, name, body);
    central.push(cd, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, cd, eocd]);
}

/** Offset of the central-directory (or local) header of `name` in a zip. */
function headerOf(zip: Buffer, name: string, kind: "central" | "local"): number {
  const [signature, before] = kind === "central" ? [0x02014b50, 46] : [0x04034b50, 30];
  for (let i = zip.indexOf(name); i >= 0; i = zip.indexOf(name, i + 1)) {
    if (i >= before && zip.readUInt32LE(i - before) === signature) return i - before;
  }
  throw new Error(`${name} not found`);
}

let mammothCalls: MockInstance;
beforeEach(() => {
  mammothCalls = vi.spyOn(mammoth, "extractRawText");
});
afterEach(() => {
  mammothCalls.mockRestore();
});

/** Extraction must fail with an UnsupportedDocument whose message is one plain sentence or two, no library text. */
async function refusal(bytes: Uint8Array, fileName: string): Promise<string> {
  const err = await extractDocumentText(bytes, fileName).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnsupportedDocument);
  const message = (err as UnsupportedDocument).message;
  expect(message).toMatch(/^[A-Z].*\.$/);
  expect(message).not.toMatch(/\n|Error|jszip|mammoth|zlib|undefined|\bat\s+\S+\s+\(/i);
  return message;
}

describe("extractDocumentText: .docx", () => {
  it("keeps English and Korean text exactly, paragraphs separated as mammoth gives them", async () => {
    const result = await extractDocumentText(await docx(paragraphs(KOREAN, ENGLISH)), "draft.docx");
    expect(result).toEqual({ text: `${KOREAN}\n\n${ENGLISH}\n\n`, format: "docx", warnings: [] });
    expect(mammothCalls).toHaveBeenCalledTimes(1);
  });

  it("reads the committed fixture", async () => {
    const bytes = readFileSync(new URL("../../fixtures/review/draft.docx", import.meta.url));
    const result = await extractDocumentText(bytes, "draft.docx");
    expect(result.text).toBe("Draft: Choe Kwang-hyok (최광혁) grew up in Hoeryong (회령). His unit was the 94th Brigade.\n\n");
    expect(result.warnings).toEqual([]);
  });

  it("accepts an upper-case extension and a Uint8Array view into a larger buffer", async () => {
    const bytes = await docx(paragraphs(ENGLISH));
    const padded = new Uint8Array(bytes.length + 10);
    padded.set(bytes, 5);
    const result = await extractDocumentText(padded.subarray(5, 5 + bytes.length), "DRAFT.DOCX");
    expect(result.text).toBe(`${ENGLISH}\n\n`);
  });

  it("warns that images were not checked", async () => {
    const image = new Paragraph({ children: [new ImageRun({ type: "png", data: PNG_1PX, transformation: { width: 10, height: 10 } })] });
    const result = await extractDocumentText(await docx([...paragraphs(ENGLISH), image]), "draft.docx");
    expect(result.text).toContain(ENGLISH);
    expect(result.warnings).toEqual(["The document contains images; they were not checked — check them by eye."]);
  });

  it("leaves out deleted text of tracked changes, keeps inserted text, and warns", async () => {
    const p = new Paragraph({
      children: [
        new TextRun("His unit was the "),
        new DeletedTextRun({ text: "94th Brigade", id: 1, author: "Editor", date: DATE }),
        new InsertedTextRun({ text: "a border unit", id: 2, author: "Editor", date: DATE }),
      ],
    });
    const result = await extractDocumentText(await docx([p]), "draft.docx");
    expect(result.text).toBe("His unit was the a border unit\n\n");
    expect(result.warnings).toEqual([expect.stringMatching(/^The document has tracked changes: deleted text was not checked/)]);
  });

  it("leaves out comments and warns", async () => {
    const p = new Paragraph({
      children: [
        new CommentRangeStart(0),
        new TextRun(ENGLISH),
        new CommentRangeEnd(0),
        new TextRun({ children: [new CommentReference(0)] }),
      ],
    });
    const comments = { children: [{ id: 0, author: "Editor", date: new Date(DATE), children: paragraphs("His real name is 최광혁") }] };
    const result = await extractDocumentText(await docx([p], { comments }), "draft.docx");
    expect(result.text).toBe(`${ENGLISH}\n\n`);
    expect(result.warnings).toEqual(["The document has comments; they were not checked — check them by eye."]);
  });

  it("warns about footnotes, headers and footers that mammoth leaves out", async () => {
    const p = new Paragraph({ children: [new TextRun(ENGLISH), new FootnoteReferenceRun(1)] });
    const bytes = await docx(
      [p],
      { footnotes: { 1: { children: paragraphs("Interviewed in Hoeryong") } } },
      {
        headers: { default: new Header({ children: paragraphs("Choe interview — draft") }) },
        footers: { default: new Footer({ children: paragraphs("") }) },
      },
    );
    const result = await extractDocumentText(bytes, "draft.docx");
    expect(result.text).toBe(`${ENGLISH}\n\n`);
    expect(result.warnings).toEqual([
      "The document has footnotes or endnotes; they were not checked — check them by eye.",
      "The document's headers or footers contain text that was not checked — check them by eye.",
    ]);
  });

  it("refuses a text file renamed .docx", async () => {
    expect(await refusal(utf8(ENGLISH), "draft.docx")).toMatch(/not a Word \(\.docx\) document/);
    expect(mammothCalls).not.toHaveBeenCalled();
  });

  it("refuses an old .doc or password-protected Word file with advice", async () => {
    const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expect(await refusal(cfb, "draft.docx")).toMatch(/password-protected or in the older \.doc format/);
  });

  it("refuses a zip that is not a Word document", async () => {
    const zip = makeZip([{ name: "content.xml", data: "<office:document/>" }]);
    expect(await refusal(zip, "draft.docx")).toBe("This file is a zip archive, not a Word (.docx) document.");
    expect(mammothCalls).not.toHaveBeenCalled();
  });

  it("refuses truncated and corrupted documents as damaged", async () => {
    const bytes = await docx(paragraphs(KOREAN, ENGLISH));
    expect(await refusal(bytes.subarray(0, Math.floor(bytes.length / 2)), "draft.docx")).toMatch(/damaged or incomplete/);

    const corrupt = Buffer.from(bytes);
    const local = headerOf(corrupt, "word/document.xml", "local");
    const data = local + 30 + corrupt.readUInt16LE(local + 26) + corrupt.readUInt16LE(local + 28);
    corrupt.fill(0xff, data, data + 8); // deflate block type 3 does not exist
    expect(await refusal(corrupt, "draft.docx")).toMatch(/damaged or incomplete/);
    expect(mammothCalls).not.toHaveBeenCalled();
  });

  it("refuses a document whose XML mammoth cannot read", async () => {
    const zip = makeZip([
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "word/document.xml", data: "<w:document><w:body><w:p>unclosed" },
    ]);
    await refusal(zip, "draft.docx");
  });
});

describe("extractDocumentText: zip bombs", () => {
  const bomb = (declaredSize?: number) =>
    makeZip([
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "word/document.xml", data: Buffer.alloc(MAX_UNPACKED_BYTES + 1024 * 1024, 0x61), declaredSize },
    ]);

  it("refuses a small zip that declares more unpacked content than the limit, before unpacking", async () => {
    const zip = bomb();
    expect(zip.length).toBeLessThan(100_000);
    expect(await refusal(zip, "draft.docx")).toMatch(/too large to check once unpacked/);
    expect(mammothCalls).not.toHaveBeenCalled();
  });

  it("refuses a zip whose declared sizes lie (unpacking stops at the declared size)", async () => {
    expect(await refusal(bomb(1000), "draft.docx")).toMatch(/too large to check once unpacked/);
    expect(mammothCalls).not.toHaveBeenCalled();
  });

  it("refuses a real .docx whose central directory declares a huge entry", async () => {
    const zip = Buffer.from(await docx(paragraphs(ENGLISH)));
    zip.writeUInt32LE(0x7fffffff, headerOf(zip, "word/document.xml", "central") + 24);
    expect(await refusal(zip, "draft.docx")).toMatch(/too large to check once unpacked/);
    expect(mammothCalls).not.toHaveBeenCalled();
  });

  it("refuses a small document with more XML tags than mammoth can hold in memory", async () => {
    const zip = makeZip([
      { name: "word/document.xml", data: `<w:document><w:body><w:p>${"<w:r/>".repeat(MAX_XML_TAGS)}</w:p></w:body></w:document>` },
    ]);
    expect(zip.length).toBeLessThan(100_000);
    expect(await refusal(zip, "draft.docx")).toMatch(/too much formatting to check/);
    expect(mammothCalls).not.toHaveBeenCalled();
  });

  it("refuses a zip whose end record could make the unzipper read other entries than those checked", async () => {
    const zip = Buffer.from(await docx(paragraphs(ENGLISH)));
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const zip64Marker = Buffer.from(zip);
    zip64Marker.writeUInt16LE(0xffff, eocd + 4); // a disk number of 0xffff makes jszip look for ZIP64 records
    expect(await refusal(zip64Marker, "draft.docx")).toMatch(/damaged or incomplete/);
    const shifted = Buffer.from(zip);
    shifted.writeUInt32LE(shifted.readUInt32LE(eocd + 16) - 1, eocd + 16); // jszip would shift every offset
    expect(await refusal(shifted, "draft.docx")).toMatch(/damaged or incomplete/);
    expect(mammothCalls).not.toHaveBeenCalled();
  });

  it("refuses more than the allowed number of entries", async () => {
    const entries = Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => ({ name: `word/media/${i}.bin`, data: "" }));
    const zip = makeZip([{ name: "word/document.xml", data: "<w:document/>" }, ...entries]);
    expect(await refusal(zip, "draft.docx")).toMatch(/too large to check once unpacked/);
    expect(mammothCalls).not.toHaveBeenCalled();
  });
});

describe("extractDocumentText: .txt and .md", () => {
  it("decodes UTF-8, keeps Korean exactly and chooses txt or md by extension", async () => {
    await expect(extractDocumentText(utf8(`${KOREAN}\n${ENGLISH}\n`), "draft.txt")).resolves.toEqual({
      text: `${KOREAN}\n${ENGLISH}\n`,
      format: "txt",
      warnings: [],
    });
    await expect(extractDocumentText(utf8(`# ${ENGLISH}\n`), "notes.MD")).resolves.toMatchObject({ format: "md", text: `# ${ENGLISH}\n` });
  });

  it("strips a UTF-8 byte-order mark", async () => {
    const result = await extractDocumentText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(KOREAN)]), "draft.txt");
    expect(result.text).toBe(KOREAN);
  });

  it("turns CRLF and lone CR into LF", async () => {
    const result = await extractDocumentText(utf8("one\r\ntwo\rthree\n\tfour"), "draft.txt");
    expect(result.text).toBe("one\ntwo\nthree\n\tfour");
  });

  it("normalises to NFC (decomposed Hangul becomes the usual syllables)", async () => {
    const decomposed = KOREAN.normalize("NFD");
    expect(decomposed).not.toBe(KOREAN);
    expect((await extractDocumentText(utf8(decomposed), "draft.txt")).text).toBe(KOREAN);
  });

  it("refuses text that is not UTF-8 (EUC-KR Korean, Latin-1)", async () => {
    const eucKr = Buffer.from("c3d6b1a4c7f5c0ba20c8b8b7c9", "hex"); // 최광혁은 회령
    expect(await refusal(eucKr, "draft.txt")).toMatch(/not saved as UTF-8/);
    expect(await refusal(Buffer.from("caf\xe9", "latin1"), "draft.md")).toMatch(/not saved as UTF-8/);
  });

  it.each([
    ["a NUL byte", "Choe\u0000Kwang"],
    ["a control character", "Choe\u001bKwang"],
  ])("refuses text containing %s", async (_, content) => {
    expect(await refusal(utf8(content), "draft.txt")).toMatch(/binary data/);
  });

  it.each([
    ["a PNG image", PNG_1PX, "draft.txt", /image/],
    ["a PDF", Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n"), "draft.txt", /PDF/],
    ["a zip archive", makeZip([{ name: "a.txt", data: "hello" }]), "draft.md", /zip archive/],
  ])("refuses %s renamed to .txt/.md", async (_, bytes, name, message) => {
    expect(await refusal(bytes, name)).toMatch(message);
  });

  it("refuses a .docx renamed to .txt", async () => {
    expect(await refusal(await docx(paragraphs(ENGLISH)), "draft.txt")).toMatch(/Word document or zip archive, not plain text/);
  });
});

describe("extractDocumentText: limits and names", () => {
  it.each(["draft.pdf", "draft.doc", "draft.rtf", "draft", "draft.txt.exe", ".txt.", ""])("refuses the file name %j", async (name) => {
    expect(await refusal(utf8(ENGLISH), name)).toBe("Only .txt, .md or .docx files can be added.");
  });

  it("refuses a file over the size limit before parsing it", async () => {
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    expect(await refusal(big, "draft.docx")).toBe(
      "The file is larger than 2 MB. Split it into shorter documents and add them one at a time.",
    );
    expect(await refusal(big.fill(0x61), "draft.txt")).toMatch(/larger than 2 MB/);
    expect(mammothCalls).not.toHaveBeenCalled();
  });

  it("accepts exactly the size limit, then applies the character limit", async () => {
    const text = "a".repeat(MAX_DOCUMENT_BYTES);
    expect(await refusal(utf8(text), "draft.txt")).toMatch(/longer than 200,000 characters/);
    expect((await extractDocumentText(utf8(text.slice(0, MAX_DOCUMENT_CHARS)), "draft.txt")).text).toHaveLength(MAX_DOCUMENT_CHARS);
  });

  it("applies the character limit to .docx text", async () => {
    const long = paragraphs("가".repeat(MAX_DOCUMENT_CHARS / 2), "나".repeat(MAX_DOCUMENT_CHARS / 2));
    expect(await refusal(await docx(long), "draft.docx")).toMatch(/longer than 200,000 characters/);
  });

  it("refuses empty files and files with no text", async () => {
    expect(await refusal(new Uint8Array(0), "draft.txt")).toBe("The file is empty.");
    expect(await refusal(utf8(" \n\t\r\n"), "draft.md")).toBe("No text was found in this document.");
    expect(await refusal(await docx(paragraphs("", " ")), "draft.docx")).toBe("No text was found in this document.");
  });
});
