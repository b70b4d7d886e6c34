import { exportAuditLog } from "@/lib/audit/export-audit";
import { fileStamp, streamResponse } from "../../_lib/stream-response";

/** Streams an audit export (ZIP) with the filters of the query string. */
export async function GET(request: Request): Promise<Response> {
  const input = Object.fromEntries(new URL(request.url).searchParams);
  return streamResponse((ctx, out) => exportAuditLog({ ctx, input, out }), {
    contentType: "application/zip",
    fileName: `sourcekeeper-audit-${fileStamp()}.zip`,
  });
}
