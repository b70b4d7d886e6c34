"use server";

import { revalidatePath } from "next/cache";
import { uploadFields } from "@/lib/uploads/form-fields";
import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { runService } from "@/app/_components/run-service";
import { requireActionContext } from "@/lib/auth/session";
import { justifyPriorExposure, reviewImage } from "@/lib/publication/editor-checks";
import { approveKeptFinding, decideFinding } from "@/lib/review/decide";
import { addDocumentVersion, addPastedDocument, addUploadedDocument } from "@/lib/review/documents";
import { attachImage } from "@/lib/review/images";
import { produceRedactedVersion } from "@/lib/review/redact";
import { scanDocument } from "@/lib/review/scan";
import { saveVault } from "@/lib/review/vault";

export async function saveVaultAction(input: unknown) {
  return runService(saveVault, input);
}
export async function addPastedDocumentAction(input: unknown) {
  return runService(addPastedDocument, input);
}
export async function addVersionAction(input: unknown) {
  return runService(addDocumentVersion, input);
}
export async function scanDocumentAction(input: unknown) {
  return runService(scanDocument, input);
}
export async function decideFindingAction(input: unknown) {
  return runService(decideFinding, input);
}
export async function approveKeptFindingAction(input: unknown) {
  return runService(approveKeptFinding, input);
}
export async function produceRedactedAction(input: unknown) {
  return runService(produceRedactedVersion, input);
}

/** An uploaded .txt, .md or .docx: FormData with file, interviewId, title, kind. */
export async function uploadDocumentAction(
  formData: unknown,
): Promise<ActionResult<{ documentId: string; findings: number; warnings: string[] }>> {
  try {
    const ctx = await requireActionContext();
    const { file, fields } = uploadFields(formData, ["interviewId", "title", "kind"], { message: "Choose a file.", file: "Choose a .txt, .md or .docx file." });
    const result = await addUploadedDocument({ ctx, ...fields, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    revalidatePath("/interviews", "layout");
    return ok(result);
  } catch (err) {
    return toActionResult(err);
  }
}

/** An image for publication review: FormData with file, interviewId, caption. */
export async function attachImageAction(formData: unknown): Promise<ActionResult<{ removed: string[] }>> {
  try {
    const ctx = await requireActionContext();
    const { file, fields } = uploadFields(formData, ["interviewId", "caption"], { message: "Choose an image.", file: "Choose a JPEG, PNG or WebP image." });
    const result = await attachImage({ ctx, ...fields, bytes: new Uint8Array(await file.arrayBuffer()) });
    revalidatePath("/interviews", "layout");
    return ok({ removed: result.removed });
  } catch (err) {
    return toActionResult(err);
  }
}
export async function reviewImageAction(input: unknown) {
  return runService(reviewImage, input);
}
export async function justifyPriorExposureAction(input: unknown) {
  return runService(justifyPriorExposure, input);
}
