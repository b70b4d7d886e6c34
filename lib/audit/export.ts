import { randomUUID, sign } from "node:crypto";
import type { Writable } from "node:stream";
import { getConnection, getDb } from "@/db/client";
import { withTransaction } from "@/db/transaction";
import { ZipStream } from "../zip/write";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { appendAuditEvent } from "./append";
import { entryBodyHash, GENESIS_HASH, type AuditRow } from "./canonical";
import { instanceKey, latestCheckpoint, listCheckpoints, listKeys, writeCheckpoint } from "./checkpoints";
import { ENTRIES_FILE, EXPORT_FORMAT, MANIFEST_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE, type ExportManifest } from "./export-format";

const CHUNK = 5_000;

export interface ExportSelection {
  /** The filters as the user chose them (names and values; they are ids and dates, never a source's identity). */
  filters: Record<string, string>;
  /** Ascending seqs of the selected entries after `afterSeq`, at most `limit` (keyset: flat memory at any size). */
  selectedAfter: (afterSeq: number, limit: number) => number[];
}

const SELECT_RANGE = `select seq, occurred_at as occurredAt, actor_id as actorId, action, target_type as targetType,
        target_id as targetId, payload, prev_hash as prevHash, hash
   from audit_events where seq > ? and seq <= ? order by seq limit ${CHUNK}`;

/**
 * Streams an audit export (format in export-format.ts) to `out`. First, in one transaction, the export is
 * audited and a checkpoint is signed at the head, so the file always ends on a signed head that covers its own
 * audit entry. Then the chain is read in chunks (flat memory for any size), written as full rows for the
 * selected entries and stubs for the rest, and the manifest is signed with the instance key. The caller has
 * authorized the actor and built the selection within what they may see.
 */
export async function writeAuditExport(
  ctx: Ctx & { actor: { id: string; role: string } },
  who: { name: string },
  selection: ExportSelection,
  out: Writable,
  onProgress?: (done: number, total: number) => void,
): Promise<{ exportId: string; selected: number; entries: number }> {
  assertCan(ctx.actor, "audit:read");
  const exportId = randomUUID();
  const head = withTransaction((tx) => {
    appendAuditEvent(tx, ctx, {
      action: "audit.exported",
      targetId: null,
      payload: { exportId, filters: Object.keys(selection.filters).sort() },
    });
    // The export's own entry may already have triggered the periodic checkpoint: then that one is the head.
    return writeCheckpoint(tx, ctx.now()) ?? latestCheckpoint(tx)!;
  });
  const checkpoints = listCheckpoints(getDb());
  const keys = listKeys(getDb());
  const first = selection.selectedAfter(0, 1)[0];
  const anchorCheckpoint = first === undefined ? head : ([...checkpoints].reverse().find((c) => c.seq < first) ?? null);
  const anchor = anchorCheckpoint
    ? { seq: anchorCheckpoint.seq, hash: anchorCheckpoint.headHash, checkpoint: anchorCheckpoint.number }
    : { seq: 0, hash: GENESIS_HASH, checkpoint: null };

  const zip = new ZipStream(out);
  const entries = zip.open(ENTRIES_FILE);
  const selected = {
    count: 0,
    firstSeq: null as number | null,
    lastSeq: null as number | null,
    firstHash: null as string | null,
    lastHash: null as string | null,
  };
  const { sqlite } = getConnection();
  const range = sqlite.prepare(SELECT_RANGE);
  let after = anchor.seq;
  let pending: number[] = [];
  let selectedCursor = anchor.seq;
  let written = 0;
  const total = head.seq - anchor.seq;
  while (after < head.seq) {
    const rows = range.all(after, head.seq) as AuditRow[];
    if (rows.length === 0) break;
    const last = rows[rows.length - 1]!.seq;
    // Selected seqs up to the end of this chunk.
    while (selectedCursor < last) {
      const more = selection.selectedAfter(selectedCursor, CHUNK).filter((s) => s <= head.seq);
      if (more.length === 0) {
        selectedCursor = head.seq;
        break;
      }
      pending.push(...more);
      selectedCursor = more[more.length - 1]!;
    }
    const wanted = new Set(pending.filter((s) => s <= last));
    pending = pending.filter((s) => s > last);
    let text = "";
    for (const row of rows) {
      if (wanted.has(row.seq)) {
        text += `${JSON.stringify(row)}\n`;
        selected.count += 1;
        selected.firstSeq ??= row.seq;
        selected.firstHash ??= row.hash;
        selected.lastSeq = row.seq;
        selected.lastHash = row.hash;
      } else {
        text += `${JSON.stringify({ seq: row.seq, bodyHash: entryBodyHash(row), hash: row.hash })}\n`;
      }
    }
    entries.push(text);
    after = last;
    written += rows.length;
    onProgress?.(written, total);
    await zip.drain();
  }
  entries.end();

  const key = instanceKey();
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    exportId,
    exportedAt: ctx.now(),
    exportedBy: { userId: ctx.actor.id, name: who.name, role: ctx.actor.role },
    filters: selection.filters,
    chain: { fromSeq: anchor.seq + 1, toSeq: head.seq, anchor },
    selected,
    files: { [ENTRIES_FILE]: zip.files[ENTRIES_FILE]! },
    checkpoints: checkpoints.filter((c) => c.number <= head.number),
    keys,
    signingKeyId: key.keyId,
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  zip.add(MANIFEST_FILE, manifestText);
  zip.add(SIGNATURE_FILE, `${sign(null, Buffer.from(manifestText, "utf8"), key.privateKey).toString("base64")}\n`);
  zip.add(PUBLIC_KEY_FILE, key.publicKey);
  await zip.end();
  return { exportId, selected: selected.count, entries: written };
}
