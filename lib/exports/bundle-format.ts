import { z } from "zod";
import type { AuditKey } from "../audit/checkpoint-format";
import { checkpointSchema } from "../audit/export-format";
import { csvColumnsDoc } from "./csv";
import { EXPORT_FORMATS, type ConsentExportFilters, type ExportFormat } from "./schema";

/**
 * The consent export bundle (issue 8), shared by the writer and the offline verifier.
 *
 * One ZIP file holding the chosen formats and a signed manifest:
 * - `README.txt` — what the files are and how to check them, in plain words.
 * - `consent-records.csv` — one row per record (UTF-8 with BOM, RFC 4180, formula prefixes neutralised).
 * - `consent-records.json` — a JSON array, one record object per line (lib/exports/consent-record.ts), and
 *   `consent-record.schema.json`, the JSON Schema every record validates against.
 * - `certificates/<record id>.pdf` — one consent certificate per record.
 * - `attachments/<record id>/<upload id>.<ext>` — sensitive exports only: the signature scans.
 * - `manifest.json` — every file's SHA-256 and size, the filters, who exported and when, the audit head at that
 *   moment (a signed checkpoint), the instance's key history; `manifest.sig` — Ed25519 over the exact bytes of
 *   manifest.json with the instance key; `public-key.pem` — that key (get it independently to prove origin).
 */
export const CONSENT_EXPORT_FORMAT = "sourcekeeper-consent-export/v1";
export const BUNDLE_README = "README.txt";
export const BUNDLE_CSV = "consent-records.csv";
export const BUNDLE_JSON = "consent-records.json";
export const BUNDLE_SCHEMA = "consent-record.schema.json";
/** The signing files are named as in audit exports. */
export {
  MANIFEST_FILE as BUNDLE_MANIFEST,
  PUBLIC_KEY_FILE as BUNDLE_PUBLIC_KEY,
  SIGNATURE_FILE as BUNDLE_SIGNATURE,
} from "../audit/export-format";
import { MANIFEST_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE } from "../audit/export-format";
export const certificatePath = (recordId: string) => `certificates/${recordId}.pdf`;
/** Files the manifest describes rather than lists. */
export const BUNDLE_SIGNING_FILES = [MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE] as const;

export interface ConsentExportManifest {
  format: typeof CONSENT_EXPORT_FORMAT;
  exportId: string;
  exportedAt: string;
  exportedBy: { userId: string; name: string; role: string };
  filters: ConsentExportFilters;
  formats: ExportFormat[];
  /** False for a default export; for a sensitive one, why it was made and what it adds. */
  sensitive: false | { reason: string; includes: string[] };
  records: { count: number };
  /** The audit log's head when the export began, signed by a checkpoint (it covers the export's own first entry). */
  auditHead: z.infer<typeof checkpointSchema>;
  files: Record<string, { sha256: string; bytes: number }>;
  keys: AuditKey[];
  signingKeyId: string;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const FILTER_KEYS = ["interviewId", "deskId", "decidedFrom", "decidedTo", "status", "sourceType"] as const;

/** The manifest's structure, checked before anything in it is trusted. */
export const consentManifestSchema = z.strictObject({
  format: z.literal(CONSENT_EXPORT_FORMAT),
  exportId: z.string().min(1).max(64),
  exportedAt: z.iso.datetime(),
  exportedBy: z.strictObject({ userId: z.string(), name: z.string(), role: z.string() }),
  filters: z.partialRecord(z.enum(FILTER_KEYS), z.string().max(64)),
  formats: z.array(z.enum(EXPORT_FORMATS)).min(1),
  sensitive: z.union([z.literal(false), z.strictObject({ reason: z.string(), includes: z.array(z.string()) })]),
  records: z.strictObject({ count: z.number().int().min(0) }),
  auditHead: checkpointSchema,
  files: z.record(z.string().min(1).max(300), z.strictObject({ sha256: hex64, bytes: z.number().int().min(0) })),
  keys: z
    .array(
      z.object({
        keyId: z.string(),
        publicKey: z.string(),
        createdAt: z.number(),
        previousKeyId: z.string().nullable(),
        rotationSignature: z.string().nullable(),
      }),
    )
    .min(1),
  signingKeyId: z.string(),
});

/** The bundle's README: what each file is and how to verify it, for someone who has never seen Sourcekeeper. */
export function bundleReadme(
  manifest: Pick<ConsentExportManifest, "exportId" | "exportedAt" | "formats" | "sensitive" | "records">,
): string {
  const lines = [
    "SOURCEKEEPER CONSENT EXPORT",
    "",
    `Export ${manifest.exportId}, made ${manifest.exportedAt}, holding ${manifest.records.count} consent record(s).`,
    "",
    "This archive is proof of how informed consent was obtained from sources and what they agreed to. Sources are",
    "named only by the code name the newsroom gave them: their real identity is never recorded in Sourcekeeper.",
    manifest.sensitive
      ? "THIS IS A SENSITIVE EXPORT: it holds free-text answers and/or signature scans that can identify a source or the people around them. Keep it encrypted, share it only with the person it was made for, and destroy it when it has served its purpose."
      : "This is a default export: free-text answers (which can name people and places), withdrawal wording and signature scans are left out; their presence is listed, their content is not.",
    "",
    "FILES",
    "  manifest.json               what was exported, by whom, when; the SHA-256 of every other file",
    "  manifest.sig                Ed25519 signature of manifest.json by the newsroom's Sourcekeeper instance",
    "  public-key.pem              the instance's public key (obtain it from the newsroom independently too)",
  ];
  if (manifest.formats.includes("csv")) lines.push("  consent-records.csv         one row per record (UTF-8 with BOM; columns below)");
  if (manifest.formats.includes("json")) {
    lines.push("  consent-records.json        one JSON object per record, following ISO/IEC TS 27560:2023 as the W3C DPV");
    lines.push("                              guide lays it out; consent-record.schema.json is its JSON Schema");
  }
  if (manifest.formats.includes("pdf")) lines.push("  certificates/*.pdf          one printable consent certificate per record");
  if (manifest.sensitive) lines.push("  attachments/                signature scans, as stored (metadata already removed)");
  lines.push(
    "",
    "HOW TO CHECK THIS ARCHIVE",
    "  With Sourcekeeper: npm run cli -- export verify THIS-FILE.zip --pubkey public-key-you-trust.pem",
    "  By hand: compute the SHA-256 of each file and compare it with manifest.json; verify manifest.sig over the",
    "  exact bytes of manifest.json with the public key (Ed25519). Each record's `fingerprint` is the SHA-256 of",
    "  its JSON object in canonical form (keys sorted, no spaces) without the `fingerprint` and `private_fields`",
    "  members; the same fingerprint is printed on its PDF certificate and in the CSV.",
  );
  if (manifest.formats.includes("csv")) lines.push("", "CSV COLUMNS", csvColumnsDoc());
  return `${lines.join("\n")}\n`;
}
