"use server";

import { runService } from "@/app/_components/run-service";
import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { requireActionContext } from "@/lib/auth/session";
import { consentExportProgress, prepareConsentExport } from "@/lib/exports/export-consent";
import { issueConsentReceipt } from "@/lib/exports/issue-receipt";
import type { TicketProgress } from "@/lib/exports/tickets";

export async function prepareConsentExportAction(input: unknown) {
  return runService(prepareConsentExport, input, []);
}

/** The progress of one's own prepared export; anything but a ticket id string is simply not found. */
export async function consentExportProgressAction(ticketId: unknown): Promise<ActionResult<TicketProgress>> {
  try {
    const ctx = await requireActionContext();
    return ok(consentExportProgress({ ctx, ticketId: typeof ticketId === "string" ? ticketId.slice(0, 64) : "" }));
  } catch (err) {
    return toActionResult(err);
  }
}

/** The receipt PDF travels back as base64; the browser saves it. The contact text is never stored. */
export async function issueReceiptAction(input: unknown): Promise<ActionResult<{ base64: string; fileName: string }>> {
  const result = await runService(issueConsentReceipt, input, []);
  return result.ok ? ok({ base64: result.data.pdf.toString("base64"), fileName: result.data.fileName }) : result;
}
