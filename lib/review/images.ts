import { createHash, randomUUID } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import sharp from "sharp";
import { getDb } from "@/db/client";
import { interviewImages, users } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { open, openBytes, seal, sealBytes } from "../crypto/seal";
import { interviewDataKey } from "@/lib/crypto/data-keys";
import { ErasedError, NotFoundError, ValidationError } from "../errors";
import { loadInterviewForActor } from "../interviews/access";
import { readUpload, writeUploadThen } from "../uploads/storage";
import { stripImageForUpload } from "../uploads/strip-image";

export const imageContext = (imageId: string) => `image:${imageId}`;
export const captionContext = (imageId: string) => `image:${imageId}:caption`;

export interface ImageSummary {
  id: string;
  caption: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  sha256: string;
  metadataRemoved: string[];
  uploadedBy: string;
  uploadedAt: number;
}

/**
 * Attaches an image for publication review. Checked by content, turned upright, re-encoded without EXIF/GPS,
 * XMP or IPTC metadata, encrypted and stored outside the web root. The result says what was removed, so the
 * journalist knows (for example) that the photo carried a GPS position. Faces are not checked: that is by eye.
 */
export async function attachImage({
  ctx,
  interviewId,
  caption,
  bytes,
}: {
  ctx: Ctx;
  interviewId: string;
  caption: string;
  bytes: Uint8Array;
}): Promise<{ imageId: string; removed: string[] }> {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const id = String(interviewId).slice(0, 64);
  const text = String(caption ?? "").trim();
  if (text.length < 3 || text.length > 300) {
    const message = "Describe the image in 3–300 characters (what it shows, not who).";
    throw new ValidationError(message, { caption: message });
  }
  // Authorize before touching the file.
  withTransaction((tx) => loadInterviewForActor(tx, actor, id, "edit"));
  const image = await stripImageForUpload(bytes);
  const meta = await sharp(image.bytes).metadata();
  const imageId = randomUUID();
  const sha256 = createHash("sha256").update(image.bytes).digest("hex");
  writeUploadThen(imageId, sealBytes(image.bytes, imageContext(imageId), interviewDataKey(id, ctx.now())), () =>
    withTransaction((tx) => {
      const { interview } = loadInterviewForActor(tx, actor, id, "edit");
      tx.insert(interviewImages)
        .values({
          id: imageId,
          interviewId: interview.id,
          captionSealed: seal(text, captionContext(imageId), interviewDataKey(id, ctx.now())),
          mime: image.mime,
          size: image.bytes.byteLength,
          width: meta.width ?? null,
          height: meta.height ?? null,
          sha256,
          metadataRemoved: JSON.stringify(image.removed),
          uploadedBy: actor.id,
          uploadedAt: ctx.now(),
        })
        .run();
      appendAuditEvent(tx, ctx, {
        action: "image.attached",
        targetId: interview.id,
        payload: { imageId, sha256, metadataRemoved: image.removed },
      });
    }),
  );
  return { imageId, removed: image.removed };
}

export function listImages({ ctx, interviewId }: { ctx: Ctx; interviewId: string }): ImageSummary[] {
  assertCan(ctx.actor, "interview:work");
  const db = getDb();
  const { interview } = loadInterviewForActor(db, ctx.actor, String(interviewId).slice(0, 64), "read");
  return db
    .select({ image: interviewImages, uploader: users.name })
    .from(interviewImages)
    .innerJoin(users, eq(users.id, interviewImages.uploadedBy))
    .where(eq(interviewImages.interviewId, interview.id))
    .orderBy(desc(interviewImages.uploadedAt))
    .all()
    .map(({ image: i, uploader }) => ({
      id: i.id,
      caption: open(i.captionSealed, captionContext(i.id)),
      mime: i.mime,
      size: i.size,
      width: i.width,
      height: i.height,
      sha256: i.sha256,
      metadataRemoved: JSON.parse(i.metadataRemoved) as string[],
      uploadedBy: uploader,
      uploadedAt: i.uploadedAt,
    }));
}

/** The stored (metadata-free) image for someone who can see the interview. Every download is audited. */
export function readImage({ ctx, imageId }: { ctx: Ctx; imageId: string }): { bytes: Buffer; mime: string; sha256: string } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  return withTransaction((tx) => {
    const row = tx
      .select()
      .from(interviewImages)
      .where(eq(interviewImages.id, String(imageId).slice(0, 64)))
      .get();
    if (!row) throw new NotFoundError("Image not found.");
    const { interview } = loadInterviewForActor(tx, actor, row.interviewId, "read");
    if (interview.erasedAt !== null) throw new ErasedError();
    appendAuditEvent(tx, ctx, { action: "image.downloaded", targetId: interview.id, payload: { imageId: row.id } });
    return { bytes: openBytes(readUpload(row.id), imageContext(row.id)), mime: row.mime, sha256: row.sha256 };
  });
}
