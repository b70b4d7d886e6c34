import fs from "node:fs";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { consentUploads, interviewImages } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import type { Ctx } from "../context";
import { dataDir } from "../env";
import { removeUpload } from "./storage";

/** Uploads are named by id only (storage.ts). */
const UPLOAD_ID = /^[0-9a-f-]{36}$/;

/**
 * Removes encrypted upload files no row refers to. A file is written before the transaction that records it
 * commits (writeUploadThen), so a crash between the two — the one gap the crash test found — leaves a file nobody
 * can reach. Files younger than `olderThanMs` are left alone: their upload may still be committing. The removal is
 * audited (a count, no ids of anything that never existed), then the files are deleted. Run by the maintenance.
 */
export function sweepOrphanUploads(ctx: Ctx, options: { olderThanMs: number }): { removed: number } {
  const dir = path.join(dataDir(), "uploads");
  if (!fs.existsSync(dir)) return { removed: 0 };
  const cutoff = ctx.now() - options.olderThanMs;
  const candidates = fs.readdirSync(dir).filter((name) => {
    if (!UPLOAD_ID.test(name)) return false;
    const stat = fs.statSync(path.join(dir, name));
    return stat.isFile() && stat.mtimeMs < cutoff;
  });
  if (candidates.length === 0) return { removed: 0 };
  const orphans = withTransaction((tx) => {
    const referenced = new Set<string>();
    for (let i = 0; i < candidates.length; i += 500) {
      const batch = candidates.slice(i, i + 500);
      for (const r of tx.select({ id: consentUploads.id }).from(consentUploads).where(inArray(consentUploads.id, batch)).all()) referenced.add(r.id);
      for (const r of tx.select({ id: interviewImages.id }).from(interviewImages).where(inArray(interviewImages.id, batch)).all()) referenced.add(r.id);
    }
    const unreferenced = candidates.filter((id) => !referenced.has(id));
    if (unreferenced.length > 0) appendAuditEvent(tx, ctx, { action: "uploads.orphans_removed", targetId: null, payload: { count: unreferenced.length } });
    return unreferenced;
  });
  for (const id of orphans) removeUpload(id);
  return { removed: orphans.length };
}
