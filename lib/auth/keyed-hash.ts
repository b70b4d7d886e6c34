import { createHmac } from "node:crypto";
import { getSecrets } from "../secrets";

/**
 * Keyed hash (HMAC-SHA-256 with a key derived from the instance secret) for values the audit log and the
 * throttling table must match on but must not reveal: an attempted e-mail address, a client address — and for
 * references only the instance can link back (a source's receipt reference to its consent record).
 */
export function keyedHash(purpose: "email" | "ip" | "receipt", value: string): string {
  return createHmac("sha256", getSecrets().authSecret).update(`${purpose}:${value}`).digest("hex");
}
