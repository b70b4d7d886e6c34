import fs from "node:fs";
import { getConnection, sealedUpgrade } from "@/db/client";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import type { Ctx } from "../context";
import { readUpload, replaceUpload, uploadPath } from "../uploads/storage";
import { dataKeyById, instanceDataKey, interviewDataKey, interviewKeyDestroyed } from "./data-keys";
import { open, openBytes, seal, sealBytes, sealedFileKeyId } from "./seal";
import { SEALED_COLUMNS, SEALED_FILES, type SealedColumn } from "./sealed-columns";

export interface MigrationReport {
  values: number;
  files: number;
  keysCreated: number;
}

const LEGACY = "v1:%";

/** An interview filter for the registry's queries, which all return `interview_id`. */
const forInterview = (interviewId: string | undefined) =>
  interviewId ? { sql: " AND interview_id = ?", args: [interviewId] } : { sql: "", args: [] };

/** The rows of one sealed column still in the single-key format (`v1:`). */
function legacyRows(c: SealedColumn, interviewId: string | undefined): Record<string, string>[] {
  const f = forInterview(interviewId);
  return getConnection()
    .sqlite.prepare(`SELECT * FROM (${c.select}) WHERE value LIKE '${LEGACY}'${f.sql}`)
    .all(...f.args) as Record<string, string>[];
}

/** Interviews that have no data key yet (made before keys existed). */
function interviewsWithoutKey(interviewId: string | undefined): { id: string }[] {
  const f = forInterview(interviewId);
  return getConnection()
    .sqlite.prepare(
      `SELECT id FROM (SELECT id, id AS interview_id FROM interviews i WHERE NOT EXISTS (SELECT 1 FROM data_keys k WHERE k.interview_id = i.id)) WHERE 1${f.sql}`,
    )
    .all(...f.args) as { id: string }[];
}

/** Legacy (`v1:`) values and files, and interviews without a data key: what a migration would change. */
export function pendingMigration(options: { interviewId?: string } = {}): MigrationReport {
  const values = SEALED_COLUMNS.reduce((n, c) => n + legacyRows(c, options.interviewId).length, 0);
  return { values, files: legacyFiles(options).length, keysCreated: interviewsWithoutKey(options.interviewId).length };
}

function legacyFiles(options: { interviewId?: string }): { id: string; interviewId: string; context: (id: string) => string }[] {
  const { sqlite } = getConnection();
  const found: { id: string; interviewId: string; context: (id: string) => string }[] = [];
  for (const t of SEALED_FILES) {
    for (const r of sqlite.prepare(t.select).all() as { id: string; interview_id: string }[]) {
      if (options.interviewId && r.interview_id !== options.interviewId) continue;
      if (interviewKeyDestroyed(r.interview_id)) continue;
      let head: Buffer;
      try {
        const fd = fs.openSync(uploadPath(r.id), "r");
        head = Buffer.alloc(40);
        fs.readSync(fd, head, 0, 40, 0);
        fs.closeSync(fd);
      } catch {
        continue; // a missing file is the backup/restore checks' business, not a migration's
      }
      const keyId = sealedFileKeyId(head);
      if (!keyId || !dataKeyById(keyId)) found.push({ id: r.id, interviewId: r.interview_id, context: t.context });
    }
  }
  return found;
}

/**
 * The one-time re-encryption under data keys: every interview gets its data key, every value sealed with the
 * master key directly (`v1:`) is sealed again with its interview's key (or the instance key), in one transaction
 * with one audited `keys.values_migrated` entry (counts only); then the legacy files are re-encrypted, each
 * replaced atomically (both forms open, so a crash in between loses nothing and the next run finishes). Does
 * nothing, and writes no entry, when nothing is pending. Runs at every start and before a master-key rotation;
 * erasure runs it for the one interview first, so no value of an erased interview stays under the master key.
 */
export function migrateToDataKeys(ctx: Ctx, options: { interviewId?: string } = {}): MigrationReport {
  const files = legacyFiles(options);
  const report = withTransaction((tx) => {
    const { sqlite } = getConnection();
    const now = ctx.now();
    const missing = interviewsWithoutKey(options.interviewId);
    for (const m of missing) interviewDataKey(m.id, now);
    let values = 0;
    sealedUpgrade.active = true;
    try {
      for (const c of SEALED_COLUMNS) {
        const update = sqlite.prepare(`UPDATE ${c.table} SET ${c.column} = ? WHERE rowid = ?`);
        for (const row of legacyRows(c, options.interviewId)) {
          const context = c.context(row);
          const key = row.interview_id ? interviewDataKey(row.interview_id, now) : instanceDataKey(now);
          update.run(seal(open(row.value!, context), context, key), row.pk);
          values += 1;
        }
      }
    } finally {
      sealedUpgrade.active = false;
    }
    const result = { values, files: files.length, keysCreated: missing.length };
    if (values + files.length + missing.length > 0)
      appendAuditEvent(tx, ctx, { action: "keys.values_migrated", targetId: null, payload: result });
    return result;
  });
  for (const f of files) {
    const context = f.context(f.id);
    replaceUpload(f.id, sealBytes(openBytes(readUpload(f.id), context), context, interviewDataKey(f.interviewId, ctx.now())));
  }
  return report;
}
