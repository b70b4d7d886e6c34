import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import packageJson from "../../package.json";
import { GENESIS_HASH } from "../audit/canonical";
import { ZipStream } from "../zip/write";

/**
 * `npm run cli -- backup FILE`: one ZIP holding a consistent snapshot of the database, every upload and a
 * manifest (hash and size of each file, audit head, row counts), taken while the app keeps running.
 * Secrets stay out unless asked for: keys are kept apart from the data they decrypt.
 */

export const BACKUP_FORMAT = "sourcekeeper-backup";
export const BACKUP_FORMAT_VERSION = 1;
export const DB_NAME = "sourcekeeper.db";
export const MANIFEST_NAME = "manifest.json";
export const SECRET_FILES = ["secrets.json", "secrets.json.next"] as const;
/** Upload files are named by id only (lib/uploads/storage.ts); nothing else under uploads/ is ours. */
export const UPLOAD_NAME = /^[0-9a-f-]{36}$/;
/** Tables whose row ids name a file under uploads/. A new kind of stored file must be added here. */
export const UPLOAD_TABLES = ["consent_uploads", "interview_images"] as const;
export const SECRET_ENV = ["AUTH_SECRET", "SOURCEKEEPER_DATA_KEY", "SOURCEKEEPER_AUDIT_SIGNING_KEY"] as const;

export interface SnapshotFacts {
  tables: Record<string, number>;
  auditHead: { seq: number; hash: string };
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  appVersion: string;
  database: SnapshotFacts;
  uploads: { count: number; missing: string[] };
  secrets: { included: string[]; dataKeyFingerprint: string | null };
  files: Record<string, { sha256: string; bytes: number }>;
}

/** A refusal or failure the operator can act on; `problems` lists every reason. */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}\n${problems.map((p) => `  - ${p}`).join("\n")}` : message);
  }
}

/** Identifies a data key without revealing it (a 256-bit random key cannot be guessed from its hash). */
export function dataKeyFingerprint(dataKey: string | undefined | null): string | null {
  if (!dataKey) return null;
  return createHash("sha256")
    .update("sourcekeeper data key fingerprint\0")
    .update(Buffer.from(dataKey, "base64"))
    .digest("hex")
    .slice(0, 32);
}

/** The data key the instance at `dir` uses, without generating one (unlike getSecrets()). */
export function currentDataKey(dir: string): string | null {
  const fromEnv = process.env.SOURCEKEEPER_DATA_KEY?.trim();
  if (fromEnv) return fromEnv;
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, "secrets.json"), "utf8")) as { dataKey?: string }).dataKey ?? null;
  } catch {
    return null;
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Row counts of every table, the audit head and the upload ids referenced, read from one database file. */
export function describeSnapshot(sqlite: Database.Database): SnapshotFacts & { referencedUploads: Set<string> } {
  return sqlite.transaction(() => {
    const names = (
      sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    const tables: Record<string, number> = {};
    for (const name of names) tables[name] = (sqlite.prepare(`select count(*) as n from ${quote(name)}`).get() as { n: number }).n;
    const head = names.includes("audit_events")
      ? (sqlite.prepare("select seq, hash from audit_events order by seq desc limit 1").get() as { seq: number; hash: string } | undefined)
      : undefined;
    const referencedUploads = new Set<string>();
    // An erased interview's files were deleted with its data key: nothing refers to them any more.
    const live: Record<(typeof UPLOAD_TABLES)[number], string> = {
      consent_uploads:
        "select u.id from consent_uploads u join consent_records c on c.id = u.record_id join interviews i on i.id = c.interview_id where i.erased_at is null",
      interview_images: "select m.id from interview_images m join interviews i on i.id = m.interview_id where i.erased_at is null",
    };
    const erasure = names.includes("data_keys");
    for (const table of UPLOAD_TABLES) {
      if (!names.includes(table)) continue;
      const query = erasure ? live[table] : `select id from ${quote(table)}`;
      for (const r of sqlite.prepare(query).all() as { id: string }[]) referencedUploads.add(r.id);
    }
    return { tables, auditHead: head ?? { seq: 0, hash: GENESIS_HASH }, referencedUploads };
  })();
}

/**
 * Copies the live database to `dest` with SQLite's online backup API, in ONE step; returns how long the copy took.
 *
 * Why this and not the default incremental backup or VACUUM INTO: better-sqlite3's `backup()` copies 100 pages
 * per step and lets other work run between steps; every commit by ANOTHER connection (the running server is
 * another process) restarts the copy from page 1, so under a steady trickle of writes it never finishes
 * (measured: a 65 MB database with a writer committing every ~30 µs had not finished after 3 s and 5,000 restarts).
 * Returning the largest page count from the progress callback makes the second step copy every page inside one
 * read transaction: in WAL mode that transaction sees exactly one committed state of the database (a consistent
 * snapshot), and it never blocks the server's writers, which keep appending to the WAL meanwhile (462 ms for the
 * same 65 MB under the same writer). `VACUUM INTO` is just as consistent (also one read transaction) but rebuilds
 * every table and index instead of copying pages (about twice as slow here), and it is not the backup API.
 */
export async function snapshotDatabase(dbFile: string, dest: string): Promise<number> {
  const source = new Database(dbFile, { fileMustExist: true });
  let ms: number;
  try {
    source.pragma("busy_timeout = 5000");
    const t0 = performance.now();
    await source.backup(dest, { progress: () => 0x7fffffff });
    ms = performance.now() - t0;
  } finally {
    source.close();
  }
  // A self-contained file (rollback journal, no -wal beside it), checked, and described for the manifest.
  const copy = new Database(dest);
  try {
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new BackupError(`The database snapshot failed SQLite's integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  return ms;
}

export interface BackupOptions {
  dataDir: string;
  out: string;
  includeSecrets: boolean;
  now?: () => number;
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
  warnings: string[];
  /** How long the database copy (the read transaction on the live database) took, and the whole backup. */
  snapshotMs: number;
  totalMs: number;
  attempts: number;
}

const MAX_ATTEMPTS = 3;

/**
 * Writes the archive to `out` (never overwriting it): `out.partial` first, mode 0600, synced, then linked into
 * place. Order matters for consistency: the database is copied FIRST, the uploads after. A file is written before
 * the transaction that records it commits (writeUploadThen), so every upload the snapshot refers to already exists
 * when the uploads are copied; files added later are harmless orphans. Nothing removes an upload after its row
 * committed today, but should a later feature delete files (erasure), a file referenced by the snapshot could be
 * gone by the time it is copied: then the whole backup is taken again (up to 3 times); an upload still missing
 * after that is missing from the live data too, and is listed in the manifest and reported.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const { dataDir } = options;
  const out = path.resolve(options.out);
  const partial = `${out}.partial`;
  const dbFile = path.join(dataDir, DB_NAME);
  if (!fs.existsSync(dbFile)) throw new BackupError(`There is no database at ${dbFile}: check DATA_DIR.`);
  if (fs.existsSync(out)) throw new BackupError(`${out} already exists: a backup never overwrites a file. Choose another name.`);
  if (!fs.existsSync(path.dirname(out))) throw new BackupError(`The folder ${path.dirname(out)} does not exist.`);
  const work = fs.mkdtempSync(path.join(path.dirname(out), `.${path.basename(out)}.snapshot-`));
  fs.chmodSync(work, 0o700);
  try {
    for (let attempt = 1; ; attempt++) {
      const snapshot = path.join(work, `${attempt}.db`);
      const snapshotMs = await snapshotDatabase(dbFile, snapshot);
      const written = await writeArchive({ ...options, out, partial, snapshot });
      fs.rmSync(snapshot, { force: true });
      if (written.manifest.uploads.missing.length > 0 && attempt < MAX_ATTEMPTS) {
        fs.rmSync(partial, { force: true });
        continue;
      }
      try {
        fs.linkSync(partial, out); // unlike rename, never replaces a file that appeared meanwhile
      } catch (err) {
        fs.rmSync(partial, { force: true });
        if ((err as NodeJS.ErrnoException).code === "EEXIST")
          throw new BackupError(`${out} appeared while the backup was written: not overwritten.`);
        throw err;
      }
      fs.rmSync(partial, { force: true });
      syncDir(path.dirname(out));
      return {
        file: out,
        bytes: fs.statSync(out).size,
        manifest: written.manifest,
        warnings: [...written.warnings, ...secretWarnings(dataDir, options.includeSecrets, written.manifest)],
        snapshotMs,
        totalMs: performance.now() - started,
        attempts: attempt,
      };
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function writeArchive(
  o: BackupOptions & { out: string; partial: string; snapshot: string },
): Promise<{ manifest: BackupManifest; warnings: string[] }> {
  const warnings: string[] = [];
  const sqlite = new Database(o.snapshot, { readonly: true });
  let facts: ReturnType<typeof describeSnapshot>;
  try {
    facts = describeSnapshot(sqlite);
  } finally {
    sqlite.close();
  }
  let fd: number;
  try {
    fd = fs.openSync(o.partial, "wx", 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    throw new BackupError(`${o.partial} exists: another backup to this name is running, or one was interrupted (then delete it).`);
  }
  try {
    fs.fchmodSync(fd, 0o600);
    const stream = fs.createWriteStream("", { fd, autoClose: false });
    const zip = new ZipStream(stream);
    await addFileInChunks(zip, DB_NAME, o.snapshot);

    const uploadsDir = path.join(o.dataDir, "uploads");
    const archived = new Set<string>();
    const skipped: string[] = [];
    for (const entry of listDir(uploadsDir)) {
      if (!UPLOAD_NAME.test(entry.name) || !entry.isFile()) {
        skipped.push(entry.name);
        continue;
      }
      const bytes = readIfPresent(path.join(uploadsDir, entry.name));
      if (!bytes) continue; // removed since the listing: only matters if the snapshot refers to it (below)
      zip.add(`uploads/${entry.name}`, bytes, { compress: false }); // encrypted: deflate would gain nothing
      archived.add(entry.name);
      await zip.drain();
    }
    if (skipped.length)
      warnings.push(
        `Left out ${skipped.length === 1 ? "1 entry of uploads/ that is not an upload file" : `${skipped.length} entries of uploads/ that are not upload files`}: ${skipped.slice(0, 5).join(", ")}`,
      );

    const included: string[] = [];
    if (o.includeSecrets) {
      for (const name of SECRET_FILES) {
        const bytes = readIfPresent(path.join(o.dataDir, name));
        if (!bytes) continue;
        zip.add(name, bytes);
        included.push(name);
      }
    }
    const missing = [...facts.referencedUploads].filter((id) => !archived.has(id)).sort();
    if (missing.length) {
      warnings.push(
        `${missing.length} upload${missing.length === 1 ? "" : "s"} the database refers to ${missing.length === 1 ? "is" : "are"} missing from ${uploadsDir} (listed in the manifest): ${missing.slice(0, 5).join(", ")}`,
      );
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date((o.now ?? Date.now)()).toISOString(),
      appVersion: packageJson.version,
      database: { tables: facts.tables, auditHead: facts.auditHead },
      uploads: { count: archived.size, missing },
      secrets: { included, dataKeyFingerprint: dataKeyFingerprint(currentDataKey(o.dataDir)) },
      files: { ...zip.files },
    };
    zip.add(MANIFEST_NAME, `${JSON.stringify(manifest, null, 2)}\n`);
    await zip.end();
    await new Promise<void>((resolve, reject) => {
      stream.once("error", reject);
      stream.end(resolve);
    });
    fs.fsyncSync(fd);
    return { manifest, warnings };
  } finally {
    fs.closeSync(fd);
  }
}

async function addFileInChunks(zip: ZipStream, name: string, file: string): Promise<void> {
  const entry = zip.open(name);
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      entry.push(Buffer.from(buffer.subarray(0, n)));
      await zip.drain();
    }
  } finally {
    fs.closeSync(fd);
  }
  entry.end();
}

function listDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

function readIfPresent(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

export function syncDir(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function secretWarnings(dataDir: string, includeSecrets: boolean, manifest: BackupManifest): string[] {
  const fromEnv = SECRET_ENV.filter((name) => process.env[name]?.trim());
  const file = path.join(dataDir, "secrets.json");
  const hasFile = fs.existsSync(file);
  const pending = fs.existsSync(`${file}.next`);
  const where = [
    hasFile ? file : null,
    fromEnv.length ? `the environment variable${fromEnv.length === 1 ? "" : "s"} ${fromEnv.join(", ")}` : null,
  ]
    .filter(Boolean)
    .join(" and ");
  const warnings: string[] = [];
  if (!includeSecrets) {
    warnings.push(
      `This archive does NOT contain the instance secrets (the data key that decrypts protected values and uploads, the session secret, the audit signing key). ` +
        `Without them a restore cannot read any encrypted value. Keep ${where || "the secrets"} somewhere other than this archive (an offline copy, a password manager), and keep it current.`,
    );
    if (pending) warnings.push(`${file}.next exists: a key rotation is in progress. Copy the secrets again once it has finished.`);
  } else {
    if (manifest.secrets.included.length === 0) warnings.push(`--with-secrets: ${file} does not exist, so no secrets are in the archive.`);
    else
      warnings.push(
        `This archive CONTAINS ${manifest.secrets.included.join(" and ")}: whoever holds it can decrypt everything in it. Encrypt it before it leaves this machine (age, gpg) and guard it like the keys themselves.`,
      );
    if (fromEnv.length)
      warnings.push(
        `${fromEnv.join(", ")} come${fromEnv.length === 1 ? "s" : ""} from the environment and ${fromEnv.length === 1 ? "is" : "are"} not in the archive: keep ${fromEnv.length === 1 ? "it" : "them"} elsewhere.`,
      );
  }
  return warnings;
}
