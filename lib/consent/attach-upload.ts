import { createHash, randomUUID } from "node:crypto";
import { consentUploads } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { sealBytes } from "../crypto/seal";
import { ValidationError } from "../errors";
import { loadInterviewForActor } from "../interviews/access";
import { stripImage, UnsupportedUpload } from "../uploads/strip-image";
import { removeUpload, writeUpload } from "../uploads/storage";
import { loadRecord } from "./internal";

export const uploadContext = (uploadId: string) => `upload:${uploadId}`;

/**
 * Attaches a signature scan to a consent record: checked by content, metadata stripped, encrypted, stored
 * outside the web root. If anything fails, nothing is left behind (no row, no file).
 */
export async function attachUpload({
  ctx,
  interviewId,
  recordId,
  bytes,
}: {
  ctx: Ctx;
  interviewId: string;
  recordId: string;
  bytes: Uint8Array;
}): Promise<{ uploadId: string; removed: string[] }> {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  let image;
  try {
    image = await stripImage(bytes);
  } catch (err) {
    if (err instanceof UnsupportedUpload) throw new ValidationError(err.message, { file: err.message });
    throw err;
  }
  const uploadId = randomUUID();
  const sha256 = createHash("sha256").update(image.bytes).digest("hex");
  writeUpload(uploadId, sealBytes(image.bytes, uploadContext(uploadId)));
  try {
    withTransaction((tx) => {
      const { interview } = loadInterviewForActor(tx, actor, String(interviewId).slice(0, 64), "edit");
      const record = loadRecord(tx, interview.id, String(recordId).slice(0, 64));
      tx.insert(consentUploads)
        .values({
          id: uploadId,
          recordId: record.id,
          mime: image.mime,
          size: image.bytes.byteLength,
          sha256,
          metadataRemoved: JSON.stringify(image.removed),
          uploadedBy: actor.id,
          uploadedAt: ctx.now(),
        })
        .run();
      appendAuditEvent(tx, ctx, {
        action: "consent.upload_attached",
        targetId: interview.id,
        payload: { recordId: record.id, uploadId, sha256, metadataRemoved: image.removed.length },
      });
    });
  } catch (err) {
    removeUpload(uploadId);
    throw err;
  }
  return { uploadId, removed: image.removed };
}
