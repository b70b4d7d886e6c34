import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface PdfText {
  /** Each page's text: items on one line joined by a space, lines by "\n". */
  pages: string[];
  /** All pages, separated by a blank line. */
  text: string;
  /** The document information dictionary as pdf.js reads it (Title, Producer, CreationDate…). */
  info: Record<string, unknown>;
}

/**
 * Reads back the text of a PDF the app produced, with pdf.js (the legacy build runs in Node 20). Fonts are never
 * loaded from the system and no code is evaluated, so what is found is exactly what the file's own fonts map to
 * Unicode: a word drawn with a glyph that has no Unicode mapping would not be found.
 */
export async function extractPdfText(pdf: Buffer | Uint8Array): Promise<PdfText> {
  // pdf.js takes ownership of the bytes it is given: pass a copy so the caller's buffer stays usable.
  const task = getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  });
  const doc = await task.promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const parts: string[] = [];
      for (const item of content.items) {
        if (!("str" in item)) continue;
        parts.push(item.str, item.hasEOL ? "\n" : " ");
      }
      pages.push(
        parts
          .join("")
          .replace(/[ \t]+/g, " ")
          .replace(/ ?\n ?/g, "\n")
          .trim(),
      );
      page.cleanup();
    }
    const { info } = await doc.getMetadata();
    return { pages, text: pages.join("\n\n"), info: { ...(info as Record<string, unknown>) } };
  } finally {
    await task.destroy();
  }
}
