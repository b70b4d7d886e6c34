import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { currentMasterKey, dataKeyById, ErasedError, type DataKey } from "./data-keys";

/**
 * Encryption at rest for everything that may hold sensitive details (identifiers, notes, evidence, documents,
 * files): AES-256-GCM with a data key (lib/crypto/data-keys.ts: the interview's own key, or the instance key for
 * what belongs to no interview), a random 96-bit IV per value, and the owning record and field as associated
 * data, so a ciphertext copied to another row or field fails to open.
 *
 * Text: `v2:<data key id>:<base64 of IV ‖ tag ‖ ciphertext>`. Files: "SKE2" ‖ key id (36 bytes) ‖ IV ‖ tag ‖
 * ciphertext. Values written before data keys existed (`v1:`, and files without the header) were sealed with the
 * master key directly; they still open until `npm run cli -- keys migrate` (run by every start) re-seals them.
 */
const V1 = "v1";
const V2 = "v2";
/** Node accepts GCM tags as short as 4 bytes unless told the length: a truncated tag must not open. */
const TAG_BYTES = 16;
const FILE_MAGIC = Buffer.from("SKE2", "ascii");
const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEY_ID_BYTES = 36;

/** What a page or export shows instead of a value whose interview's source data was erased. */
export const ERASED_TEXT = "[erased]";

const aad = (keyId: string, context: string) => Buffer.from(`${keyId}\n${context}`, "utf8");

function encrypt(key: Buffer, additional: Buffer, plain: Uint8Array): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(additional);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function decrypt(key: Buffer, additional: Buffer, raw: Buffer): Buffer {
  if (raw.length < 12 + TAG_BYTES) throw new Error("Ciphertext too short");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12), { authTagLength: TAG_BYTES });
  decipher.setAAD(additional);
  decipher.setAuthTag(raw.subarray(12, 12 + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(12 + TAG_BYTES)), decipher.final()]);
}

export function seal(plaintext: string, context: string, key: DataKey): string {
  return `${V2}:${key.id}:${encrypt(key.key, aad(key.id, context), Buffer.from(plaintext, "utf8")).toString("base64")}`;
}

/** The id of the data key a sealed text value needs, or null for a value from before data keys (`v1:`). */
export function sealedKeyId(sealed: string): string | null {
  if (!sealed.startsWith(`${V2}:`)) return null;
  return sealed.slice(V2.length + 1, V2.length + 1 + KEY_ID_BYTES);
}

/**
 * Opens a sealed text value. A value whose data key was destroyed (its interview's source data erased) opens as
 * ERASED_TEXT, so every page and export keeps working and says so; a wrong context or a changed byte throws.
 */
export function open(sealed: string, context: string): string {
  const keyId = sealedKeyId(sealed);
  if (keyId !== null) {
    if (!KEY_ID.test(keyId) || sealed[V2.length + 1 + KEY_ID_BYTES] !== ":") throw new Error("Unknown ciphertext format");
    const key = dataKeyById(keyId);
    if (key === "destroyed") return ERASED_TEXT;
    if (!key) throw new Error("Unknown data key");
    const payload = Buffer.from(sealed.slice(V2.length + 2 + KEY_ID_BYTES), "base64");
    return decrypt(key.key, aad(keyId, context), payload).toString("utf8");
  }
  const [version, payload] = sealed.split(":", 2);
  if (version !== V1 || !payload) throw new Error("Unknown ciphertext format");
  return decrypt(currentMasterKey(), Buffer.from(context, "utf8"), Buffer.from(payload, "base64")).toString("utf8");
}

/** Empty text is stored as null, not as an encrypted empty string. */
export function sealOptional(plaintext: string | null | undefined, context: string, key: DataKey): string | null {
  return plaintext ? seal(plaintext, context, key) : null;
}

export function openOptional(sealed: string | null, context: string): string | null {
  return sealed ? open(sealed, context) : null;
}

/** The same scheme for binary content (uploaded files), with a header naming the data key. */
export function sealBytes(plain: Uint8Array, context: string, key: DataKey): Buffer {
  return Buffer.concat([FILE_MAGIC, Buffer.from(key.id, "ascii"), encrypt(key.key, aad(key.id, context), plain)]);
}

/** The data key id a sealed file names, or null for a file from before data keys. */
export function sealedFileKeyId(sealed: Uint8Array): string | null {
  const raw = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (raw.length < FILE_MAGIC.length + KEY_ID_BYTES || !raw.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)) return null;
  const keyId = raw.subarray(FILE_MAGIC.length, FILE_MAGIC.length + KEY_ID_BYTES).toString("latin1");
  return KEY_ID.test(keyId) ? keyId : null;
}

/** Opens a sealed file; throws ErasedError when its interview's source data was erased. */
export function openBytes(sealed: Uint8Array, context: string): Buffer {
  const raw = Buffer.from(sealed);
  const keyId = sealedFileKeyId(raw);
  // A file from before data keys starts with a random IV: it names no stored key (and then opens as before).
  const key = keyId ? dataKeyById(keyId) : null;
  if (key === "destroyed") throw new ErasedError();
  if (key && keyId) return decrypt(key.key, aad(keyId, context), raw.subarray(FILE_MAGIC.length + KEY_ID_BYTES));
  return decrypt(currentMasterKey(), Buffer.from(context, "utf8"), raw);
}
