import QRCode from "qrcode";
import { assertCan } from "../auth/permissions";
import { generateTotpSecret, groupSecret, totpUri } from "../auth/totp";
import type { Ctx } from "../context";
import { seal } from "../crypto/seal";
import { instanceDataKey } from "@/lib/crypto/data-keys";

/** How long an enrolment page stays valid: the user scans the code and types the first code within this time. */
export const ENROLMENT_TTL_MS = 30 * 60 * 1000;

export const pendingEnrolmentContext = (userId: string) => `mfa_pending:${userId}`;

export interface MfaEnrolment {
  /** Sealed secret and issue time, bound to the user: handed back by the confirmation form, opaque to the browser. */
  pending: string;
  /** The secret in groups of four, for typing into an app by hand. */
  secretGroups: string;
  /** The otpauth:// URI as a QR code: an SVG data URL, rendered here (no external QR service sees the secret). */
  qrDataUrl: string;
}

/**
 * Starts enrolment: a fresh secret that is stored nowhere until the user proves, with a current code, that their
 * app holds it (enrol-mfa.ts). Nothing is written, so nothing is audited here.
 */
export async function startMfaEnrolment({ ctx, accountLabel }: { ctx: Ctx; accountLabel: string }): Promise<MfaEnrolment> {
  assertCan(ctx.actor, "account:manage_mfa");
  const secret = generateTotpSecret();
  const uri = totpUri(secret, accountLabel);
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    pending: seal(JSON.stringify({ s: secret, t: ctx.now() }), pendingEnrolmentContext(ctx.actor.id), instanceDataKey(ctx.now())),
    secretGroups: groupSecret(secret),
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`,
  };
}
