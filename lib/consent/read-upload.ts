import { eq } from "drizzle-orm";
import { consentRecords, consentUploads } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { openBytes } from "../crypto/seal";
import { ErasedError, NotFoundError } from "../errors";
import { loadInterviewForActor } from "../interviews/access";
import { readUpload } from "../uploads/storage";
import { uploadContext } from "./attach-upload";

/** Downloads an attached file for someone who can see its interview. Every download is audited. */
export function readConsentUpload({ ctx, uploadId }: { ctx: Ctx; uploadId: string }): { bytes: Buffer; mime: string; sha256: string } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const id = String(uploadId).slice(0, 64);
  return withTransaction((tx) => {
    const row = tx
      .select({ upload: consentUploads, interviewId: consentRecords.interviewId })
      .from(consentUploads)
      .innerJoin(consentRecords, eq(consentRecords.id, consentUploads.recordId))
      .where(eq(consentUploads.id, id))
      .get();
    if (!row) throw new NotFoundError("File not found.");
    const { interview } = loadInterviewForActor(tx, actor, row.interviewId, "read");
    if (interview.erasedAt !== null) throw new ErasedError();
    appendAuditEvent(tx, ctx, { action: "consent.upload_downloaded", targetId: interview.id, payload: { uploadId: row.upload.id } });
    return { bytes: openBytes(readUpload(row.upload.id), uploadContext(row.upload.id)), mime: row.upload.mime, sha256: row.upload.sha256 };
  });
}
