import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getSecrets } from "../secrets";

/**
 * Encryption at rest for free text that may hold sensitive details (notes, evidence, reasons): AES-256-GCM with
 * the instance data key, a random 96-bit IV per value, and the owning record and field as associated data, so a
 * ciphertext copied to another row or field fails to open.
 */
const VERSION = "v1";
/** Node accepts GCM tags as short as 4 bytes unless told the length: a truncated tag must not open. */
const TAG_BYTES = 16;

function key(): Buffer {
  const k = Buffer.from(getSecrets().dataKey, "base64");
  if (k.length !== 32) throw new Error("The data key must be 32 bytes (base64-encoded)");
  return k;
}

export function seal(plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

export function open(sealed: string, context: string): string {
  const [version, payload] = sealed.split(":", 2);
  if (version !== VERSION || !payload) throw new Error("Unknown ciphertext format");
  const raw = Buffer.from(payload, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

/** Empty text is stored as null, not as an encrypted empty string. */
export function sealOptional(plaintext: string | null | undefined, context: string): string | null {
  return plaintext ? seal(plaintext, context) : null;
}

export function openOptional(sealed: string | null, context: string): string | null {
  return sealed ? open(sealed, context) : null;
}

/** The same scheme for binary content (uploaded files): IV ‖ tag ‖ ciphertext, with the owner as associated data. */
export function sealBytes(plain: Uint8Array, context: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function openBytes(sealed: Uint8Array, context: string): Buffer {
  const raw = Buffer.from(sealed);
  const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}
