import { createHash, randomUUID } from "node:crypto";
import { consentUploads } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { sealBytes } from "../crypto/seal";
import { interviewDataKey } from "@/lib/crypto/data-keys";
import { loadInterviewForActor } from "../interviews/access";
import { stripImageForUpload } from "../uploads/strip-image";
import { writeUploadThen } from "../uploads/storage";
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
  const ids = { interviewId: String(interviewId).slice(0, 64), recordId: String(recordId).slice(0, 64) };
  // Authorize before decoding the file: a stranger learns nothing, not even whether it would be accepted.
  withTransaction((tx) => loadRecord(tx, loadInterviewForActor(tx, actor, ids.interviewId, "edit").interview.id, ids.recordId));
  const image = await stripImageForUpload(bytes);
  const uploadId = randomUUID();
  const sha256 = createHash("sha256").update(image.bytes).digest("hex");
  writeUploadThen(uploadId, sealBytes(image.bytes, uploadContext(uploadId), interviewDataKey(ids.interviewId, ctx.now())), () =>
    withTransaction((tx) => {
      const { interview } = loadInterviewForActor(tx, actor, ids.interviewId, "edit");
      const record = loadRecord(tx, interview.id, ids.recordId);
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
    }),
  );
  return { uploadId, removed: image.removed };
}
