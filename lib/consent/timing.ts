import { isActive, type ConsentState } from "./state-machine";

/**
 * Time rules of consent, pure (issue 4): when a consent's agreed expiry date has passed, and whether the source's
 * last reconfirmation is recent enough for publication (guidance.md §4.13 and §7 item 18: re-confirmation before
 * publication, against the final content). The first "given" is not a reconfirmation.
 */
export const DAY_MS = 86_400_000;

/** An expiry date ("2027-03-01") lasts the whole day: consent expires when that day is over, in UTC. */
export function expiryInstant(expiresOn: string | null | undefined): number | null {
  if (!expiresOn || !/^\d{4}-\d{2}-\d{2}$/.test(expiresOn)) return null;
  const t = Date.parse(`${expiresOn}T23:59:59.999Z`);
  return Number.isNaN(t) ? null : t;
}

export function hasExpired(expiresOn: string | null | undefined, now: number): boolean {
  const end = expiryInstant(expiresOn);
  return end !== null && now > end;
}

/**
 * The status that counts now: an active consent whose expiry date has passed is expired even before the expiry
 * sweep has written the `expired` event (so no page or check can treat it as valid in between).
 */
export function effectiveStatus<S extends ConsentState | "none">(status: S, expiresOn: string | null | undefined, now: number): S | "expired" {
  return isActive(status) && hasExpired(expiresOn, now) ? "expired" : status;
}

export interface ReconfirmationState {
  days: number;
  lastReconfirmedAt: number | null;
  /** When the last reconfirmation stops counting; null when there was none. */
  validUntil: number | null;
  /** True when a reconfirmation happened within the window. */
  current: boolean;
}

export function reconfirmationState(lastReconfirmedAt: number | null, days: number, now: number): ReconfirmationState {
  const validUntil = lastReconfirmedAt === null ? null : lastReconfirmedAt + days * DAY_MS;
  return { days, lastReconfirmedAt, validUntil, current: validUntil !== null && now <= validUntil };
}
