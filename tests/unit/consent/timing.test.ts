import { describe, expect, it } from "vitest";
import { DAY_MS, effectiveStatus, expiryInstant, hasExpired, reconfirmationState } from "@/lib/consent/timing";

describe("consent expiry", () => {
  it("lasts the whole agreed day (UTC) and ignores missing or malformed dates", () => {
    expect(expiryInstant("2030-01-20")).toBe(Date.UTC(2030, 0, 20, 23, 59, 59, 999));
    for (const bad of [null, undefined, "", "2030-1-20", "20.01.2030", "2030-02-30x"]) expect(expiryInstant(bad)).toBeNull();
    expect(hasExpired("2030-01-20", Date.UTC(2030, 0, 20, 23, 59, 59, 999))).toBe(false);
    expect(hasExpired("2030-01-20", Date.UTC(2030, 0, 21))).toBe(true);
    expect(hasExpired(null, Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it("turns only active consent into expired", () => {
    const after = Date.UTC(2031, 0, 1);
    expect(effectiveStatus("given", "2030-01-20", after)).toBe("expired");
    expect(effectiveStatus("reconfirmed", "2030-01-20", after)).toBe("expired");
    for (const s of ["requested", "refused", "withdrawn", "revoked", "expired", "none"] as const) expect(effectiveStatus(s, "2030-01-20", after)).toBe(s);
    expect(effectiveStatus("given", "2030-01-20", Date.UTC(2030, 0, 20, 12))).toBe("given");
  });
});

describe("reconfirmation window", () => {
  it("is not current without a reconfirmation, and counts exactly `days` days after one", () => {
    expect(reconfirmationState(null, 14, 0)).toEqual({ days: 14, lastReconfirmedAt: null, validUntil: null, current: false });
    const at = Date.UTC(2030, 0, 1);
    expect(reconfirmationState(at, 14, at + 14 * DAY_MS)).toMatchObject({ validUntil: at + 14 * DAY_MS, current: true });
    expect(reconfirmationState(at, 14, at + 14 * DAY_MS + 1).current).toBe(false);
    expect(reconfirmationState(at, 1, at + DAY_MS + 1).current).toBe(false);
  });
});
