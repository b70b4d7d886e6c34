import { randomUUID, sign } from "node:crypto";
import type { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { consentExports } from "@/db/schema";
import { openSnapshot } from "@/db/snapshot";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { activeKey, latestCheckpoint, listKeys, writeCheckpoint } from "../audit/checkpoints";
import { sha256 } from "../audit/export-format";
import { assertCan, type Actor } from "../auth/permissions";
import { uploadContext } from "../consent/attach-upload";
import type { Ctx } from "../context";
import { openBytes, seal } from "../crypto/seal";
import { instanceDataKey } from "@/lib/crypto/data-keys";
import { readUpload } from "../uploads/storage";
import { ZipStream } from "../zip/write";
import {
  BUNDLE_CSV,
  BUNDLE_JSON,
  BUNDLE_MANIFEST,
  BUNDLE_PUBLIC_KEY,
  BUNDLE_README,
  BUNDLE_SCHEMA,
  BUNDLE_SIGNATURE,
  bundleReadme,
  certificatePath,
  CONSENT_EXPORT_FORMAT,
  type ConsentExportManifest,
} from "./bundle-format";
import type { ConsentRecordJson } from "./consent-record";
import { CSV_BOM, csvHeaderLine, csvRecordLine } from "./csv";
import { ConsentRecordReader, countConsentRecords, exportConditions, type Cursor } from "./load-consent-records";
import { renderCertificate } from "./pdf/certificate";
import { filtersOf, type ConsentExportRequest } from "./schema";
import { CONSENT_RECORD_SCHEMA } from "./validate-record";

/** Records read per page: small enough for flat memory, large enough to amortise the queries. */
const PAGE = 250;

export const reasonContext = (exportId: string) => `consent-export:${exportId}:reason`;

export interface ConsentExportResult {
  exportId: string;
  manifestSha256: string;
  records: number;
}

/**
 * Streams a consent export bundle (format in bundle-format.ts) to `out`. In order:
 * 1. one transaction: the export is recorded (consent_exports, `consent.export_started`) and a checkpoint signs
 *    the audit head, so nothing leaves the server unaudited even if the download is cut short;
 * 2. a snapshot of the database is opened at that instant, and the records are read from it page by page,
 *    written to each chosen format as they come (memory stays flat), with progress reported: one pass over the
 *    same snapshot for the CSV, one for the JSON, one for the certificates and scans;
 * 3. the manifest is built (every file's SHA-256), its hash recorded in a second transaction
 *    (`consent.exported`), then it is signed and closes the archive.
 * The caller has authorized the actor (and confirmed the password of a sensitive export).
 */
export async function writeConsentExport(
  ctx: Ctx & { actor: Actor },
  who: { name: string },
  request: Omit<ConsentExportRequest, "password">,
  out: Writable,
  onProgress?: (done: number, total: number) => void,
): Promise<ConsentExportResult> {
  assertCan(ctx.actor, "interview:work");
  if (request.sensitive) assertCan(ctx.actor, "consent:export_sensitive");
  const exportId = randomUUID();
  const filters = filtersOf({ ...request, password: "" });
  const formats = [...new Set(request.formats)].sort();
  const targetId = filters.interviewId ?? null;
  const started = ctx.now();

  const { head, key, total } = withTransaction((tx) => {
    const now = ctx.now();
    const count = countConsentRecords(tx, ctx.actor, filters, now);
    tx.insert(consentExports)
      .values({
        id: exportId,
        exportedBy: ctx.actor.id,
        startedAt: now,
        filtersJson: JSON.stringify(filters),
        formats: formats.join(","),
        sensitive: request.sensitive,
        reasonSealed: request.sensitive ? seal(request.reason, reasonContext(exportId), instanceDataKey()) : null,
        recordCount: count,
      })
      .run();
    appendAuditEvent(tx, ctx, {
      action: "consent.export_started",
      targetId,
      payload: { exportId, formats, sensitive: request.sensitive, records: count, filters: Object.keys(filters).sort() },
    });
    const signing = activeKey(tx, now);
    const checkpoint = writeCheckpoint(tx, now) ?? latestCheckpoint(tx)!;
    return { head: checkpoint, key: signing, total: count };
  });

  const snapshot = openSnapshot();
  try {
    const reader = new ConsentRecordReader(snapshot.db, { sensitive: request.sensitive, now: started });
    const where = exportConditions(snapshot.db, ctx.actor, filters, started);
    const zip = new ZipStream(out);
    const exportedAt = new Date(started).toISOString();
    const sensitive = request.sensitive
      ? { reason: request.reason, includes: ["free-text answers", "event details (e.g. a withdrawal's own words)", "signature scans"] }
      : (false as const);
    zip.add(BUNDLE_README, bundleReadme({ exportId, exportedAt, formats, sensitive, records: { count: total } }));
    if (formats.includes("json")) zip.add(BUNDLE_SCHEMA, `${JSON.stringify(CONSENT_RECORD_SCHEMA, null, 2)}\n`);
    // A ZIP entry's bytes are contiguous: while one file is still being written, the archive holds back every file
    // added after it, in memory, until it ends. So each file that grows with the records gets a pass of its own over
    // the snapshot (which reads the very same records each time): the CSV, then the JSON, then the certificates and
    // scans (one file per record, each sent before the next is made). Memory stays flat at any size.
    const csvWanted = formats.includes("csv");
    const jsonWanted = formats.includes("json");
    const perRecordFiles = formats.includes("pdf") || request.sensitive;
    const passes = [csvWanted, jsonWanted, perRecordFiles].filter(Boolean).length;
    let steps = 0;
    /** Reads every record page by page, reporting progress across all passes; returns how many were read. */
    const eachPage = async (visit: (records: ConsentRecordJson[]) => Promise<void> | void): Promise<number> => {
      let cursor: Cursor | null = null;
      let read = 0;
      for (;;) {
        const page = reader.page(where, cursor, PAGE);
        if (page.length === 0) return read;
        const records = page.map((p) => p.json);
        await visit(records);
        read += records.length;
        steps += records.length;
        const last = records.at(-1)!;
        cursor = { createdAt: Date.parse(last.record_created_at), id: last.record_id };
        const done = Math.floor(steps / passes);
        onProgress?.(done, Math.max(total, done));
        await zip.drain();
      }
    };
    const counts: number[] = [];
    if (csvWanted) {
      const csv = zip.open(BUNDLE_CSV);
      csv.push(CSV_BOM + csvHeaderLine());
      counts.push(await eachPage((records) => csv.push(records.map(csvRecordLine).join(""))));
      csv.end();
    }
    if (jsonWanted) {
      const json = zip.open(BUNDLE_JSON);
      json.push("[");
      let written = 0;
      const read = await eachPage((records) => {
        json.push(records.map((r) => `${written++ === 0 ? "\n" : ",\n"}${JSON.stringify(r)}`).join(""));
      });
      json.push(read === 0 ? "]\n" : "\n]\n");
      json.end();
      counts.push(read);
    }
    if (perRecordFiles) {
      counts.push(
        await eachPage(async (records) => {
          for (const record of records) {
            if (formats.includes("pdf")) {
              const pdf = await renderCertificate(record, { exportId, exportedAt, exportedBy: who.name, sensitive: request.sensitive });
              zip.add(certificatePath(record.record_id), pdf, { compress: false });
            }
            if (request.sensitive) {
              for (const [uploadId, path] of Object.entries(record.private_fields.attachment_files ?? {})) {
                zip.add(path, openBytes(readUpload(uploadId), uploadContext(uploadId)), { compress: false });
              }
            }
            await zip.drain();
          }
        }),
      );
    }
    // The snapshot cannot change between passes; if it ever did, the bundle would contradict itself.
    const done = counts[0] ?? 0;
    if (counts.some((n) => n !== done)) throw new Error(`The export's passes read different numbers of records (${counts.join(", ")}).`);

    const manifest: ConsentExportManifest = {
      format: CONSENT_EXPORT_FORMAT,
      exportId,
      exportedAt,
      exportedBy: { userId: ctx.actor.id, name: who.name, role: ctx.actor.role },
      filters,
      formats,
      sensitive,
      records: { count: done },
      auditHead: head,
      files: { ...zip.files },
      keys: listKeys(snapshot.db),
      signingKeyId: key.keyId,
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    const manifestSha256 = sha256(manifestText);
    withTransaction((tx) => {
      tx.update(consentExports).set({ manifestSha256, completedAt: ctx.now() }).where(eq(consentExports.id, exportId)).run();
      appendAuditEvent(tx, ctx, {
        action: "consent.exported",
        targetId,
        payload: { exportId, manifestSha256, records: done, files: Object.keys(manifest.files).length, sensitive: request.sensitive },
      });
    });
    zip.add(BUNDLE_MANIFEST, manifestText);
    zip.add(BUNDLE_SIGNATURE, `${sign(null, Buffer.from(manifestText, "utf8"), key.privateKey).toString("base64")}\n`);
    zip.add(BUNDLE_PUBLIC_KEY, key.publicKey);
    await zip.end();
    return { exportId, manifestSha256, records: done };
  } finally {
    snapshot.close();
  }
}
