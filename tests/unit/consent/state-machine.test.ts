import { describe, expect, it } from "vitest";
import { allowedEvents, canApply, CONSENT_STATES, isActive, isFinal, replay, type ConsentState } from "@/lib/consent/state-machine";

const LEGAL: Record<ConsentState | "none", ConsentState[]> = {
  none: ["requested"],
  requested: ["given", "refused", "withdrawn", "revoked"],
  given: ["reconfirmed", "withdrawn", "revoked", "expired"],
  reconfirmed: ["reconfirmed", "withdrawn", "revoked", "expired"],
  refused: [],
  withdrawn: [],
  revoked: [],
  expired: [],
};

describe("consent state machine: the full transition table", () => {
  const froms = ["none", ...CONSENT_STATES] as const;
  for (const from of froms) {
    for (const event of CONSENT_STATES) {
      const legal = LEGAL[from].includes(event);
      it(`${from} → ${event} is ${legal ? "legal" : "illegal"}`, () => {
        expect(canApply(from, event)).toBe(legal);
      });
    }
  }

  it("allowedEvents lists exactly the legal events", () => {
    for (const from of froms) expect([...allowedEvents(from)].sort()).toEqual([...LEGAL[from]].sort());
  });

  it("withdrawn, refused, revoked and expired are final; a withdrawal cannot be undone", () => {
    for (const s of ["withdrawn", "refused", "revoked", "expired"] as const) expect(isFinal(s)).toBe(true);
    for (const s of ["requested", "given", "reconfirmed"] as const) expect(isFinal(s)).toBe(false);
    expect(canApply("withdrawn", "given")).toBe(false);
    expect(canApply("withdrawn", "reconfirmed")).toBe(false);
  });

  it("only given and reconfirmed are active", () => {
    expect(CONSENT_STATES.filter(isActive)).toEqual(["given", "reconfirmed"]);
    expect(isActive("none")).toBe(false);
  });
});

describe("replay", () => {
  it.each([
    [["requested", "given"], "given"],
    [["requested", "given", "reconfirmed", "reconfirmed"], "reconfirmed"],
    [["requested", "refused"], "refused"],
    [["requested", "given", "withdrawn"], "withdrawn"],
    [[], "none"],
  ] as const)("%j ends in %s", (events, state) => {
    expect(replay(events)).toEqual({ ok: true, state });
  });

  it.each([
    [["given"], 0, "none"],
    [["requested", "given", "withdrawn", "given"], 3, "withdrawn"],
    [["requested", "reconfirmed"], 1, "requested"],
    [["requested", "refused", "given"], 2, "refused"],
  ] as const)("%j is illegal at step %i (from %s)", (events, index, from) => {
    expect(replay(events)).toMatchObject({ ok: false, index, from });
  });
});
