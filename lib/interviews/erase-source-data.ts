import { and, eq, isNull } from "drizzle-orm";
import { getConnection, getDb, truncateWal } from "@/db/client";
import { dataKeys, interviews } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { confirmPassword } from "../auth/confirm-password";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { forgetDataKey } from "../crypto/data-keys";
import { migrateToDataKeys } from "../crypto/migrate-values";
import { SEALED_COLUMNS, SEALED_FILES } from "../crypto/sealed-columns";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { removeUpload } from "../uploads/storage";
import { parseInput } from "../validation";
import { loadInterviewForActor, type InterviewRow } from "./access";
import { eraseSourceDataSchema } from "./schema";

/** Only an editor or administrator of the interview's desk erases; anyone else is told "not found". */
function loadForErasure(actor: NonNullable<Ctx["actor"]>, interviewId: string, tx = getDb()): InterviewRow {
  const { interview } = loadInterviewForActor(tx, actor, interviewId, "read");
  if (!actor.deskIds.includes(interview.deskId)) throw new NotFoundError("Interview not found.");
  return interview;
}

/** What an erasure covers, counted (never read): the sealed values and the files of the interview. */
export function erasureScope(interviewId: string): { sealedValues: number; files: number; fileIds: string[] } {
  const { sqlite } = getConnection();
  let sealedValues = 0;
  for (const c of SEALED_COLUMNS) {
    sealedValues += (sqlite.prepare(`SELECT count(*) AS n FROM (${c.select}) WHERE value IS NOT NULL AND interview_id = ?`).get(interviewId) as { n: number }).n;
  }
  const fileIds = SEALED_FILES.flatMap((t) => (sqlite.prepare(`SELECT id FROM (${t.select}) WHERE interview_id = ?`).all(interviewId) as { id: string }[]).map((r) => r.id));
  return { sealedValues, files: fileIds.length, fileIds };
}

/**
 * Erases an interview's source data on request, by crypto-shredding: its data key is destroyed (the wrapped key
 * overwritten in the same transaction as the audited `interview.source_data_erased` entry), so every sealed value
 * and file of the interview, wherever a copy lies, can no longer be opened. The interview is archived; its rows
 * stay (the audit log refers to them) and every page and export shows "erased" in place of their content. Then
 * the files are deleted and the write-ahead log truncated (secure_delete zeroes the old key in the database file).
 *
 * Editors and administrators of the interview's desk, with their password, the interview's code name typed out
 * and a reason. Values still sealed with the master key (from before data keys) are first moved under the
 * interview's key, so the erasure covers them too.
 */
export async function eraseSourceData({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ sealedValues: number; files: number; walTruncated: boolean }> {
  assertCan(ctx.actor, "interview:erase");
  const actor = ctx.actor;
  const data = parseInput(eraseSourceDataSchema, input);
  const before = loadForErasure(actor, data.interviewId);
  if (before.erasedAt !== null) throw new ConflictError("This interview's source data was already erased.");
  if (data.confirmCodeName !== before.codeName) {
    throw new ValidationError("The code name does not match.", { confirmCodeName: "Type the interview's code name exactly as shown." });
  }
  await confirmPassword(ctx, data.password, "erasure");
  migrateToDataKeys(ctx, { interviewId: before.id });
  const { keyId, scope } = withTransaction((tx) => {
    const interview = loadForErasure(actor, data.interviewId, tx);
    if (interview.erasedAt !== null) throw new ConflictError("This interview's source data was already erased.");
    const key = tx.select({ id: dataKeys.id }).from(dataKeys).where(and(eq(dataKeys.interviewId, interview.id), isNull(dataKeys.destroyedAt))).get();
    if (!key) throw new Error("The interview has no data key to destroy");
    const scope = erasureScope(interview.id);
    const now = ctx.now();
    tx.update(dataKeys).set({ wrappedKey: null, destroyedAt: now }).where(eq(dataKeys.id, key.id)).run();
    tx.update(interviews)
      .set({ erasedAt: now, erasedBy: actor.id, erasureReason: data.reason, archivedAt: interview.archivedAt ?? now, updatedAt: now })
      .where(eq(interviews.id, interview.id))
      .run();
    appendAuditEvent(tx, ctx, {
      action: "interview.source_data_erased",
      targetId: interview.id,
      payload: { reason: data.reason, dataKeyId: key.id, sealedValues: scope.sealedValues, files: scope.files },
    });
    return { keyId: key.id, scope };
  });
  forgetDataKey(keyId);
  for (const id of scope.fileIds) removeUpload(id);
  return { sealedValues: scope.sealedValues, files: scope.files, walTruncated: truncateWal() };
}
