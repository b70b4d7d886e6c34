import { createHash } from "node:crypto";
import fs from "node:fs";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import type { Ctx } from "../context";

/**
 * Backups and restores are audited: a backup takes every record out of the app, so the log says when, which archive
 * (its SHA-256) and whether the keys went with it. They are run from the command line by whoever holds DATA_DIR, so
 * the entries have no actor. A restore is recorded in the restored database, after its chain verified.
 */
export function recordBackup(ctx: Ctx, facts: { archiveSha256: string; withSecrets: boolean; uploads: number; auditSeq: number }): void {
  withTransaction((tx) => appendAuditEvent(tx, ctx, { action: "instance.backed_up", targetId: null, payload: facts }));
}

export function recordRestore(ctx: Ctx, facts: { archiveSha256: string; backupCreatedAt: number; uploads: number; auditSeq: number }): void {
  withTransaction((tx) => appendAuditEvent(tx, ctx, { action: "instance.restored", targetId: null, payload: facts }));
}

/** The SHA-256 of a file, read in chunks. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
