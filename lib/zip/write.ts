import { createHash, type Hash } from "node:crypto";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";

/**
 * A ZIP archive written to a stream as it is produced, with back-pressure: `await zip.drain()` between chunks
 * keeps memory flat however large the archive grows. Files can be added whole or pushed in chunks; the SHA-256
 * and size of every file's (uncompressed) content are kept in `files`, ready for a manifest.
 */
export class ZipStream {
  private readonly zip = new Zip();
  private failed: Error | null = null;
  readonly files: Record<string, { sha256: string; bytes: number }> = {};

  constructor(private readonly out: Writable) {
    this.zip.ondata = (err, chunk) => {
      if (err) this.failed = err;
      else out.write(chunk);
    };
  }

  /** Adds a complete file. Already-compressed data (PDF, JPEG) is stored rather than deflated again. */
  add(name: string, data: string | Uint8Array, options: { compress?: boolean } = {}): void {
    const file = options.compress === false ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    this.zip.add(file);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    this.files[name] = { sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.byteLength };
    file.push(bytes, true);
  }

  /** Opens a file whose content is pushed in chunks; call `end()` on the result when done. */
  open(name: string): { push: (chunk: Uint8Array | string) => void; end: () => void } {
    const file = new ZipDeflate(name, { level: 6 });
    this.zip.add(file);
    const hash: Hash = createHash("sha256");
    let size = 0;
    return {
      push: (chunk) => {
        const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
        hash.update(bytes);
        size += bytes.byteLength;
        file.push(bytes);
      },
      end: () => {
        file.push(new Uint8Array(0), true);
        this.files[name] = { sha256: hash.digest("hex"), bytes: size };
      },
    };
  }

  /** Waits while the output is full; throws when compression failed. */
  async drain(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.out.writableNeedDrain) await once(this.out, "drain");
  }

  async end(): Promise<void> {
    this.zip.end();
    await this.drain();
  }
}
