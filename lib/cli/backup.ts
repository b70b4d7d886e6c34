import fs from "node:fs";
import { BackupError, createBackup } from "../backup/backup";
import { fileSha256, recordBackup, recordRestore } from "../backup/record-backup";
import { restoreBackup } from "../backup/restore";
import { systemCtx } from "../context";
import { describeVerdict } from "../audit/verify-chain";
import { dataDir } from "../env";
import { parseFlags } from "./args";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO } from "./io";

const BACKUP_USAGE = `Usage:
  npm run cli -- backup FILE.zip [--with-secrets]
      Writes a consistent backup of DATA_DIR (the database, copied with SQLite's online backup while the app
      runs, and every upload) to FILE.zip, mode 0600; never overwrites a file. The secrets (secrets.json or
      the environment) are NOT included unless --with-secrets is given: keep them somewhere else.
`;

const RESTORE_USAGE = `Usage:
  npm run cli -- restore FILE.zip [--allow-broken-chain]
      Restores a backup into DATA_DIR, which must be empty (secrets.json may already be there). Every file is
      checked against the manifest and the audit chain is verified before anything is put in place.
`;

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function fail(err: unknown, io: CliIO): number {
  if (err instanceof BackupError) {
    io.stderr(`${err.message}\n`);
    return EXIT_FAILURE;
  }
  throw err;
}

/** `backup FILE [--with-secrets]`: exit 0 written, 1 refused or incomplete (uploads missing), 2 misuse. */
export async function backupCommand(args: string[], io: CliIO): Promise<number> {
  const { flags, positional, error } = parseFlags(args, { "with-secrets": "boolean" });
  if (error || positional.length !== 1) {
    io.stderr(error ? `${error}\n${BACKUP_USAGE}` : BACKUP_USAGE);
    return EXIT_USAGE;
  }
  try {
    const r = await createBackup({ dataDir: dataDir(), out: positional[0]!, includeSecrets: flags["with-secrets"] === true });
    const m = r.manifest;
    io.stdout(
      `Backup written: ${r.file} (${megabytes(r.bytes)}, mode 0600) in ${seconds(r.totalMs)}; database snapshot ${Math.round(r.snapshotMs)} ms.\n` +
        `  ${m.database.tables.audit_events ?? 0} audit entries (head #${m.database.auditHead.seq} ${m.database.auditHead.hash}), ${m.uploads.count} uploads` +
        `${m.secrets.included.length ? `, ${m.secrets.included.join(" and ")}` : ", no secrets"}.\n`,
    );
    for (const w of r.warnings) io.stderr(`Warning: ${w}\n`);
    recordBackup(systemCtx(), {
      archiveSha256: await fileSha256(r.file),
      withSecrets: m.secrets.included.length > 0,
      uploads: m.uploads.count,
      auditSeq: m.database.auditHead.seq,
    });
    if (m.uploads.missing.length) {
      io.stderr("The backup is INCOMPLETE: uploads the database refers to are missing from DATA_DIR (see above).\n");
      return EXIT_FAILURE;
    }
    return EXIT_OK;
  } catch (err) {
    return fail(err, io);
  }
}

/** `restore FILE [--allow-broken-chain]`: exit 0 restored and verified, 1 refused or chain broken, 2 misuse or no such file. */
export async function restoreCommand(args: string[], io: CliIO): Promise<number> {
  const { flags, positional, error } = parseFlags(args, { "allow-broken-chain": "boolean" });
  if (error || positional.length !== 1) {
    io.stderr(error ? `${error}\n${RESTORE_USAGE}` : RESTORE_USAGE);
    return EXIT_USAGE;
  }
  if (!fs.existsSync(positional[0]!)) {
    io.stderr(`No such file: ${positional[0]}\n`);
    return EXIT_USAGE;
  }
  const target = dataDir();
  try {
    const r = await restoreBackup({ file: positional[0]!, dataDir: target, allowBrokenChain: flags["allow-broken-chain"] === true });
    const m = r.manifest;
    io.stdout(
      `Restored ${positional[0]} (made ${m.createdAt} by Sourcekeeper ${m.appVersion}) into ${target} in ${seconds(r.ms)}: ` +
        `${m.uploads.count} uploads, every file matches the manifest.\n` +
        `Audit chain: ${describeVerdict(r.verdict)}; ${r.verdict.checkpoints} signed checkpoint${r.verdict.checkpoints === 1 ? "" : "s"}.\n` +
        `Secrets: ${{ restored: "restored from the archive", present: "secrets.json was already in DATA_DIR", environment: "taken from the environment", missing: "MISSING (see below)" }[r.secrets]}.\n`,
    );
    for (const w of r.warnings) io.stderr(`Warning: ${w}\n`);
    // Recorded in the restored log, with the keys it was made with: without them, writing would generate new ones.
    if (r.secrets !== "missing" && r.verdict.intact) {
      recordRestore(systemCtx(), {
        archiveSha256: await fileSha256(positional[0]!),
        backupCreatedAt: Date.parse(m.createdAt),
        uploads: m.uploads.count,
        auditSeq: m.database.auditHead.seq,
      });
    }
    if (!r.verdict.intact) {
      io.stderr("The audit chain does NOT verify: the data was restored for investigation only (--allow-broken-chain).\n");
      return EXIT_FAILURE;
    }
    return EXIT_OK;
  } catch (err) {
    return fail(err, io);
  }
}
