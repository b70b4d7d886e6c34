import fs from "node:fs";
import path from "node:path";
import exifReader from "exif-reader";
import sharp from "sharp";
import { expect } from "vitest";
import { PRIVATE_FIELDS } from "@/lib/consent/terms";
import type { ReconfirmInput, WithdrawInput } from "@/lib/consent/schema";
import { sqlite } from "./test-db";

/** Helpers for the consent integration tests: valid inputs, canaries, snapshots and generated images. */

export { DAY, HOUR, MINUTE, consentInput, iso, type ConsentInput } from "./consent-input";
import { MINUTE, iso } from "./consent-input";

/** A justification just long enough (40 characters) for a POW's identifying choice. */
export const JUSTIFICATION_40 = "Public interest: evidence of war crimes.";

export function reconfirmInput(
  interviewId: string,
  recordId: string,
  now: number,
  overrides: Partial<ReconfirmInput> = {},
): ReconfirmInput {
  return {
    interviewId,
    recordId,
    occurredAt: iso(now - 5 * MINUTE),
    channel: "secure_message",
    reexplained: "Showed the final draft and read it aloud.",
    contentShownSha256: "",
    ...overrides,
  };
}

export function withdrawInput(interviewId: string, recordId: string, now: number, overrides: Partial<WithdrawInput> = {}): WithdrawInput {
  return {
    interviewId,
    recordId,
    occurredAt: iso(now - 5 * MINUTE),
    channel: "phone",
    receivedBy: "The desk editor on duty",
    sourceWords: "",
    ...overrides,
  };
}

export const revokeInput = (interviewId: string, recordId: string, reason = "Consent was obtained while a guard stood by.") => ({
  interviewId,
  recordId,
  reason,
});

/**
 * Unique strings for free-text fields: none may ever appear in the audit log, nor in clear text in the database.
 * Letters only (no digits with dots, no @) so that every field's own rules accept them.
 */
export function canary(field: string): string {
  return `ZQXCANARY${field.replace(/[^A-Za-z]/g, "").toUpperCase()}QZX`;
}

/** The free-text answers of a consent record, each set to its canary. */
export const RECORD_TEXT_FIELDS = PRIVATE_FIELDS;

export function recordCanaries(): Record<(typeof RECORD_TEXT_FIELDS)[number], string> {
  return Object.fromEntries(RECORD_TEXT_FIELDS.map((f) => [f, `${canary(f)} padded so every length rule is met`])) as Record<
    (typeof RECORD_TEXT_FIELDS)[number],
    string
  >;
}

export const CONSENT_TABLES = [
  "consent_records",
  "consent_events",
  "consent_override_approvals",
  "consent_uploads",
  "audit_events",
] as const;

/** Every row of the consent tables and the audit log, and the files under DATA_DIR/uploads. */
export function consentSnapshot(dataDir: string): { tables: Record<string, unknown[]>; files: string[] } {
  return {
    tables: Object.fromEntries(CONSENT_TABLES.map((t) => [t, sqlite().prepare(`select * from ${t} order by rowid`).all()])),
    files: uploadFiles(dataDir),
  };
}

export function uploadFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, "uploads");
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** All text of every row of a table, for "this string appears nowhere" checks. */
export function tableText(table: string): string {
  return JSON.stringify(sqlite().prepare(`select * from ${table}`).all());
}

export interface ConsentRecordRow {
  id: string;
  interview_id: string;
  previous_record_id: string | null;
  script_id: string;
  script_hash: string;
  language: string;
  terms_json: string;
  private_sealed: string;
  terms_hash: string;
  captor_present: number;
  needs_override: number;
  explained_at: number;
  decided_at: number;
  status: string;
  last_confirmed_at: number | null;
  recorded_by: string;
  created_at: number;
}
export const recordRow = (id: string) =>
  sqlite().prepare("select * from consent_records where id = ?").get(id) as ConsentRecordRow | undefined;

export interface ConsentEventRow {
  id: string;
  record_id: string;
  type: string;
  occurred_at: number;
  channel: string | null;
  details_sealed: string | null;
  content_shown_sha256: string | null;
  recorded_by: string;
  recorded_at: number;
}
export const eventRows = (recordId: string) =>
  sqlite().prepare("select * from consent_events where record_id = ? order by rowid").all(recordId) as ConsentEventRow[];

export interface UploadRow {
  id: string;
  record_id: string;
  mime: string;
  size: number;
  sha256: string;
  metadata_removed: string;
  uploaded_by: string;
  uploaded_at: number;
}
export const uploadRows = () => sqlite().prepare("select * from consent_uploads order by rowid").all() as UploadRow[];

/* ---------- Images ---------- */

/** A small photograph-like JPEG with noise (so it compresses like a real scan). */
function noisePixels(width: number, height: number): Buffer {
  const px = Buffer.alloc(width * height * 3);
  let s = 12345;
  for (let i = 0; i < px.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    px[i] = (s >> 16) & 0xff;
  }
  return px;
}

export async function plainJpeg(width = 48, height = 32): Promise<Buffer> {
  return sharp(noisePixels(width, height), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

export const EXIF_CANARY = "ZQXEXIFCAMERASERIALQZX";

/** A JPEG carrying camera EXIF and a GPS position (Pyongyang-ish), checked with exif-reader before it is used. */
export async function jpegWithGps(): Promise<Buffer> {
  const width = 64;
  const height = 48;
  const jpeg = await sharp(noisePixels(width, height), { raw: { width, height, channels: 3 } })
    .withExif({
      IFD0: { Make: "CanaryCam", Model: EXIF_CANARY, ImageDescription: EXIF_CANARY, DateTime: "2030:01:15 08:12:00" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "39/1 1/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "125/1 45/1 0/1" },
    })
    .jpeg({ quality: 85 })
    .toBuffer();
  const meta = await sharp(jpeg).metadata();
  expect(meta.format).toBe("jpeg");
  expect(meta.exif).toBeInstanceOf(Buffer);
  const exif = exifReader(meta.exif!) as { GPSInfo?: Record<string, unknown>; Image?: Record<string, unknown> };
  expect(exif.GPSInfo).toMatchObject({ GPSLatitudeRef: "N", GPSLatitude: [39, 1, 0], GPSLongitudeRef: "E", GPSLongitude: [125, 45, 0] });
  expect(exif.Image).toMatchObject({ Model: EXIF_CANARY });
  expect(jpeg.includes(EXIF_CANARY)).toBe(true);
  return jpeg;
}

export const XMP_CANARY = "ZQXXMPCREATORQZX";

/** A PNG carrying an XMP packet. */
export async function pngWithXmp(): Promise<Buffer> {
  const xmp =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    `<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${XMP_CANARY}</dc:creator></rdf:Description>` +
    "</rdf:RDF></x:xmpmeta>";
  const png = await sharp(noisePixels(24, 24), { raw: { width: 24, height: 24, channels: 3 } })
    .withXmp(xmp)
    .png()
    .toBuffer();
  const meta = await sharp(png).metadata();
  expect(meta.format).toBe("png");
  expect(meta.xmp).toBeInstanceOf(Buffer);
  // sharp ≥ 0.35 may store the packet compressed: check it through the decoder, not as raw bytes.
  expect(meta.xmp!.toString("utf8")).toContain(XMP_CANARY);
  return png;
}

/** A landscape JPEG whose EXIF says "rotate 90° clockwise to view". */
export async function sidewaysJpeg(): Promise<Buffer> {
  const jpeg = await sharp(noisePixels(40, 20), { raw: { width: 40, height: 20, channels: 3 } })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
  const meta = await sharp(jpeg).metadata();
  expect([meta.width, meta.height, meta.orientation]).toEqual([40, 20, 6]);
  return jpeg;
}
