import { describe, expect, it } from "vitest";
import { applicableItems } from "@/lib/checklist/applicable";
import { CURRENT_GUIDANCE } from "@/lib/checklist/items";
import { anyOf, blockFor, forTypes } from "@/lib/checklist/predicates";
import { PHASES, type Gate } from "@/lib/checklist/types";
import { INTERPRETER_ARRANGEMENTS, SETTINGS, SOURCE_TYPES, type SourceProfile, type SourceType } from "@/lib/interviews/constants";

const ITEMS = CURRENT_GUIDANCE.items;

function profile(sourceType: SourceType, overrides: Partial<SourceProfile> = {}): SourceProfile {
  return {
    sourceType,
    minor: false,
    inCustody: sourceType === "pow",
    recentTrauma: false,
    interpreter: "none",
    setting: "safe_location",
    ...overrides,
  };
}

/** id → gate for a profile. */
function gates(p: SourceProfile): Map<string, Gate> {
  return new Map(applicableItems(CURRENT_GUIDANCE, p).map((a) => [a.item.id, a.gate]));
}

/** Every combination of type, flags, interpreter and setting (pow always in custody). */
const ALL_PROFILES: SourceProfile[] = SOURCE_TYPES.flatMap((sourceType) =>
  [false, true].flatMap((minor) =>
    [false, true].flatMap((inCustody) =>
      [false, true].flatMap((recentTrauma) =>
        INTERPRETER_ARRANGEMENTS.flatMap((interpreter) =>
          SETTINGS.map((setting) => ({
            sourceType,
            minor,
            inCustody: inCustody || sourceType === "pow",
            recentTrauma,
            interpreter,
            setting,
          })),
        ),
      ),
    ),
  ),
);

const POW_ONLY = ["consent-not-licence", "repatriation-impact", "republication-watch"];
const CUSTODY_ITEMS = ["private-setting", "access-conditions-logged", "no-interrogation", "dignity-check", "rights-explained"];
const AT_RISK_ITEMS = [
  "harm-assessment",
  "anonymity-level-agreed",
  "faces-irreversibly-masked",
  "voice-replaced",
  "prior-exposure-not-licence",
  "family-details-removed",
  "editor-signoff",
  "raw-material-lockdown",
];

type Expect = Record<string, Gate | null>; // null: must not apply

const CASES: Array<{ name: string; profile: SourceProfile; expect: Expect }> = [
  {
    name: "POW (in custody, independent interpreter)",
    profile: profile("pow", { interpreter: "independent", setting: "custodial_facility" }),
    expect: {
      "private-setting": "block",
      "dignity-check": "block",
      "voice-replaced": "block",
      "faces-irreversibly-masked": "block",
      "independent-interpreter": "block",
      "rights-explained": "block",
      "consent-not-licence": "block",
      "public-interest-case": "block",
      "family-details-removed": "block",
      "sensitive-statements": "block",
      "final-reconfirmation": "block",
      "access-conditions-logged": "warn",
      "no-interrogation": "warn",
      "repatriation-impact": "warn",
      "republication-watch": "warn",
      "trauma-support-ready": "warn",
      "trauma-informed": "warn",
      "capacity-check": "block",
      "minor-safeguards": null,
      "relay-inside-dprk": null,
      "safe-contact-channel": null,
      "intro-meeting-first": null,
    },
  },
  {
    name: "POW whose stale profile says not in custody still gets the custody items",
    profile: profile("pow", { inCustody: false }),
    expect: { "private-setting": "block", "independent-interpreter": "block", "dignity-check": "block" },
  },
  {
    name: "POW, minor, recent trauma",
    profile: profile("pow", { minor: true, recentTrauma: true }),
    expect: {
      "minor-safeguards": "block",
      "trauma-support-ready": "block",
      "trauma-informed": "block",
      "consent-rechecked": "block",
      "welfare-followup": "block",
      "voice-replaced": "block",
    },
  },
  {
    name: "defector at a safe location, no interpreter",
    profile: profile("defector"),
    expect: {
      "voice-replaced": "warn",
      "independent-interpreter": "warn",
      "rights-explained": "warn",
      "final-reconfirmation": "block",
      "public-interest-case": "block",
      "safe-contact-channel": "block",
      "family-details-removed": "block",
      "sensitive-statements": "block",
      "faces-irreversibly-masked": "block",
      "intro-meeting-first": "warn",
      "welfare-followup": "warn",
      "private-setting": null,
      "dignity-check": null,
      "consent-not-licence": null,
      "access-conditions-logged": null,
      "no-interrogation": null,
      "repatriation-impact": null,
      "trauma-support-ready": null,
      "minor-safeguards": null,
    },
  },
  {
    name: "defector in custody with the detaining authority's interpreter",
    profile: profile("defector", { inCustody: true, interpreter: "detaining_authority" }),
    expect: {
      "independent-interpreter": "block",
      "private-setting": "block",
      "rights-explained": "block",
      "dignity-check": "block",
      "access-conditions-logged": "warn",
      "no-interrogation": "warn",
      "voice-replaced": "warn",
      "consent-not-licence": null,
    },
  },
  {
    name: "defector not in custody but with the detaining authority's interpreter",
    profile: profile("defector", { interpreter: "detaining_authority" }),
    expect: { "independent-interpreter": "block", "access-conditions-logged": "warn", "private-setting": null },
  },
  {
    name: "defector interviewed in a custodial facility counts as in custody",
    profile: profile("defector", { setting: "custodial_facility" }),
    expect: { "private-setting": "block", "independent-interpreter": "block" },
  },
  {
    name: "defector, minor",
    profile: profile("defector", { minor: true }),
    expect: { "minor-safeguards": "block", "voice-replaced": "block", "editor-signoff": "block" },
  },
  {
    name: "defector, recent trauma",
    profile: profile("defector", { recentTrauma: true }),
    expect: {
      "trauma-support-ready": "block",
      "trauma-informed": "block",
      "consent-rechecked": "block",
      "welfare-followup": "block",
      "dignity-check": "warn",
      "capacity-check": "block",
    },
  },
  {
    name: "family member inside North Korea",
    profile: profile("family_in_dprk", { setting: "remote_call" }),
    expect: {
      "relay-inside-dprk": "block",
      "safe-contact-channel": "block",
      "harm-assessment": "block",
      "family-details-removed": "block",
      "voice-replaced": "warn",
      "final-reconfirmation": "warn",
      "intro-meeting-first": "warn",
      "public-interest-case": null,
      "sensitive-statements": null,
      "private-setting": null,
      "consent-not-licence": null,
      "independent-interpreter": null,
    },
  },
  {
    name: "family member with an independent interpreter",
    profile: profile("family_in_dprk", { interpreter: "independent" }),
    expect: { "independent-interpreter": "warn" },
  },
  {
    name: "other person at risk",
    profile: profile("other_at_risk"),
    expect: {
      "harm-assessment": "block",
      "anonymity-level-agreed": "block",
      "safe-contact-channel": "block",
      "voice-replaced": "warn",
      "raw-material-lockdown": "block",
      "relay-inside-dprk": null,
      "public-interest-case": null,
      "private-setting": null,
    },
  },
  {
    name: "other source, no flags: universal items only",
    profile: profile("other"),
    expect: {
      "capacity-check": "block",
      "reach-explained": "block",
      "risks-explained": "block",
      "right-to-stop": "block",
      "metadata-stripped": "block",
      "final-reconfirmation": "warn",
      "withdrawal-channel": "warn",
      "trauma-informed": "warn",
      ...Object.fromEntries(
        [...POW_ONLY, ...CUSTODY_ITEMS, ...AT_RISK_ITEMS, "minor-safeguards", "independent-interpreter"].map((id) => [id, null]),
      ),
    },
  },
  {
    name: "other source, minor",
    profile: profile("other", { minor: true }),
    expect: {
      "minor-safeguards": "block",
      "faces-irreversibly-masked": "block",
      "voice-replaced": "block",
      "family-details-removed": "block",
      "editor-signoff": "block",
      "private-setting": null,
      "harm-assessment": null,
    },
  },
  {
    name: "other source in custody gets the custody items but no POW-only items",
    profile: profile("other", { inCustody: true }),
    expect: {
      "private-setting": "block",
      "independent-interpreter": "block",
      "dignity-check": "block",
      "rights-explained": "block",
      "access-conditions-logged": "warn",
      ...Object.fromEntries(POW_ONLY.map((id) => [id, null])),
    },
  },
  {
    name: "other source with the detaining authority's interpreter",
    profile: profile("other", { interpreter: "detaining_authority" }),
    expect: { "independent-interpreter": "block", "private-setting": null },
  },
  {
    name: "other source, recent trauma",
    profile: profile("other", { recentTrauma: true }),
    expect: { "trauma-support-ready": "block", "trauma-informed": "block", "consent-rechecked": "block", "dignity-check": "warn" },
  },
];

describe("applicableItems: source type × flags", () => {
  it.each(CASES)("$name", ({ profile: p, expect: expected }) => {
    const got = gates(p);
    for (const [id, gate] of Object.entries(expected)) {
      if (gate === null) expect(got.has(id), `${id} should not apply`).toBe(false);
      else expect(got.get(id), `${id} gate`).toBe(gate);
    }
  });

  it("every id named in the table exists (a typo cannot make an expectation vacuous)", () => {
    const ids = new Set(ITEMS.map((i) => i.id));
    for (const c of CASES) for (const id of Object.keys(c.expect)) expect(ids.has(id), id).toBe(true);
  });

  it("an `other` source without flags gets exactly the items that apply to everyone", () => {
    const universal = ITEMS.filter((i) => ALL_PROFILES.every((p) => i.appliesTo(p))).map((i) => i.id);
    expect(universal.length).toBeGreaterThanOrEqual(15);
    expect([...gates(profile("other")).keys()].sort()).toEqual([...universal].sort());
  });

  it("POW-only items never apply to any other source type", () => {
    for (const p of ALL_PROFILES.filter((x) => x.sourceType !== "pow")) {
      const got = gates(p);
      for (const id of POW_ONLY) expect(got.has(id), `${id} for ${JSON.stringify(p)}`).toBe(false);
    }
  });

  it("the independent-interpreter item blocks whenever the detaining authority provides the interpreter", () => {
    for (const p of ALL_PROFILES.filter((x) => x.interpreter === "detaining_authority")) {
      expect(gates(p).get("independent-interpreter"), JSON.stringify(p)).toBe("block");
    }
  });

  it("anyone in custody gets the private-setting and independent-interpreter items as blocking", () => {
    for (const p of ALL_PROFILES.filter((x) => x.inCustody)) {
      const got = gates(p);
      expect(got.get("private-setting"), JSON.stringify(p)).toBe("block");
      expect(got.get("independent-interpreter"), JSON.stringify(p)).toBe("block");
    }
  });

  it("recent trauma makes every trauma-care item blocking, for every source", () => {
    for (const p of ALL_PROFILES.filter((x) => x.recentTrauma)) {
      const got = gates(p);
      for (const id of ["capacity-check", "trauma-support-ready", "trauma-informed", "consent-rechecked", "welfare-followup"]) {
        expect(got.get(id), `${id} for ${JSON.stringify(p)}`).toBe("block");
      }
    }
  });

  it("the minor flag always brings minor-safeguards as blocking, and only the flag does", () => {
    for (const p of ALL_PROFILES) expect(gates(p).get("minor-safeguards")).toBe(p.minor ? "block" : undefined);
  });

  it("returns items in phase order, keeping table order within a phase, with a fingerprint each", () => {
    for (const p of [profile("pow"), profile("defector", { minor: true }), profile("other")]) {
      const list = applicableItems(CURRENT_GUIDANCE, p);
      const phaseIdx = list.map((a) => PHASES.indexOf(a.item.phase));
      expect(phaseIdx).toEqual([...phaseIdx].sort((a, b) => a - b));
      const tableIdx = list.map((a) => ITEMS.indexOf(a.item));
      for (let i = 1; i < list.length; i++) {
        if (list[i]!.item.phase === list[i - 1]!.item.phase) expect(tableIdx[i]!).toBeGreaterThan(tableIdx[i - 1]!);
      }
      for (const a of list) expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("sorts by phase even when the version lists items out of order", () => {
    const shuffled = { version: "test", items: [...ITEMS].reverse() };
    const list = applicableItems(shuffled, profile("pow"));
    expect(list[0]!.item.phase).toBe("before_contact");
    expect(list.at(-1)!.item.phase).toBe("after_publication");
  });

  it("a POW gets more items than a defector, who gets more than an `other` source", () => {
    const n = (p: SourceProfile) => applicableItems(CURRENT_GUIDANCE, p).length;
    expect(n(profile("pow"))).toBeGreaterThan(n(profile("defector")));
    expect(n(profile("defector"))).toBeGreaterThan(n(profile("other")));
  });
});

describe("predicates", () => {
  it("blockFor mixes source types and predicates, and warns otherwise", () => {
    const rule = blockFor("pow", (p) => p.minor);
    expect(rule(profile("pow"))).toBe("block");
    expect(rule(profile("other", { minor: true }))).toBe("block");
    expect(rule(profile("defector"))).toBe("warn");
  });

  it("forTypes matches only the listed types; unknown types and empty lists are rejected", () => {
    const f = forTypes("defector", "family_in_dprk");
    expect(SOURCE_TYPES.filter((t) => f(profile(t)))).toEqual(["defector", "family_in_dprk"]);
    expect(() => forTypes("refugee" as SourceType)).toThrow(/Unknown source type/);
    expect(() => anyOf()).toThrow();
  });
});

describe("guidance content invariants", () => {
  const WORDS = (s: string) => s.trim().split(/\s+/).length;
  const SENTENCES = (s: string) => s.split(/[.!?](?:\s|$)/).filter((x) => x.trim().length > 0).length;

  it("holds 40–46 items (the issue allows 30–50)", () => {
    expect(ITEMS.length).toBeGreaterThanOrEqual(40);
    expect(ITEMS.length).toBeLessThanOrEqual(46);
  });

  it("is version 2026-11", () => {
    expect(CURRENT_GUIDANCE.version).toBe("2026-11");
  });

  it("has unique kebab-case ids that fit the action schema", () => {
    const ids = ITEMS.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(64);
  });

  it("keeps guidance.md's slugs for the core items", () => {
    const ids = new Set(ITEMS.map((i) => i.id));
    for (const slug of [
      "public-interest-case",
      "harm-assessment",
      "independent-interpreter",
      "private-setting",
      "capacity-check",
      "minor-safeguards",
      "consent-recorded",
      "voice-replaced",
      "faces-irreversibly-masked",
      "dignity-check",
      "family-details-removed",
      "final-reconfirmation",
      "withdrawal-channel",
    ]) {
      expect(ids.has(slug), slug).toBe(true);
    }
  });

  it("has items in every phase, and the table is grouped by phase in order", () => {
    for (const phase of PHASES)
      expect(
        ITEMS.some((i) => i.phase === phase),
        phase,
      ).toBe(true);
    const idx = ITEMS.map((i) => PHASES.indexOf(i.phase));
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
  });

  it.each(ITEMS.map((i) => [i.id, i] as const))("%s: short plain texts and at least one source", (_id, item) => {
    expect(WORDS(item.title)).toBeLessThanOrEqual(8);
    expect(item.title).not.toMatch(/\.$/);
    expect(SENTENCES(item.requirement)).toBeGreaterThanOrEqual(1);
    expect(SENTENCES(item.requirement)).toBeLessThanOrEqual(2);
    expect(SENTENCES(item.why)).toBeGreaterThanOrEqual(1);
    expect(SENTENCES(item.why)).toBeLessThanOrEqual(2);
    expect(item.requirement.length).toBeLessThanOrEqual(200);
    expect(item.why.length).toBeLessThanOrEqual(170);
    expect(item.requirement).toMatch(/[.]$/);
    expect(item.why).toMatch(/[.]$/);
    expect(item.sources.length).toBeGreaterThanOrEqual(1);
    for (const s of item.sources) expect(s.trim().length).toBeGreaterThan(2);
    expect(new Set(item.sources).size).toBe(item.sources.length);
  });

  it("no item applies to nobody, and every gate resolves to block or warn", () => {
    const appliesToNobody = ITEMS.filter((item) => !ALL_PROFILES.some((p) => item.appliesTo(p))).map((i) => i.id);
    expect(appliesToNobody).toEqual([]);
    const badGates = ITEMS.flatMap((item) => ALL_PROFILES.map((p) => item.gate(p)).filter((g) => g !== "block" && g !== "warn"));
    expect(badGates).toEqual([]);
    expect(ALL_PROFILES).toHaveLength(SOURCE_TYPES.length * 8 * INTERPRETER_ARRANGEMENTS.length * SETTINGS.length);
  });

  it("cites no claim guidance.md marks unverified or only partly seen", () => {
    const all = ITEMS.flatMap((i) => i.sources).join("\n");
    expect(all).not.toMatch(/¶\s*16(2[4-9]|30)|46\.117|Human Rights Watch|LiNK|coveringcrsv|\[U\]|\[P\]/);
  });

  it("never puts a real-looking name in the content (fixtures and texts use kinds of details only)", () => {
    const text = ITEMS.map((i) => `${i.title} ${i.requirement} ${i.why}`).join("\n");
    expect(text).not.toMatch(/\b(?:Ri|Lee|Baek|Paek)\b|리모|백모/);
  });

  it("covers the issue's minimum topics", () => {
    const text = ITEMS.map((i) => `${i.title} ${i.requirement} ${i.why}`)
      .join("\n")
      .toLowerCase();
    for (const word of [
      "public curiosity",
      "voice",
      "face",
      "exploit",
      "guards",
      "interpreter",
      "language",
      "north korean authorities",
      "family",
      "capacity",
      "trauma",
      "minor",
      "stop",
      "withdraw",
      "punish",
      "hometown",
      "unit",
      "nickname",
      "codeword",
      "handwriting",
      "photo",
      "metadata",
      "reconfirm",
    ]) {
      expect(text, word).toContain(word);
    }
  });

  it("requires an evidence note where the note is what makes the item checkable", () => {
    const needsEvidence = new Set(ITEMS.filter((i) => i.evidenceRequired).map((i) => i.id));
    for (const id of [
      "access-conditions-logged",
      "independent-interpreter",
      "public-interest-case",
      "harm-assessment",
      "teach-back",
      "final-reconfirmation",
      "private-setting",
      "consent-recorded",
    ]) {
      expect(needsEvidence.has(id), id).toBe(true);
    }
    // A note about the relay would itself identify people inside North Korea.
    expect(needsEvidence.has("relay-inside-dprk")).toBe(false);
  });

  it("the content is frozen at runtime", () => {
    expect(Object.isFrozen(CURRENT_GUIDANCE)).toBe(true);
    expect(Object.isFrozen(CURRENT_GUIDANCE.items)).toBe(true);
  });
});
