import { Secret, TOTP } from "otpauth";

/**
 * Time-based one-time passwords (RFC 6238) through `otpauth`: SHA-1, 6 digits, 30-second steps — what every
 * authenticator app understands. Pure: no database, no clock of its own (callers pass `now`), so it is unit-tested
 * directly. Replay protection is the caller's: it stores the step a code was accepted for and passes it back.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one (clock drift between the phone and the server). */
export const TOTP_WINDOW = 1;
const ISSUER = "Sourcekeeper";

function totp(secretBase32: string, label = "account"): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new random 160-bit secret, base32-encoded (RFC 4226 recommends 160 bits). */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, accountLabel: string): string {
  return totp(secretBase32, accountLabel).toString();
}

/** The secret in groups of four for typing by hand ("ABCD EFGH …"). */
export function groupSecret(secretBase32: string): string {
  return secretBase32.replace(/=+$/, "").replace(/(.{4})(?=.)/g, "$1 ");
}

export function timeStep(now: number): number {
  return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for a given moment (tests and the e2e fixtures compute codes with it). */
export function totpCode(secretBase32: string, now: number): string {
  return totp(secretBase32).generate({ timestamp: now });
}

/** Six digits, spaces allowed ("123 456"). */
export function normaliseTotpInput(code: string): string | null {
  const digits = code.replace(/\s+/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

function sameString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Checks a code against the steps within the window around `now`, skipping every step at or before
 * `lastUsedStep`. Returns the step the code belongs to (to be stored as the new last used step), or null.
 * Every candidate step is compared, whether or not an earlier one matched, so timing does not tell which matched.
 */
export function verifyTotp(secretBase32: string, code: string, now: number, lastUsedStep: number): number | null {
  const digits = normaliseTotpInput(code);
  if (!digits) return null;
  const generator = totp(secretBase32);
  const current = timeStep(now);
  let matched: number | null = null;
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step += 1) {
    const expected = generator.generate({ timestamp: step * TOTP_PERIOD_SECONDS * 1000 });
    if (sameString(expected, digits) && step > lastUsedStep && matched === null) matched = step;
  }
  return matched;
}
