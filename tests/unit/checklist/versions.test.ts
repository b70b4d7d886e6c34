import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CHECKLIST_VERSIONS, diffVersions, getGuidanceVersion, isKnownGuidanceVersion, itemFingerprint } from "@/lib/checklist/applicable";
import { CURRENT_GUIDANCE } from "@/lib/checklist/items";
import type { ChecklistItemDef, GuidanceVersion } from "@/lib/checklist/types";

const base = CURRENT_GUIDANCE.items.find((i) => i.id === "private-setting")!;

describe("itemFingerprint", () => {
  it("is a SHA-256 hex digest, stable across calls and copies", () => {
    const fp = itemFingerprint(base);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(itemFingerprint(base)).toBe(fp);
    expect(itemFingerprint({ ...base, sources: [...base.sources] })).toBe(fp);
  });

  it("is the SHA-256 of the documented fields", () => {
    const expected = createHash("sha256")
      .update(JSON.stringify([base.id, base.phase, base.title, base.requirement, base.why, [...base.sources], base.evidenceRequired]))
      .digest("hex");
    expect(itemFingerprint(base)).toBe(expected);
  });

  it.each<[string, Partial<ChecklistItemDef>]>([
    ["id", { id: "private-setting-2" }],
    ["phase", { phase: "during" }],
    ["title", { title: base.title + "!" }],
    ["requirement", { requirement: base.requirement.replace("guards", "guard") }],
    ["why", { why: base.why + " " }],
    ["a source added", { sources: [...base.sources, "Dart Center"] }],
    ["a source removed", { sources: base.sources.slice(1) }],
    ["source order", { sources: [...base.sources].reverse() }],
    ["evidenceRequired", { evidenceRequired: !base.evidenceRequired }],
  ])("changes when %s changes", (_label, change) => {
    expect(itemFingerprint({ ...base, ...change })).not.toBe(itemFingerprint(base));
  });

  it("does not change when only applicability or gate rules change", () => {
    expect(itemFingerprint({ ...base, appliesTo: () => false, gate: () => "warn" })).toBe(itemFingerprint(base));
  });

  it("keeps fields apart (no ambiguity from concatenation)", () => {
    const a = { ...base, title: "ab", requirement: "c" };
    const b = { ...base, title: "a", requirement: "bc" };
    expect(itemFingerprint(a)).not.toBe(itemFingerprint(b));
  });

  it("differs for every item of the current guidance", () => {
    const fps = CURRENT_GUIDANCE.items.map(itemFingerprint);
    expect(new Set(fps).size).toBe(fps.length);
  });
});

describe("guidance version registry", () => {
  it("holds the current version under its own name", () => {
    expect(CHECKLIST_VERSIONS["2026-11"]).toBe(CURRENT_GUIDANCE);
    expect(getGuidanceVersion(CURRENT_GUIDANCE.version)).toBe(CURRENT_GUIDANCE);
    for (const [key, v] of Object.entries(CHECKLIST_VERSIONS)) expect(v.version).toBe(key);
  });

  it("rejects unknown versions, including inherited property names", () => {
    for (const v of ["2026-10", "", "toString", "__proto__", "constructor"]) {
      expect(isKnownGuidanceVersion(v), v).toBe(false);
      expect(() => getGuidanceVersion(v), v).toThrow(/Unknown checklist guidance version/);
    }
  });

  it("cannot be modified at runtime", () => {
    expect(Object.isFrozen(CHECKLIST_VERSIONS)).toBe(true);
  });
});

describe("diffVersions", () => {
  it("a version compared with itself is all unchanged", () => {
    const d = diffVersions(CURRENT_GUIDANCE, CURRENT_GUIDANCE);
    expect(d.unchanged).toHaveLength(CURRENT_GUIDANCE.items.length);
    expect(d).toMatchObject({ changed: [], added: [], removed: [] });
  });

  it("sorts items into unchanged, changed, added and removed", () => {
    const [a, b, c] = CURRENT_GUIDANCE.items as [ChecklistItemDef, ChecklistItemDef, ChecklistItemDef];
    const from: GuidanceVersion = { version: "old", items: [a, b, c] };
    const newItem: ChecklistItemDef = { ...c, id: "brand-new-item" };
    const to: GuidanceVersion = { version: "new", items: [a, { ...b, why: b.why + " Changed." }, newItem] };
    expect(diffVersions(from, to)).toEqual({ unchanged: [a.id], changed: [b.id], added: ["brand-new-item"], removed: [c.id] });
  });

  it("a gate-only change is not a change to the item", () => {
    const [a] = CURRENT_GUIDANCE.items as [ChecklistItemDef];
    const d = diffVersions({ version: "x", items: [a] }, { version: "y", items: [{ ...a, gate: () => "warn" }] });
    expect(d.unchanged).toEqual([a.id]);
  });
});
