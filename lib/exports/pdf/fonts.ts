import { readFileSync } from "node:fs";
import path from "node:path";
import * as fontkit from "fontkit";

/**
 * The fonts consent PDFs are set in: Noto Sans KR (SIL Open Font License), Regular and Bold, which cover Hangul,
 * Latin, digits and the punctuation the documents use. They come from the `@expo-google-fonts/noto-sans-kr` package
 * installed with the app; nothing is ever downloaded. `SOURCEKEEPER_PDF_FONT_DIR` points to another directory
 * holding the same two files under the same names (for a deployment that copies fonts elsewhere).
 *
 * The path is built from `process.cwd()` rather than `require.resolve` so it means the same inside Next's server
 * bundle, the CLI and tests: all of them run from the project root.
 */
export const FONT_FILES = { regular: "NotoSansKR_400Regular.ttf", bold: "NotoSansKR_700Bold.ttf" } as const;
export const FONT_DIR_ENV = "SOURCEKEEPER_PDF_FONT_DIR";

const PACKAGE_DIR = "node_modules/@expo-google-fonts/noto-sans-kr";
const PACKAGE_SUBDIRS = { regular: "400Regular", bold: "700Bold" } as const;

export interface PdfFonts {
  regular: Buffer;
  bold: Buffer;
}

/** Loaded once per process: each file is about 6 MB, and PDFKit only reads it (it embeds a subset per document). */
let cached: { key: string; fonts: PdfFonts } | null = null;

/** Where each font file is read from, given the environment. */
export function fontPaths(env: NodeJS.ProcessEnv = process.env): Record<keyof PdfFonts, string> {
  const dir = env[FONT_DIR_ENV]?.trim();
  // turbopackIgnore: these are run-time paths; without the hint the bundler traces the whole project.
  if (dir)
    return {
      regular: path.join(/*turbopackIgnore: true*/ dir, FONT_FILES.regular),
      bold: path.join(/*turbopackIgnore: true*/ dir, FONT_FILES.bold),
    };
  const base = path.join(/*turbopackIgnore: true*/ process.cwd(), PACKAGE_DIR);
  return {
    regular: path.join(/*turbopackIgnore: true*/ base, PACKAGE_SUBDIRS.regular, FONT_FILES.regular),
    bold: path.join(/*turbopackIgnore: true*/ base, PACKAGE_SUBDIRS.bold, FONT_FILES.bold),
  };
}

function readFont(file: string, which: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(
      `The ${which} font for PDF exports could not be read from ${file} (${reason}). Install the dependencies (npm ci), ` +
        `or set ${FONT_DIR_ENV} to a directory holding ${FONT_FILES.regular} and ${FONT_FILES.bold}.`,
    );
  }
}

/** The Regular and Bold font files, read on first use and kept for the life of the process. */
export function loadPdfFonts(): PdfFonts {
  const paths = fontPaths();
  const key = `${paths.regular}\n${paths.bold}`;
  if (cached?.key === key) return cached.fonts;
  const fonts = { regular: readFont(paths.regular, "Regular"), bold: readFont(paths.bold, "Bold") };
  cached = { key, fonts };
  return fonts;
}

/** The parsed faces, shared by every document: fontkit keeps its glyph and layout caches on them. */
let faces: { key: string; regular: fontkit.Font; bold: fontkit.Font } | null = null;

/**
 * Both fonts parsed once per process. Handing PDFKit the same parsed faces for every document (it embeds a fresh
 * subset in each) keeps fontkit's caches warm: a certificate renders several times faster than with the raw files.
 */
export function loadPdfFontFaces(): { regular: fontkit.Font; bold: fontkit.Font } {
  const fonts = loadPdfFonts();
  const key = cached!.key;
  if (faces?.key === key) return faces;
  const open = (bytes: Buffer) => fontkit.create(bytes) as fontkit.Font;
  faces = { key, regular: open(fonts.regular), bold: open(fonts.bold) };
  return faces;
}
