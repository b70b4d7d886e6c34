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
 *    written to each chosen format as they come (memory stays flat), with progress reported;
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
        reasonSealed: request.sensitive ? seal(request.reason, reasonContext(exportId)) : null,
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
    const csv = formats.includes("csv") ? zip.open(BUNDLE_CSV) : null;
    const json = formats.includes("json") ? zip.open(BUNDLE_JSON) : null;
    csv?.push(CSV_BOM + csvHeaderLine());
    json?.push("[");

    let cursor: Cursor | null = null;
    let done = 0;
    for (;;) {
      const page = reader.page(where, cursor, PAGE);
      if (page.length === 0) break;
      let csvText = "";
      let jsonText = "";
      for (const { json: record } of page) {
        csvText += csvRecordLine(record);
        jsonText += `${done === 0 ? "\n" : ",\n"}${JSON.stringify(record)}`;
        done += 1;
        if (formats.includes("pdf")) {
          const pdf = await renderCertificate(record, { exportId, exportedAt, exportedBy: who.name, sensitive: request.sensitive });
          zip.add(certificatePath(record.record_id), pdf, { compress: false });
        }
        if (request.sensitive) {
          for (const [uploadId, path] of Object.entries(record.private_fields.attachment_files ?? {})) {
            zip.add(path, openBytes(readUpload(uploadId), uploadContext(uploadId)), { compress: false });
          }
        }
      }
      csv?.push(csvText);
      json?.push(jsonText);
      const last = page.at(-1)!;
      cursor = { createdAt: Date.parse(last.json.record_created_at), id: last.json.record_id };
      onProgress?.(done, Math.max(total, done));
      await zip.drain();
    }
    csv?.end();
    json?.push(done === 0 ? "]\n" : "\n]\n");
    json?.end();

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
