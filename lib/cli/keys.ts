import { systemCtx } from "../context";
import { migrateToDataKeys } from "../crypto/migrate-values";
import { keyStatus, rotateMasterKey } from "../crypto/rotate-master-key";
import { EXIT_OK, EXIT_USAGE, type CliIO } from "./io";

const USAGE = `Usage:
  npm run cli -- keys status     the master key's fingerprint, data keys (live, destroyed), anything not yet migrated
  npm run cli -- keys migrate    seal values from before per-interview keys with their interview's key (every start does this)
  npm run cli -- keys rotate     replace the master key and rewrap every data key; safe while the app runs
`;

/** `keys status|migrate|rotate`: the master key and the per-interview data keys it wraps. */
export async function keysCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (rest.length > 0 || !sub) {
    io.stderr(USAGE);
    return EXIT_USAGE;
  }
  switch (sub) {
    case "status": {
      const s = keyStatus();
      io.stdout(
        `Master key ${s.masterKeyId}${s.fromEnvironment ? " (from SOURCEKEEPER_DATA_KEY)" : " (secrets.json)"}; data keys wrapped with ${s.storedMasterKeyId ?? "(none yet)"}.\n` +
          `  ${s.interviewKeys} interview key(s), ${s.destroyedKeys} destroyed by erasure, instance key ${s.instanceKey ? "present" : "not created yet"}.\n` +
          `  Not yet under data keys: ${s.pending.values} value(s), ${s.pending.files} file(s), ${s.pending.keysCreated} interview(s) without a key.\n`,
      );
      return EXIT_OK;
    }
    case "migrate": {
      const r = migrateToDataKeys(systemCtx(null, "cli"));
      io.stdout(
        r.values + r.files + r.keysCreated === 0
          ? "Nothing to migrate: every value and file is sealed with a data key.\n"
          : `Sealed ${r.values} value(s) and ${r.files} file(s) again under data keys; created ${r.keysCreated} interview key(s). Recorded in the audit log.\n`,
      );
      return EXIT_OK;
    }
    case "rotate": {
      const r = rotateMasterKey(systemCtx(null, "cli"));
      io.stdout(
        `Master key replaced: ${r.fromMasterKeyId} → ${r.toMasterKeyId}; ${r.keysRewrapped} data key(s) rewrapped${r.migrated ? `, ${r.migrated} legacy value(s)/file(s) migrated first` : ""}. ` +
          "The change is in the audit log. Backups taken before now need the OLD secrets.json: keep it with them, or destroy both.\n",
      );
      if (!r.walTruncated) {
        io.stderr("Warning: the write-ahead log could not be emptied now (a long read was running); it is emptied at a later checkpoint.\n");
      }
      return EXIT_OK;
    }
    default:
      io.stderr(USAGE);
      return EXIT_USAGE;
  }
}
