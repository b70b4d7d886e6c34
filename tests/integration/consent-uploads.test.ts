import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import { attachUpload } from "@/lib/consent/attach-upload";
import { readConsentUpload } from "@/lib/consent/read-upload";
import { recordConsent } from "@/lib/consent/record-consent";
import { viewConsentRecord } from "@/lib/consent/view-consent-record";
import type { Ctx } from "@/lib/context";
import { databaseFile } from "@/lib/env";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { archiveInterview } from "@/lib/interviews/archive-interview";
import { addCollaborator } from "@/lib/interviews/collaborators";
import {
  consentInput,
  consentSnapshot,
  EXIF_CANARY,
  HOUR,
  jpegWithGps,
  plainJpeg,
  pngWithXmp,
  sidewaysJpeg,
  tableText,
  uploadFiles,
  uploadRows,
  XMP_CANARY,
} from "../support/consent-fixtures";
import { rejectsWithoutChangeTo } from "../support/assertions";
import { interviewInput, makeCtx, seedInterview, seedNewsroom, seedUser, type Newsroom } from "../support/seed";
import { auditCount, auditSince, forceAuditInsertFailure, registerTestDb, sqlite } from "../support/test-db";

const data = registerTestDb("each");

const MB = 1024 * 1024;
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Expects the promise to reject with `type`, and checks that no consent row, audit entry or upload file appeared. */
const refusedWithoutTrace = <E>(run: () => Promise<unknown>, type: new (...args: never[]) => E): Promise<E> =>
  rejectsWithoutChangeTo(() => consentSnapshot(data.dir), run, type);

let n: Newsroom;
let jo: Ctx;
let jay: Ctx;
let ed: Ctx;
let seoulEd: Ctx;
let birch: string;
let recordId: string;

beforeEach(async () => {
  n = await seedNewsroom();
  ({ jo, jay, ed, seoulEd } = n.ctxs);
  birch = seedInterview(jo, interviewInput(n.kyiv));
  n.clock.advance(HOUR);
  recordId = recordConsent({ ctx: jo, input: consentInput(birch, n.clock.now()) }).recordId;
  n.clock.advance(1000);
});

const attach = (ctx: Ctx, bytes: Uint8Array, ids: { interviewId?: string; recordId?: string } = {}) =>
  attachUpload({ ctx, interviewId: ids.interviewId ?? birch, recordId: ids.recordId ?? recordId, bytes });

describe("attachUpload: metadata stripped, encrypted, audited", () => {
  it("a JPEG with GPS EXIF is stored encrypted and comes back without any EXIF or GPS", async () => {
    const original = await jpegWithGps();
    const count = auditCount();
    const { uploadId, removed } = await attach(jo, original);
    expect(removed).toEqual(expect.arrayContaining(["GPS position", "EXIF (camera details, times)"]));

    const rows = uploadRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: uploadId,
      record_id: recordId,
      mime: "image/jpeg",
      uploaded_by: n.jo.id,
      uploaded_at: n.clock.now(),
    });
    expect(JSON.parse(rows[0]!.metadata_removed)).toEqual(removed);

    const attached = auditSince(count);
    expect(attached).toHaveLength(1);
    expect(attached[0]).toMatchObject({ action: "consent.upload_attached", targetType: "consent", targetId: birch, actorId: n.jo.id });
    expect(attached[0]!.data).toEqual({ recordId, uploadId, sha256: rows[0]!.sha256, metadataRemoved: removed.length });

    // On disk: only ciphertext, private to the server process.
    expect(uploadFiles(data.dir)).toEqual([uploadId]);
    const file = path.join(data.dir, "uploads", uploadId);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const stored = fs.readFileSync(file);
    expect(stored.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    expect(stored.includes(EXIF_CANARY)).toBe(false);
    expect(stored.includes("Exif")).toBe(false);
    await expect(sharp(stored).metadata()).rejects.toThrow();

    const downloadCount = auditCount();
    const read = readConsentUpload({ ctx: ed, uploadId });
    expect(read.mime).toBe("image/jpeg");
    expect(sha256(read.bytes)).toBe(rows[0]!.sha256);
    expect(read.sha256).toBe(rows[0]!.sha256);
    expect(rows[0]!.size).toBe(read.bytes.length);
    const meta = await sharp(read.bytes).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 64, height: 48 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(read.bytes.includes(EXIF_CANARY)).toBe(false);
    expect(read.bytes.includes("CanaryCam")).toBe(false);
    // The plain image is nowhere in the stored file (it is encrypted, not merely renamed).
    expect(stored.length).toBeGreaterThanOrEqual(read.bytes.length);
    for (const at of [0, 128, read.bytes.length - 64]) expect(stored.includes(read.bytes.subarray(at, at + 64))).toBe(false);

    const downloaded = auditSince(downloadCount);
    expect(downloaded).toHaveLength(1);
    expect(downloaded[0]).toMatchObject({ action: "consent.upload_downloaded", targetType: "consent", targetId: birch, actorId: n.ed.id });
    expect(downloaded[0]!.data).toEqual({ uploadId });

    // Neither the camera details nor the image reach the database.
    expect(tableText("audit_events")).not.toContain(EXIF_CANARY);
    sqlite().pragma("wal_checkpoint(TRUNCATE)");
    expect(fs.readFileSync(databaseFile()).includes(EXIF_CANARY)).toBe(false);

    // The audited record view lists the upload.
    expect(viewConsentRecord({ ctx: jo, interviewId: birch, recordId }).uploads.map((u) => [u.id, u.metadataRemoved])).toEqual([
      [uploadId, removed],
    ]);
  });

  it("a PNG loses its XMP packet", async () => {
    const { uploadId, removed } = await attach(jo, await pngWithXmp());
    expect(removed).toContain("XMP");
    const read = readConsentUpload({ ctx: jo, uploadId });
    expect(read.mime).toBe("image/png");
    const meta = await sharp(read.bytes).metadata();
    expect(meta.format).toBe("png");
    expect(meta.xmp).toBeUndefined();
    expect(read.bytes.includes(XMP_CANARY)).toBe(false);
  });

  it("a sideways photo is turned upright before its orientation tag is dropped", async () => {
    const { uploadId } = await attach(jo, await sidewaysJpeg());
    const meta = await sharp(readConsentUpload({ ctx: jo, uploadId }).bytes).metadata();
    expect([meta.width, meta.height, meta.orientation, meta.exif]).toEqual([20, 40, undefined, undefined]);
  });

  it("stored uploads cannot be changed or deleted in the database", async () => {
    const { uploadId } = await attach(jo, await plainJpeg());
    const before = uploadRows();
    expect(() => sqlite().prepare("update consent_uploads set sha256 = ? where id = ?").run("0".repeat(64), uploadId)).toThrow(/immutable/);
    expect(() => sqlite().prepare("delete from consent_uploads where id = ?").run(uploadId)).toThrow(/never deleted/);
    expect(uploadRows()).toEqual(before);
  });

  it("a file changed on disk does not open, and its download is not counted", async () => {
    const { uploadId } = await attach(jo, await plainJpeg());
    const file = path.join(data.dir, "uploads", uploadId);
    const bytes = fs.readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0x01, bytes.length - 1);
    fs.writeFileSync(file, bytes);
    const count = auditCount();
    expect(() => readConsentUpload({ ctx: jo, uploadId })).toThrow(/authenticate/);
    expect(auditCount()).toBe(count);
  });
});

describe("attachUpload refuses what is not an image, and leaves nothing behind", () => {
  const NOT_IMAGES: [string, () => Promise<Buffer> | Buffer][] = [
    ["a PDF", () => Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")],
    ["plain text", () => Buffer.from("signature.jpg\nThis is not an image, although its name says so.\n")],
    [
      "a JPEG marker followed by text",
      () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("JFIF but nothing else follows")]),
    ],
    [
      "an SVG (an image, but not an allowed one)",
      () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'),
    ],
    [
      "a GIF",
      () =>
        sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } })
          .gif()
          .toBuffer(),
    ],
    ["an empty file", () => Buffer.alloc(0)],
  ];

  it.each(NOT_IMAGES)("%s → ValidationError on the file field", async (_name, make) => {
    const bytes = await make();
    const err = await refusedWithoutTrace(() => attach(jo, bytes), ValidationError);
    expect(err.fieldErrors.file).toEqual(expect.any(String));
    expect(uploadFiles(data.dir)).toEqual([]);
  });

  it("a file over 8 MB is refused even when it starts as a valid JPEG", async () => {
    const jpeg = await plainJpeg();
    const big = Buffer.concat([jpeg, Buffer.alloc(8 * MB + 1 - jpeg.length)]);
    expect(big.length).toBe(8 * MB + 1);
    // sharp alone would accept it (trailing bytes after the image): the size rule is what refuses it.
    expect((await sharp(big).metadata()).format).toBe("jpeg");
    const err = await refusedWithoutTrace(() => attach(jo, big), ValidationError);
    expect(err.fieldErrors.file).toMatch(/8 MB/);
    expect(uploadFiles(data.dir)).toEqual([]);
  });

  // Regression (found in review, fixed; was lib/uploads/strip-image.ts:42, surfacing through lib/consent/attach-upload.ts:34-40): the re-encode runs
  // outside the try/catch that turns decoder errors into UnsupportedUpload, so an image whose header is fine but
  // whose body is cut off escapes as a plain Error ("VipsJpeg: premature end of JPEG image"); the form then shows
  // "Something went wrong on the server" instead of a field error. Nothing is left behind either way.
  it("a truncated JPEG (valid header, body cut off) is a ValidationError, not a server error", async () => {
    const jpeg = await plainJpeg(256, 256);
    const cut = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
    expect((await sharp(cut).metadata()).format).toBe("jpeg");
    const err = await refusedWithoutTrace(() => attach(jo, cut), ValidationError);
    expect(err.fieldErrors.file).toEqual(expect.any(String));
  });

  it("a failed audit entry leaves neither row nor file", async () => {
    const bytes = await jpegWithGps();
    const restore = forceAuditInsertFailure();
    try {
      const before = consentSnapshot(data.dir);
      await expect(attach(jo, bytes)).rejects.toThrow(/forced/);
      expect(consentSnapshot(data.dir)).toEqual(before);
      expect(uploadFiles(data.dir)).toEqual([]);
    } finally {
      restore();
    }
    await attach(jo, bytes);
    expect(uploadRows()).toHaveLength(1);
    expect(uploadFiles(data.dir)).toHaveLength(1);
  });
});

describe("upload access follows the interview", () => {
  let uploadId: string;
  let jpeg: Buffer;
  beforeEach(async () => {
    jpeg = await plainJpeg();
    uploadId = (await attach(jo, jpeg)).uploadId;
  });

  it("another journalist of the desk, a journalist or editor of another desk: not found, nothing left behind", async () => {
    const seoulJo = n.ctx(await seedUser(n.admin.ctx, "journalist", { deskIds: [n.seoul] }));
    for (const who of [jay, seoulJo, seoulEd]) {
      await refusedWithoutTrace(() => attach(who, jpeg), NotFoundError);
      await refusedWithoutTrace(async () => readConsentUpload({ ctx: who, uploadId }), NotFoundError);
    }
    expect(uploadFiles(data.dir)).toEqual([uploadId]);
  });

  it("an anonymous context is unauthenticated", async () => {
    const anon = makeCtx(null, { now: n.clock.now });
    await refusedWithoutTrace(() => attach(anon, jpeg), UnauthenticatedError);
    await refusedWithoutTrace(async () => readConsentUpload({ ctx: anon, uploadId }), UnauthenticatedError);
  });

  it("a desk editor may download but not attach; a collaborator may attach", async () => {
    await refusedWithoutTrace(() => attach(ed, jpeg), ForbiddenError);
    expect(sha256(readConsentUpload({ ctx: ed, uploadId }).bytes)).toBe(uploadRows()[0]!.sha256);
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    const { uploadId: second } = await attach(jay, jpeg);
    expect(uploadRows().map((r) => [r.id, r.uploaded_by])).toEqual([
      [uploadId, n.jo.id],
      [second, n.jay.id],
    ]);
  });

  it("a record of another interview, an unknown record or an unknown upload is not found", async () => {
    const aspen = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Aspen" }));
    await refusedWithoutTrace(() => attach(jo, jpeg, { interviewId: aspen }), NotFoundError);
    await refusedWithoutTrace(() => attach(jo, jpeg, { recordId: "no-such-record" }), NotFoundError);
    await refusedWithoutTrace(async () => readConsentUpload({ ctx: jo, uploadId: "00000000-0000-4000-8000-000000000000" }), NotFoundError);
    await refusedWithoutTrace(async () => readConsentUpload({ ctx: jo, uploadId: "../secrets.json" }), NotFoundError);
  });

  it("an archived interview takes no new uploads, but its files can still be downloaded", async () => {
    archiveInterview({ ctx: jo, input: { interviewId: birch } });
    await refusedWithoutTrace(() => attach(jo, jpeg), ConflictError);
    expect(readConsentUpload({ ctx: jo, uploadId }).mime).toBe("image/jpeg");
  });

  it("a download whose audit entry fails returns nothing", async () => {
    const restore = forceAuditInsertFailure();
    try {
      const err = await refusedWithoutTrace(async () => readConsentUpload({ ctx: jo, uploadId }), Error);
      expect(err.message).toMatch(/forced/);
    } finally {
      restore();
    }
  });
});
