import { randomBytes } from "node:crypto";
import { getConnection, truncateWal } from "@/db/client";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import type { Ctx } from "../context";
import {
  dataKeyFromEnvironment,
  discardPendingSecrets,
  forgetCachedSecrets,
  promotePendingSecrets,
  readPendingSecrets,
  storedSecrets,
  writePendingSecrets,
} from "../secrets";
import { currentMasterKey, decodeMasterKey, masterKeyId, storedMasterKeyId, unwrapKey, wrapKey } from "./data-keys";
import { migrateToDataKeys, pendingMigration } from "./migrate-values";

export interface KeyStatus {
  masterKeyId: string;
  storedMasterKeyId: string | null;
  fromEnvironment: boolean;
  interviewKeys: number;
  destroyedKeys: number;
  instanceKey: boolean;
  pending: { values: number; files: number; keysCreated: number };
}

export function keyStatus(): KeyStatus {
  forgetCachedSecrets();
  const { sqlite } = getConnection();
  const count = (where: string) => (sqlite.prepare(`SELECT count(*) AS n FROM data_keys WHERE ${where}`).get() as { n: number }).n;
  return {
    masterKeyId: masterKeyId(currentMasterKey()),
    storedMasterKeyId: storedMasterKeyId(),
    fromEnvironment: dataKeyFromEnvironment(),
    interviewKeys: count("scope = 'interview' AND destroyed_at IS NULL"),
    destroyedKeys: count("destroyed_at IS NOT NULL"),
    instanceKey: count("scope = 'instance'") > 0,
    pending: pendingMigration(),
  };
}

/**
 * A rotation that committed but was stopped before secrets.json was replaced: the database already names the new
 * key, which waits in secrets.json.next. Finishes it (the rename); true when it did.
 */
export function finishPendingMasterRotation(): boolean {
  const pending = readPendingSecrets()?.dataKey;
  const stored = storedMasterKeyId();
  if (!pending || !stored) return false;
  forgetCachedSecrets();
  if (masterKeyId(currentMasterKey()) === stored) return false;
  if (masterKeyId(decodeMasterKey(pending)) !== stored) return false;
  promotePendingSecrets();
  return true;
}

/**
 * Replaces the master key without downtime (command line only: whoever runs it holds DATA_DIR). Values still
 * sealed with the master key directly are first moved under data keys (they would not open after). The new key
 * waits in secrets.json.next; one transaction rewraps every live data key with it and writes the audited
 * `keys.master_rotated` entry; then secrets.json is replaced by an atomic rename. A running server that meets a
 * data key wrapped by a key it does not hold reads secrets.json again (or the pending file, in the moment between
 * commit and rename), so it keeps answering throughout. No sealed value or file is rewritten. A key given in the
 * environment cannot be rotated here.
 */
export function rotateMasterKey(ctx: Ctx): { fromMasterKeyId: string; toMasterKeyId: string; keysRewrapped: number; migrated: number; walTruncated: boolean } {
  if (dataKeyFromEnvironment()) {
    throw new Error(
      "The master key comes from SOURCEKEEPER_DATA_KEY and cannot be rotated from here: set a new value there after rewrapping, or remove the variable to let Sourcekeeper keep the key in DATA_DIR.",
    );
  }
  finishPendingMasterRotation();
  if (readPendingSecrets()) {
    throw new Error("Another key rotation did not finish (secrets.json.next exists): run `npm run cli -- audit verify` and `keys status` first.");
  }
  forgetCachedSecrets();
  const old = currentMasterKey();
  const stored = storedMasterKeyId();
  if (stored && stored !== masterKeyId(old)) {
    throw new Error("secrets.json does not hold the master key the data keys are wrapped with: restore the right secrets.json first.");
  }
  const migrated = migrateToDataKeys(ctx);
  const next = randomBytes(32);
  writePendingSecrets({ ...storedSecrets(), dataKey: next.toString("base64") });
  let keysRewrapped = 0;
  try {
    withTransaction((tx) => {
      const { sqlite } = getConnection();
      const now = ctx.now();
      const rows = sqlite.prepare("SELECT id, scope, interview_id, wrapped_key, kek_id FROM data_keys WHERE wrapped_key IS NOT NULL").all() as {
        id: string;
        scope: "instance" | "interview";
        interview_id: string | null;
        wrapped_key: string;
        kek_id: string;
      }[];
      const update = sqlite.prepare("UPDATE data_keys SET wrapped_key = ?, kek_id = ?, rewrapped_at = ? WHERE id = ?");
      for (const row of rows) {
        if (row.kek_id !== masterKeyId(old)) throw new Error(`Data key ${row.id} is wrapped by another master key: nothing was changed.`);
        const key = unwrapKey(old, row.wrapped_key, row);
        update.run(wrapKey(next, key, row), masterKeyId(next), now, row.id);
        key.fill(0);
      }
      keysRewrapped = rows.length;
      appendAuditEvent(tx, ctx, {
        action: "keys.master_rotated",
        targetId: null,
        payload: { fromMasterKeyId: masterKeyId(old), toMasterKeyId: masterKeyId(next), keysRewrapped },
      });
    });
  } catch (err) {
    discardPendingSecrets();
    throw err;
  }
  promotePendingSecrets();
  // The rows as wrapped by the old key must not outlive it in the write-ahead log (secure_delete zeroes the
  // database file's free space; the log keeps old page versions until it is truncated).
  const walTruncated = truncateWal();
  return { fromMasterKeyId: masterKeyId(old), toMasterKeyId: masterKeyId(next), keysRewrapped, migrated: migrated.values + migrated.files, walTruncated };
}
