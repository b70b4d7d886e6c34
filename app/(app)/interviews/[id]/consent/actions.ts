"use server";

import { runService } from "@/app/_components/run-service";
import { revalidatePath } from "next/cache";
import { uploadFields } from "@/lib/uploads/form-fields";
import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { requireActionContext } from "@/lib/auth/session";
import { approveOverride } from "@/lib/consent/approve-override";
import { attachUpload } from "@/lib/consent/attach-upload";
import { reconfirmConsent } from "@/lib/consent/reconfirm-consent";
import { recordConsent } from "@/lib/consent/record-consent";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { withdrawConsent } from "@/lib/consent/withdraw-consent";

export async function recordConsentAction(input: unknown) {
  return runService(recordConsent, input);
}
export async function reconfirmConsentAction(input: unknown) {
  return runService(reconfirmConsent, input);
}
export async function withdrawConsentAction(input: unknown) {
  return runService(withdrawConsent, input);
}
export async function revokeConsentAction(input: unknown) {
  return runService(revokeConsent, input);
}
export async function approveOverrideAction(input: unknown) {
  return runService(approveOverride, input);
}

/** Signature scans arrive as FormData: file, interviewId, recordId. */
export async function attachUploadAction(formData: unknown): Promise<ActionResult<{ removed: string[] }>> {
  try {
    const ctx = await requireActionContext();
    const { file, fields } = uploadFields(formData, ["interviewId", "recordId"], { message: "Choose an image file.", file: "Choose an image file." });
    const result = await attachUpload({ ctx, ...fields, bytes: new Uint8Array(await file.arrayBuffer()) });
    revalidatePath("/interviews", "layout");
    return ok({ removed: result.removed });
  } catch (err) {
    return toActionResult(err);
  }
}
