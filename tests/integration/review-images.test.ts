import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { databaseFile } from "@/lib/env";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { archiveInterview } from "@/lib/interviews/archive-interview";
import { addCollaborator } from "@/lib/interviews/collaborators";
import { attachImage, listImages, readImage } from "@/lib/review/images";
import { rejectsWithoutChangeTo } from "../support/assertions";
import { EXIF_CANARY, HOUR, jpegWithGps, plainJpeg, pngWithXmp, tableText, uploadFiles, XMP_CANARY } from "../support/consent-fixtures";
import { reviewSnapshot } from "../support/review-fixtures";
import { interviewInput, makeCtx, seedInterview, seedNewsroom, seedUser, type Newsroom } from "../support/seed";
import { auditCount, auditSince, forceAuditInsertFailure, registerTestDb, sqlite } from "../support/test-db";

const data = registerTestDb("each");

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Expects the promise to reject with `type`, and checks that no review row, audit entry or upload file appeared. */
const refusedWithoutTrace = <E>(run: () => Promise<unknown>, type: new (...args: never[]) => E): Promise<E> =>
  rejectsWithoutChangeTo(() => reviewSnapshot(data.dir), run, type);

interface ImageRow {
  id: string;
  interview_id: string;
  caption_sealed: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  sha256: string;
  metadata_removed: string;
  uploaded_by: string;
  uploaded_at: number;
}
const imageRows = () => sqlite().prepare("select * from interview_images order by rowid").all() as ImageRow[];

let n: Newsroom;
let jo: Ctx;
let jay: Ctx;
let ed: Ctx;
let seoulEd: Ctx;
let birch: string;

beforeEach(async () => {
  n = await seedNewsroom();
  ({ jo, jay, ed, seoulEd } = n.ctxs);
  birch = seedInterview(jo, interviewInput(n.kyiv));
  n.clock.advance(HOUR);
});

const CAPTION = "The fence of the camp at dawn";
const attach = (ctx: Ctx, bytes: Uint8Array, options: { interviewId?: string; caption?: string } = {}) =>
  attachImage({ ctx, interviewId: options.interviewId ?? birch, caption: options.caption ?? CAPTION, bytes });

describe("attachImage: metadata stripped, encrypted, audited", () => {
  it("a JPEG with a GPS position is stored without any EXIF, and says that it carried a GPS position", async () => {
    const original = await jpegWithGps();
    const caption = "ZQXCANARYCAPTIONQZX the fence at dawn";
    const before = auditCount();
    const { imageId, removed } = await attach(jo, original, { caption });
    expect(removed).toEqual(expect.arrayContaining(["GPS position", "EXIF (camera details, times)"]));

    const rows = imageRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: imageId,
      interview_id: birch,
      mime: "image/jpeg",
      width: 64,
      height: 48,
      uploaded_by: n.jo.id,
      uploaded_at: n.clock.now(),
    });
    expect(JSON.parse(rows[0]!.metadata_removed)).toEqual(removed);
    expect(rows[0]!.caption_sealed).toMatch(/^v2:[0-9a-f-]{36}:/);

    const attached = auditSince(before);
    expect(attached).toHaveLength(1);
    expect(attached[0]).toMatchObject({ action: "image.attached", targetType: "image", targetId: birch, actorId: n.jo.id });
    expect(attached[0]!.data).toEqual({ imageId, sha256: rows[0]!.sha256, metadataRemoved: removed });

    // On disk: only ciphertext, named by id, outside the database.
    expect(uploadFiles(data.dir)).toEqual([imageId]);
    const stored = fs.readFileSync(path.join(data.dir, "uploads", imageId));
    expect(stored.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    expect(stored.includes(EXIF_CANARY)).toBe(false);
    await expect(sharp(stored).metadata()).rejects.toThrow();

    const count2 = auditCount();
    const read = readImage({ ctx: ed, imageId });
    expect(read.mime).toBe("image/jpeg");
    expect(read.sha256).toBe(rows[0]!.sha256);
    expect(sha256(read.bytes)).toBe(rows[0]!.sha256);
    expect(read.bytes.length).toBe(rows[0]!.size);
    const meta = await sharp(read.bytes).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 64, height: 48 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(read.bytes.includes(EXIF_CANARY)).toBe(false);
    expect(read.bytes.includes("CanaryCam")).toBe(false);
    for (const at of [0, 128, read.bytes.length - 64]) expect(stored.includes(read.bytes.subarray(at, at + 64))).toBe(false);

    const downloaded = auditSince(count2);
    expect(downloaded).toHaveLength(1);
    expect(downloaded[0]).toMatchObject({ action: "image.downloaded", targetType: "image", targetId: birch, actorId: n.ed.id });
    expect(downloaded[0]!.data).toEqual({ imageId });

    // The caption and camera details reach neither the audit log nor the database file in clear.
    for (const table of ["audit_events", "interview_images"]) {
      expect(tableText(table)).not.toContain("ZQXCANARYCAPTIONQZX");
      expect(tableText(table)).not.toContain(EXIF_CANARY);
    }
    sqlite().pragma("wal_checkpoint(TRUNCATE)");
    const dbBytes = fs.readFileSync(databaseFile());
    expect(dbBytes.includes("ZQXCANARYCAPTIONQZX")).toBe(false);
    expect(dbBytes.includes(EXIF_CANARY)).toBe(false);

    // Listed (without audit) with its caption and what was removed.
    const count3 = auditCount();
    expect(listImages({ ctx: ed, interviewId: birch })).toEqual([
      {
        id: imageId,
        caption,
        mime: "image/jpeg",
        size: rows[0]!.size,
        width: 64,
        height: 48,
        sha256: rows[0]!.sha256,
        metadataRemoved: removed,
        uploadedBy: "Jo Journalist",
        uploadedAt: n.clock.now(),
      },
    ]);
    expect(auditCount()).toBe(count3);
  });

  it("a PNG loses its XMP packet; a plain JPEG reports nothing removed", async () => {
    const png = await attach(jo, await pngWithXmp());
    expect(png.removed).toContain("XMP");
    const read = readImage({ ctx: jo, imageId: png.imageId });
    expect(read.mime).toBe("image/png");
    expect((await sharp(read.bytes).metadata()).xmp).toBeUndefined();
    expect(read.bytes.includes(XMP_CANARY)).toBe(false);

    const plain = await attach(jo, await plainJpeg());
    expect(plain.removed).not.toContain("GPS position");
    expect(plain.removed).not.toContain("EXIF (camera details, times)");
  });

  it("stored images cannot be changed or deleted in the database", async () => {
    const { imageId } = await attach(jo, await plainJpeg());
    const before = imageRows();
    expect(() => sqlite().prepare("update interview_images set sha256 = ? where id = ?").run("0".repeat(64), imageId)).toThrow(/immutable/);
    expect(() => sqlite().prepare("delete from interview_images where id = ?").run(imageId)).toThrow(/immutable/);
    expect(imageRows()).toEqual(before);
  });
});

describe("attachImage refuses what is not an image, and leaves nothing behind", () => {
  const NOT_IMAGES: [string, () => Promise<Buffer> | Buffer][] = [
    ["a PDF", () => Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")],
    ["text bytes named like a photo", () => Buffer.from("photo.jpg\nThis is not an image, although its name says so.\n")],
    [
      "a JPEG marker followed by text",
      () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("JFIF but nothing else follows")]),
    ],
    ["an SVG", () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')],
    [
      "a GIF",
      () =>
        sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } })
          .gif()
          .toBuffer(),
    ],
    ["an empty file", () => Buffer.alloc(0)],
    [
      "a truncated JPEG",
      async () => {
        const jpeg = await plainJpeg(256, 256);
        return jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
      },
    ],
  ];

  it.each(NOT_IMAGES)("%s → ValidationError on the file field", async (_name, make) => {
    const bytes = await make();
    const err = await refusedWithoutTrace(() => attach(jo, bytes), ValidationError);
    expect(err.fieldErrors.file).toEqual(expect.any(String));
    expect(imageRows()).toEqual([]);
    expect(uploadFiles(data.dir)).toEqual([]);
  });

  it("a caption that is missing, too short or too long is refused before the file is read", async () => {
    const jpeg = await plainJpeg();
    for (const caption of ["", "  ab  ", "x".repeat(301)]) {
      const err = await refusedWithoutTrace(() => attach(jo, jpeg, { caption }), ValidationError);
      expect(Object.keys(err.fieldErrors)).toEqual(["caption"]);
    }
    // The caption is checked first: a bad caption on a non-image is about the caption.
    const err = await refusedWithoutTrace(() => attach(jo, Buffer.from("not an image"), { caption: "" }), ValidationError);
    expect(Object.keys(err.fieldErrors)).toEqual(["caption"]);
    expect((await attach(jo, jpeg, { caption: "x".repeat(300) })).imageId).toEqual(expect.any(String));
  });

  it("a failed audit entry leaves neither row nor file", async () => {
    const bytes = await jpegWithGps();
    const restore = forceAuditInsertFailure();
    try {
      const err = await refusedWithoutTrace(() => attach(jo, bytes), Error);
      expect(err.message).toMatch(/forced/);
      expect(uploadFiles(data.dir)).toEqual([]);
    } finally {
      restore();
    }
    const { imageId } = await attach(jo, bytes);
    expect(uploadFiles(data.dir)).toEqual([imageId]);
  });
});

describe("image access follows the interview", () => {
  let imageId: string;
  let jpeg: Buffer;
  beforeEach(async () => {
    jpeg = await plainJpeg();
    imageId = (await attach(jo, jpeg)).imageId;
  });

  it("another journalist of the desk, a journalist or editor of another desk: not found", async () => {
    const seoulJo = n.ctx(await seedUser(n.admin.ctx, "journalist", { deskIds: [n.seoul] }));
    for (const who of [jay, seoulJo, seoulEd, n.admin.ctx]) {
      await refusedWithoutTrace(() => attach(who, jpeg), NotFoundError);
      await refusedWithoutTrace(async () => readImage({ ctx: who, imageId }), NotFoundError);
      await refusedWithoutTrace(async () => listImages({ ctx: who, interviewId: birch }), NotFoundError);
    }
  });

  it("an anonymous context is unauthenticated", async () => {
    const anon = makeCtx(null, { now: n.clock.now });
    await refusedWithoutTrace(() => attach(anon, jpeg), UnauthenticatedError);
    await refusedWithoutTrace(async () => readImage({ ctx: anon, imageId }), UnauthenticatedError);
    await refusedWithoutTrace(async () => listImages({ ctx: anon, interviewId: birch }), UnauthenticatedError);
  });

  it("a desk editor may download and list but not attach; a collaborator may attach", async () => {
    await refusedWithoutTrace(() => attach(ed, jpeg), ForbiddenError);
    expect(sha256(readImage({ ctx: ed, imageId }).bytes)).toBe(imageRows()[0]!.sha256);
    expect(listImages({ ctx: ed, interviewId: birch }).map((i) => i.id)).toEqual([imageId]);
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    n.clock.advance(1000);
    const { imageId: second } = await attach(jay, jpeg);
    expect(imageRows().map((r) => [r.id, r.uploaded_by])).toEqual([
      [imageId, n.jo.id],
      [second, n.jay.id],
    ]);
    expect(listImages({ ctx: jo, interviewId: birch }).map((i) => [i.id, i.uploadedBy])).toEqual([
      [second, "Jay Journalist"],
      [imageId, "Jo Journalist"],
    ]);
  });

  it("an image of another interview is listed only there; unknown ids are not found", async () => {
    const aspen = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Aspen" }));
    expect(listImages({ ctx: jo, interviewId: aspen })).toEqual([]);
    await refusedWithoutTrace(async () => readImage({ ctx: jo, imageId: "00000000-0000-4000-8000-000000000000" }), NotFoundError);
    await refusedWithoutTrace(async () => readImage({ ctx: jo, imageId: "../secrets.json" }), NotFoundError);
    await refusedWithoutTrace(() => attach(jo, jpeg, { interviewId: "no-such-interview" }), NotFoundError);
  });

  it("an archived interview takes no new images, but its images can still be downloaded", async () => {
    archiveInterview({ ctx: jo, input: { interviewId: birch } });
    await refusedWithoutTrace(() => attach(jo, jpeg), ConflictError);
    expect(readImage({ ctx: jo, imageId }).mime).toBe("image/jpeg");
  });

  it("a download whose audit entry fails returns nothing", async () => {
    const restore = forceAuditInsertFailure();
    try {
      const err = await refusedWithoutTrace(async () => readImage({ ctx: jo, imageId }), Error);
      expect(err.message).toMatch(/forced/);
    } finally {
      restore();
    }
  });
});
