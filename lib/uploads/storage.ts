import fs from "node:fs";
import path from "node:path";
import { dataDir } from "../env";

/** Uploaded files live under DATA_DIR/uploads, outside the web root, named by id only. */
export function uploadPath(id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error("Invalid upload id");
  return path.join(dataDir(), "uploads", id);
}

export function writeUpload(id: string, bytes: Uint8Array): string {
  const file = uploadPath(id);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, bytes, { flag: "wx", mode: 0o600 });
  return file;
}

export function readUpload(id: string): Buffer {
  return fs.readFileSync(uploadPath(id));
}

export function removeUpload(id: string): void {
  fs.rmSync(uploadPath(id), { force: true });
}

/**
 * Writes an (already encrypted) file, then runs `commit` (the transaction that records it). If the commit fails,
 * the file is removed again: nothing is left behind that no row points to.
 */
export function writeUploadThen<T>(id: string, bytes: Uint8Array, commit: () => T): T {
  writeUpload(id, bytes);
  try {
    return commit();
  } catch (err) {
    removeUpload(id);
    throw err;
  }
}

/** Replaces an upload's file atomically (a temporary file renamed over it): a crash leaves the old or the new one. */
export function replaceUpload(id: string, bytes: Uint8Array): void {
  const file = uploadPath(id);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, bytes, { mode: 0o600 });
  fs.renameSync(temporary, file);
}
