import { randomInt } from "node:crypto";

/**
 * One-time recovery codes: ten per enrolment, each ten characters from an alphabet without look-alikes
 * (no 0/o, 1/l/i), shown as "xxxxx-xxxxx". About 50 random bits each. Stored as keyed hashes (see mfa-store.ts).
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const LENGTH = 10;

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Case, spaces and dashes do not matter; anything outside the alphabet means "not a recovery code". */
export function normaliseRecoveryCode(input: string): string | null {
  const plain = input.toLowerCase().replace(/[\s-]+/g, "");
  if (plain.length !== LENGTH) return null;
  for (const c of plain) if (!ALPHABET.includes(c)) return null;
  return plain;
}
