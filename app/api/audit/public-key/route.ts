import { fileResponse } from "@/app/api/_lib/file-response";
import { instanceKey } from "@/lib/audit/checkpoints";
import { assertCan } from "@/lib/auth/permissions";

/** The instance's audit public key (SPKI PEM), for verifying checkpoints and exports offline. */
export async function GET(): Promise<Response> {
  return fileResponse((ctx) => {
    assertCan(ctx.actor, "audit:read");
    const key = instanceKey();
    return { body: key.publicKey, contentType: "application/x-pem-file", fileName: `sourcekeeper-audit-${key.keyId.slice(0, 8)}.pem` };
  });
}
