import { createHmac } from "node:crypto";
import { getSecrets } from "../secrets";

/**
 * Keyed hash (HMAC-SHA-256 with a key derived from the instance secret) for values the audit log and the
 * throttling table must match on but must not reveal: an attempted e-mail address, a client address — and for
 * references only the instance can link back (a source's receipt reference to its consent record), and MFA recovery
 * codes (50 random bits each: the key, not a slow hash, is what keeps a stolen table from being brute-forced).
 */
export function keyedHash(purpose: "email" | "ip" | "receipt" | "mfa_recovery", value: string): string {
  return createHmac("sha256", getSecrets().authSecret).update(`${purpose}:${value}`).digest("hex");
}
