import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import type { AuditRow } from "@/lib/audit/canonical";
import type { Checkpoint } from "@/lib/audit/checkpoint-format";
import { exportAuditLog } from "@/lib/audit/export-audit";
import {
  ENTRIES_FILE,
  isStub,
  MANIFEST_FILE,
  PUBLIC_KEY_FILE,
  SIGNATURE_FILE,
  type ExportLine,
  type ExportManifest,
  type StubLine,
} from "@/lib/audit/export-format";
import type { Ctx } from "@/lib/context";

/** Helpers for the audit export tests (issue 7): write an export to a file, read it back, rebuild it altered. */

let fileCounter = 0;

/** A fresh path in `dir` (use the test's DATA_DIR: it is removed with the database). */
export function tmpPath(dir: string, name: string): string {
  fileCounter += 1;
  return path.join(dir, `${fileCounter}-${name}`);
}

/** A Writable that keeps every chunk; `bytes()` gives them joined. */
export function collector(options: { highWaterMark?: number; slow?: boolean } = {}) {
  const chunks: Buffer[] = [];
  let drains = 0;
  let maxBuffered = 0;
  const out: Writable = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024,
    write(chunk: Buffer, _enc, callback) {
      chunks.push(Buffer.from(chunk));
      // What the producer had queued beyond this chunk: grows without bound when back-pressure is ignored.
      maxBuffered = Math.max(maxBuffered, out.writableLength);
      // A slow consumer: every write completes on a later turn of the event loop, so the buffer fills up.
      if (options.slow) setImmediate(callback);
      else callback();
    },
  });
  out.on("drain", () => (drains += 1));
  return { out, bytes: () => Buffer.concat(chunks), chunks: () => chunks.length, drains: () => drains, maxBuffered: () => maxBuffered };
}

/** Runs exportAuditLog into memory and saves the ZIP in `dir`. */
export async function exportToFile(dir: string, ctx: Ctx, input: Record<string, string> = {}) {
  const sink = collector();
  const result = await exportAuditLog({ ctx, input, out: sink.out });
  const file = tmpPath(dir, "export.zip");
  fs.writeFileSync(file, sink.bytes());
  return { file, result };
}

export interface OpenedExport {
  /** Every file of the archive, in archive order. */
  files: Record<string, Uint8Array>;
  entriesText: string;
  lines: ExportLine[];
  full: AuditRow[];
  stubs: StubLine[];
  manifestText: string;
  manifest: ExportManifest;
  signature: string;
  publicKey: string;
}

export function openExport(file: string): OpenedExport {
  const files = unzipSync(fs.readFileSync(file));
  const text = (name: string) => (files[name] ? strFromU8(files[name]) : "");
  const entriesText = text(ENTRIES_FILE);
  const lines = entriesText
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as ExportLine);
  const manifestText = text(MANIFEST_FILE);
  return {
    files,
    entriesText,
    lines,
    full: lines.filter((l): l is AuditRow => !isStub(l)),
    stubs: lines.filter(isStub),
    manifestText,
    manifest: JSON.parse(manifestText) as ExportManifest,
    signature: text(SIGNATURE_FILE),
    publicKey: text(PUBLIC_KEY_FILE),
  };
}

/**
 * Rebuilds the archive of `file` into a new file with some of its files replaced (a string or bytes) or removed
 * (null); every other file is copied byte for byte, in the original order.
 */
export function rebuildExport(file: string, changes: Record<string, string | Uint8Array | null>): string {
  const files = unzipSync(fs.readFileSync(file));
  const out: Record<string, Uint8Array> = {};
  for (const [name, bytes] of Object.entries(files)) {
    if (!(name in changes)) out[name] = bytes;
    else if (changes[name] !== null) {
      const c = changes[name]!;
      out[name] = typeof c === "string" ? strToU8(c) : c;
    }
  }
  for (const [name, c] of Object.entries(changes)) if (!(name in files) && c !== null) out[name] = typeof c === "string" ? strToU8(c) : c;
  const target = tmpPath(path.dirname(file), "altered.zip");
  fs.writeFileSync(target, zipSync(out));
  return target;
}

/** Rewrites entries.jsonl line by line (lines without their newline; the file keeps its final newline). */
export function editLines(file: string, edit: (lines: string[]) => string[]): string {
  const text = strFromU8(unzipSync(fs.readFileSync(file))[ENTRIES_FILE]!);
  const lines = text.split("\n").slice(0, -1);
  const edited = edit(lines);
  return rebuildExport(file, { [ENTRIES_FILE]: edited.length ? `${edited.join("\n")}\n` : "" });
}

/** A fresh Ed25519 key pair: the public key as SPKI PEM, the private key as PKCS#8 PEM. */
export function newKeyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return {
    publicKey: publicKey.export({ format: "pem", type: "spki" }).toString(),
    privateKey: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  };
}

export function writeText(dir: string, name: string, text: string): string {
  const file = tmpPath(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The JSON checkpoint `audit checkpoint` prints after "Keep a copy outside Sourcekeeper (for --trusted-checkpoint):". */
export function checkpointFromCliOutput(stdout: string): Checkpoint {
  const marker = "(for --trusted-checkpoint):\n";
  const at = stdout.indexOf(marker);
  if (at < 0) throw new Error(`no checkpoint in: ${stdout}`);
  return JSON.parse(stdout.slice(at + marker.length).trim()) as Checkpoint;
}
