import { createHash, type Hash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import { closeDb } from "@/db/client";
import { describeVerdict } from "../audit/verify-chain";
import { verifyStoredChain, type StoredVerdict } from "../audit/verify-stored-chain";
import { duplicateNames, looksLikeZip, readZip } from "../zip/read";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  currentDataKey,
  DB_NAME,
  dataKeyFingerprint,
  describeSnapshot,
  MANIFEST_NAME,
  SECRET_ENV,
  SECRET_FILES,
  syncDir,
  UPLOAD_NAME,
  type BackupManifest,
} from "./backup";

/**
 * `npm run cli -- restore FILE`: puts a backup archive back into an EMPTY data folder, after checking every file
 * against the manifest and verifying the audit chain of the restored database. Nothing lands in DATA_DIR unless
 * every check passed.
 */

const sha = z.string().regex(/^[0-9a-f]{64}$/);
const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  createdAt: z.string(),
  appVersion: z.string(),
  database: z.object({ tables: z.record(z.string(), z.number().int()), auditHead: z.object({ seq: z.number().int(), hash: sha }) }),
  uploads: z.object({ count: z.number().int(), missing: z.array(z.string()) }),
  secrets: z.object({ included: z.array(z.string()), dataKeyFingerprint: z.string().nullable() }),
  files: z.record(z.string(), z.object({ sha256: sha, bytes: z.number().int().min(0) })),
});

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** The only names an archive may hold: fixed names, or uploads/<id>. Anything else (../, absolute, nested) is refused. */
function allowedName(name: string): boolean {
  if (name === DB_NAME || name === MANIFEST_NAME || (SECRET_FILES as readonly string[]).includes(name)) return true;
  return name.startsWith("uploads/") && UPLOAD_NAME.test(name.slice("uploads/".length));
}

const unsafeName = (name: string) =>
  name.split(/[\\/]/).includes("..") || path.isAbsolute(name) || /^[a-zA-Z]:/.test(name) || name.includes("\0");

export interface RestoreOptions {
  file: string;
  dataDir: string;
  /** Restore even when the audit chain of the archived database does not verify (to investigate it). */
  allowBrokenChain?: boolean;
}

export interface RestoreResult {
  manifest: BackupManifest;
  verdict: StoredVerdict;
  secrets: "restored" | "present" | "environment" | "missing";
  warnings: string[];
  ms: number;
}

/** What DATA_DIR may already hold: the secrets, put back before the data. */
const MAY_EXIST = new Set(["secrets.json"]);

export async function restoreBackup({ file, dataDir, allowBrokenChain = false }: RestoreOptions): Promise<RestoreResult> {
  const started = performance.now();
  const target = path.resolve(dataDir);
  if (!fs.existsSync(file)) throw new BackupError(`No such file: ${file}`);
  if (!looksLikeZip(file)) throw new BackupError(`${file} is not a ZIP archive.`);
  assertEmptyTarget(target);

  const created = !fs.existsSync(target);
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });
  // Staged INSIDE DATA_DIR, not beside it: DATA_DIR is often a mount point (a Docker volume), where a rename from
  // its parent would cross file systems (EXDEV). Every final step is then a rename within one file system.
  const staging = fs.mkdtempSync(path.join(target, ".restore-"));
  try {
    fs.chmodSync(staging, 0o700);
    const { manifest, extracted } = await extract(file, staging);
    checkFiles(manifest, extracted);
    const existingSecrets = secretsConflict(target, staging, manifest);
    const warnings = checkDatabase(path.join(staging, DB_NAME), manifest);

    const verdict = verifyIn(staging);
    if (!verdict.intact && !allowBrokenChain) {
      throw new BackupError(
        `The audit chain of the archived database does NOT verify: ${describeVerdict(verdict)}. Nothing was restored.`,
        ["Run restore with --allow-broken-chain to restore it anyway for investigation."],
      );
    }
    if (verdict.intact && (verdict.headSeq !== manifest.database.auditHead.seq || verdict.headHash !== manifest.database.auditHead.hash)) {
      throw new BackupError(
        `The verified audit head (#${verdict.headSeq}) is not the one the manifest records (#${manifest.database.auditHead.seq}). Nothing was restored.`,
      );
    }
    moveIntoPlace(staging, target, existingSecrets);
    const secrets = secretsStatus(target, manifest, warnings);
    return { manifest, verdict, secrets, warnings, ms: performance.now() - started };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    if (created && fs.readdirSync(target).length === 0) fs.rmdirSync(target); // refused: leave no trace
  }
}

function assertEmptyTarget(target: string): void {
  if (!fs.existsSync(target)) return;
  if (!fs.statSync(target).isDirectory()) throw new BackupError(`DATA_DIR ${target} is not a folder.`);
  const present = fs.readdirSync(target).filter((name) => !MAY_EXIST.has(name));
  if (present.length === 0) return;
  throw new BackupError(
    `Refusing to restore: DATA_DIR ${target} is not empty. It holds ${present.slice(0, 8).join(", ")}${present.length > 8 ? ", …" : ""}. ` +
      "Restore only into an empty DATA_DIR (secrets.json may already be there): stop the app, move the current contents away, then run restore again.",
  );
}

interface Extracted {
  hash: Hash;
  bytes: number;
  fd: number | null;
  sha256?: string;
}

/** Streams the archive into the staging folder, hashing every file; refuses names outside the allowed set. */
async function extract(
  file: string,
  staging: string,
): Promise<{ manifest: BackupManifest; extracted: Map<string, { sha256: string; bytes: number }> }> {
  const problems: string[] = [];
  const files = new Map<string, Extracted>();
  const manifestChunks: Uint8Array[] = [];
  let manifestBytes = 0;
  let names: string[];
  try {
    names = await readZip(
      file,
      (name) => {
        if (!allowedName(name)) {
          problems.push(
            unsafeName(name) ? `unsafe file name ${JSON.stringify(name)} (path traversal)` : `unexpected file ${JSON.stringify(name)}`,
          );
          return false;
        }
        if (files.has(name)) return false; // a duplicate: reported below
        let fd: number | null = null;
        if (name !== MANIFEST_NAME) {
          const dest = path.join(staging, name);
          fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
          fd = fs.openSync(dest, "wx", 0o600);
        }
        files.set(name, { hash: createHash("sha256"), bytes: 0, fd });
        return true;
      },
      (name, chunk, final) => {
        const f = files.get(name)!;
        f.hash.update(chunk);
        f.bytes += chunk.byteLength;
        if (f.fd !== null) fs.writeSync(f.fd, chunk);
        else if ((manifestBytes += chunk.byteLength) <= MAX_MANIFEST_BYTES) manifestChunks.push(chunk);
        if (final) {
          f.sha256 = f.hash.digest("hex");
          if (f.fd !== null) {
            fs.fsyncSync(f.fd);
            fs.closeSync(f.fd);
            f.fd = null;
          }
        }
      },
    );
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} is damaged: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    for (const f of files.values()) if (f.fd !== null) fs.closeSync(f.fd);
  }
  for (const name of duplicateNames(names)) problems.push(`${JSON.stringify(name)} occurs more than once`);
  let manifest: BackupManifest | null = null;
  if (!files.has(MANIFEST_NAME)) problems.push(`${MANIFEST_NAME} is missing: this is not a Sourcekeeper backup`);
  else if (manifestBytes > MAX_MANIFEST_BYTES) problems.push(`${MANIFEST_NAME} is too large`);
  else manifest = parseManifest(Buffer.concat(manifestChunks).toString("utf8"), problems);
  if (problems.length || !manifest) throw new BackupError("Refusing to restore: the archive is not a valid backup.", problems);
  const extracted = new Map<string, { sha256: string; bytes: number }>();
  for (const [name, f] of files)
    if (name !== MANIFEST_NAME) extracted.set(name, { sha256: f.sha256 ?? f.hash.digest("hex"), bytes: f.bytes });
  return { manifest, extracted };
}

function parseManifest(text: string, problems: string[]): BackupManifest | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    problems.push(`${MANIFEST_NAME} is not JSON`);
    return null;
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    problems.push(`${MANIFEST_NAME} is not a Sourcekeeper backup manifest (${parsed.error.issues[0]?.path.join(".") || "format"})`);
    return null;
  }
  if (parsed.data.formatVersion !== BACKUP_FORMAT_VERSION) {
    problems.push(
      `backup format version ${parsed.data.formatVersion} is not supported here (this Sourcekeeper reads version ${BACKUP_FORMAT_VERSION})`,
    );
    return null;
  }
  return parsed.data as BackupManifest;
}

/** Every file must be listed with its exact hash and size, and every listed file present. */
function checkFiles(manifest: BackupManifest, extracted: Map<string, { sha256: string; bytes: number }>): void {
  const problems: string[] = [];
  for (const [name, got] of extracted) {
    const want = manifest.files[name];
    if (!want) problems.push(`${name} is in the archive but not in the manifest`);
    else if (want.bytes !== got.bytes) problems.push(`${name}: ${got.bytes} bytes, the manifest says ${want.bytes}`);
    else if (want.sha256 !== got.sha256) problems.push(`${name}: SHA-256 does not match the manifest (the file was altered or damaged)`);
  }
  for (const name of Object.keys(manifest.files)) {
    if (!allowedName(name) || name === MANIFEST_NAME) problems.push(`the manifest lists an invalid name ${JSON.stringify(name)}`);
    else if (!extracted.has(name)) problems.push(`${name} is listed in the manifest but missing from the archive`);
  }
  if (!extracted.has(DB_NAME)) problems.push(`${DB_NAME} is missing`);
  if (problems.length)
    throw new BackupError("Refusing to restore: the archive does not match its manifest. Nothing was restored.", problems);
}

/** The secrets files already in DATA_DIR that the archive also holds: identical is fine, different is refused. */
function secretsConflict(target: string, staging: string, manifest: BackupManifest): Set<string> {
  const existing = new Set<string>();
  for (const name of manifest.secrets.included) {
    const there = path.join(target, name);
    if (!fs.existsSync(there)) continue;
    if (!fs.readFileSync(there).equals(fs.readFileSync(path.join(staging, name)))) {
      throw new BackupError(
        `Refusing to restore: ${there} differs from the ${name} in the archive. Remove one of them first (keep a copy!).`,
      );
    }
    existing.add(name);
  }
  return existing;
}

/** Integrity, row counts and audit head of the staged database against the manifest; uploads it refers to. */
function checkDatabase(file: string, manifest: BackupManifest): string[] {
  const sqlite = new Database(file, { fileMustExist: true });
  try {
    const check = sqlite.pragma("quick_check", { simple: true });
    if (check !== "ok")
      throw new BackupError(`Refusing to restore: the archived database fails SQLite's integrity check (${String(check)}).`);
    const facts = describeSnapshot(sqlite);
    const problems: string[] = [];
    for (const [table, n] of Object.entries(manifest.database.tables)) {
      if (facts.tables[table] !== n) problems.push(`table ${table}: ${facts.tables[table] ?? "absent"} rows, the manifest says ${n}`);
    }
    if (facts.auditHead.seq !== manifest.database.auditHead.seq || facts.auditHead.hash !== manifest.database.auditHead.hash) {
      problems.push(`audit head #${facts.auditHead.seq}, the manifest says #${manifest.database.auditHead.seq}`);
    }
    if (problems.length) throw new BackupError("Refusing to restore: the database does not match the manifest.", problems);
    const missing = [...facts.referencedUploads].filter((id) => !manifest.files[`uploads/${id}`]);
    return missing.length
      ? [
          `${missing.length} upload${missing.length === 1 ? "" : "s"} the database refers to ${missing.length === 1 ? "is" : "are"} not in the archive (missing when the backup was made): ${missing.slice(0, 5).join(", ")}`,
        ]
      : [];
  } finally {
    sqlite.close();
  }
}

/**
 * The same verification as `npm run cli -- audit verify`, run on the staged copy: DATA_DIR points at it for the
 * duration (the shared connection follows DATA_DIR), then back. Opening applies pending migrations, as the
 * first start after the restore would.
 */
function verifyIn(staging: string): StoredVerdict {
  const previous = process.env.DATA_DIR;
  closeDb();
  process.env.DATA_DIR = staging;
  try {
    return verifyStoredChain();
  } finally {
    closeDb();
    if (previous === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = previous;
    // One self-contained file again (the verification opened it in WAL mode).
    const sqlite = new Database(path.join(staging, DB_NAME), { fileMustExist: true });
    sqlite.pragma("journal_mode = DELETE");
    sqlite.close();
  }
}

/** Uploads and secrets first, the database last (its presence marks a complete restore); never over a file. */
function moveIntoPlace(staging: string, target: string, existingSecrets: Set<string>): void {
  if (fs.existsSync(path.join(staging, "uploads"))) fs.renameSync(path.join(staging, "uploads"), path.join(target, "uploads"));
  for (const name of SECRET_FILES) {
    const from = path.join(staging, name);
    if (fs.existsSync(from) && !existingSecrets.has(name)) fs.linkSync(from, path.join(target, name));
  }
  try {
    fs.linkSync(path.join(staging, DB_NAME), path.join(target, DB_NAME));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      throw new BackupError(
        `${path.join(target, DB_NAME)} appeared during the restore: is the app running on this DATA_DIR? Stop it first.`,
      );
    }
    throw err;
  }
  if (fs.existsSync(path.join(target, "uploads"))) syncDir(path.join(target, "uploads"));
  syncDir(target);
}

function secretsStatus(target: string, manifest: BackupManifest, warnings: string[]): RestoreResult["secrets"] {
  const key = currentDataKey(target);
  const status: RestoreResult["secrets"] = manifest.secrets.included.includes("secrets.json")
    ? "restored"
    : fs.existsSync(path.join(target, "secrets.json"))
      ? "present"
      : process.env.SOURCEKEEPER_DATA_KEY?.trim()
        ? "environment"
        : "missing";
  if (status === "missing") {
    warnings.push(
      `The archive holds no secrets and ${path.join(target, "secrets.json")} does not exist: encrypted values and uploads cannot be read until ` +
        `secrets.json is put back there (or ${SECRET_ENV.join(", ")} are set). Do this BEFORE starting the app: started without them, it generates new secrets that cannot open this data.`,
    );
  } else if (manifest.secrets.dataKeyFingerprint && dataKeyFingerprint(key) !== manifest.secrets.dataKeyFingerprint) {
    warnings.push(
      `The data key ${status === "environment" ? "in SOURCEKEEPER_DATA_KEY" : `in ${path.join(target, "secrets.json")}`} is NOT the one this backup was made with: encrypted values will not open. Put the right secrets back before starting the app (after "keys rotate", a backup from before needs the secrets.json of its time).`,
    );
  }
  return status;
}
