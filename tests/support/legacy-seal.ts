import { createCipheriv, randomBytes } from "node:crypto";
import { getSecrets } from "@/lib/secrets";

/**
 * The format before per-interview data keys (`v1:`: AES-256-GCM with the master key itself, context as associated
 * data; files: IV ‖ tag ‖ ciphertext). The app no longer writes it; tests make such values to prove they still
 * open and that `keys migrate` moves them under data keys.
 */
function encrypt(plain: Uint8Array, context: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(getSecrets().dataKey, "base64"), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export const sealLegacy = (plaintext: string, context: string): string => `v1:${encrypt(Buffer.from(plaintext, "utf8"), context).toString("base64")}`;
export const sealLegacyBytes = (plain: Uint8Array, context: string): Buffer => encrypt(plain, context);
