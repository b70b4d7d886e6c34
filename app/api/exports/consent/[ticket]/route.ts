import { startConsentExport } from "@/lib/exports/export-consent";
import { fileStamp, streamResponse } from "../../../_lib/stream-response";

/**
 * Downloads a prepared consent export (the form prepared it and answered any refusal); the page polls its
 * progress meanwhile. The ticket is the signed-in user's own and works once.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ ticket: string }> }): Promise<Response> {
  const { ticket } = await params;
  return streamResponse((ctx, out) => startConsentExport({ ctx, ticketId: ticket, out }), {
    contentType: "application/zip",
    fileName: `sourcekeeper-consent-${fileStamp()}.zip`,
  });
}
