import fs from "node:fs";
import { Unzip, UnzipInflate } from "fflate";

/** True when the file starts like a ZIP archive (a local file header). */
export function looksLikeZip(file: string): boolean {
  try {
    const head = Buffer.alloc(4);
    const fd = fs.openSync(file, "r");
    try {
      return fs.readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32LE(0) === 0x04034b50;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * Streams the files of a ZIP archive on disk: every entry's name is returned (in archive order, duplicates kept),
 * and the entries `wanted` selects are passed through `onChunk` as they inflate. Memory stays flat at any size.
 * Throws on a damaged archive.
 */
export async function readZip(
  file: string,
  wanted: (name: string) => boolean,
  onChunk: (name: string, chunk: Uint8Array, final: boolean) => void,
): Promise<string[]> {
  const seen: string[] = [];
  let failure: unknown = null;
  const unzip = new Unzip((entry) => {
    seen.push(entry.name);
    if (!wanted(entry.name)) return;
    entry.ondata = (err, chunk, final) => {
      if (err) failure ??= err;
      else onChunk(entry.name, chunk, final);
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    unzip.push(chunk as Uint8Array);
    if (failure) throw failure;
  }
  unzip.push(new Uint8Array(0), true);
  if (failure) throw failure;
  return seen;
}

/** Names that occur more than once in an archive (a reader could open another copy than the one checked). */
export function duplicateNames(names: readonly string[]): string[] {
  return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
}
