import { describe, expect, it } from "vitest";
import { applicableItems } from "@/lib/checklist/applicable";
import { CURRENT_GUIDANCE } from "@/lib/checklist/items";
import { computeReadiness, isSettled, readinessSummary, type ItemStatus, type NaApproval } from "@/lib/checklist/readiness";
import { PHASES, type Gate, type GuidanceVersion } from "@/lib/checklist/types";

const item = (
  itemId: string,
  gate: Gate,
  state: ItemStatus["state"] = "open",
  naApproval: NaApproval = "none",
  phase: ItemStatus["phase"] = "before_contact",
): ItemStatus => ({
  itemId,
  gate,
  state,
  naApproval,
  phase,
});

describe("isSettled", () => {
  it.each([
    // gate, state, approval, settled
    ["block", "open", "none", false],
    ["block", "done", "none", true],
    ["block", "not_applicable", "none", false],
    ["block", "not_applicable", "pending", false],
    ["block", "not_applicable", "approved", true],
    ["block", "not_applicable", "refused", false],
    ["warn", "open", "none", false],
    ["warn", "done", "none", true],
    ["warn", "not_applicable", "none", true],
    ["warn", "not_applicable", "pending", true],
    ["warn", "not_applicable", "approved", true],
    ["warn", "not_applicable", "refused", false],
  ] as const)("%s item %s with approval %s → settled %s", (gate, state, naApproval, settled) => {
    expect(isSettled({ gate, state, naApproval })).toBe(settled);
  });
});

describe("computeReadiness", () => {
  it("an empty checklist is ready", () => {
    const r = computeReadiness([]);
    expect(r).toMatchObject({ blockingOpen: 0, warnOpen: 0, done: 0, total: 0, ready: true, summary: "Ready: no blocking items open" });
  });

  it("counts open blocking items and builds the summary", () => {
    const r = computeReadiness([item("a", "block"), item("b", "block"), item("c", "block"), item("d", "block", "done")]);
    expect(r.blockingOpen).toBe(3);
    expect(r.done).toBe(1);
    expect(r.total).toBe(4);
    expect(r.ready).toBe(false);
    expect(r.summary).toBe("3 blocking items open");
  });

  it("uses the singular for one open blocking item", () => {
    expect(computeReadiness([item("a", "block")]).summary).toBe("1 blocking item open");
  });

  it("a blocking item marked not applicable counts as open until an editor approves", () => {
    const pending = computeReadiness([item("a", "block", "not_applicable", "pending")]);
    expect(pending).toMatchObject({ blockingOpen: 1, pendingApproval: 1, done: 0, ready: false });

    const refused = computeReadiness([item("a", "block", "not_applicable", "refused")]);
    expect(refused).toMatchObject({ blockingOpen: 1, pendingApproval: 0, done: 0, ready: false });

    const approved = computeReadiness([item("a", "block", "not_applicable", "approved")]);
    expect(approved).toMatchObject({ blockingOpen: 0, pendingApproval: 0, done: 1, ready: true, summary: "Ready: no blocking items open" });
  });

  it("warn items never block, open or not", () => {
    const r = computeReadiness([
      item("w1", "warn"),
      item("w2", "warn", "not_applicable", "refused"),
      item("w3", "warn", "not_applicable"),
      item("b", "block", "done"),
    ]);
    expect(r.warnOpen).toBe(2);
    expect(r.blockingOpen).toBe(0);
    expect(r.done).toBe(2);
    expect(r.ready).toBe(true);
    expect(r.summary).toBe("Ready: no blocking items open");
  });

  it("counts per phase, with every phase present", () => {
    const r = computeReadiness([
      item("a", "block", "open", "none", "before_contact"),
      item("b", "warn", "done", "none", "before_contact"),
      item("c", "block", "not_applicable", "approved", "during"),
      item("d", "block", "not_applicable", "pending", "during"),
      item("e", "warn", "open", "none", "after_publication"),
    ]);
    expect(Object.keys(r.byPhase)).toEqual([...PHASES]);
    expect(r.byPhase.before_contact).toEqual({ done: 1, total: 2, blockingOpen: 1 });
    expect(r.byPhase.before_interview).toEqual({ done: 0, total: 0, blockingOpen: 0 });
    expect(r.byPhase.during).toEqual({ done: 1, total: 2, blockingOpen: 1 });
    expect(r.byPhase.before_publication).toEqual({ done: 0, total: 0, blockingOpen: 0 });
    expect(r.byPhase.after_publication).toEqual({ done: 0, total: 1, blockingOpen: 0 });
    expect(r).toMatchObject({ blockingOpen: 2, warnOpen: 1, done: 2, total: 5 });
  });

  it("looks up the phase in the interview's guidance version when the item has none", () => {
    const version: GuidanceVersion = {
      version: "test",
      items: CURRENT_GUIDANCE.items.filter((i) => i.id === "private-setting" || i.id === "withdrawal-channel"),
    };
    const r = computeReadiness(
      [
        { itemId: "private-setting", gate: "block", state: "open", naApproval: "none" },
        { itemId: "withdrawal-channel", gate: "warn", state: "done", naApproval: "none" },
      ],
      version,
    );
    expect(r.byPhase.before_interview).toEqual({ done: 0, total: 1, blockingOpen: 1 });
    expect(r.byPhase.after_publication).toEqual({ done: 1, total: 1, blockingOpen: 0 });
  });

  it("an item of unknown phase still counts in the totals, so an unknown blocking item keeps it not ready", () => {
    const r = computeReadiness([{ itemId: "retired-item", gate: "block", state: "open", naApproval: "none" }]);
    expect(r.blockingOpen).toBe(1);
    expect(r.ready).toBe(false);
    expect(PHASES.reduce((n, p) => n + r.byPhase[p].total, 0)).toBe(0);
  });

  it("the gate comes from the stored row, not from the item definition", () => {
    // capacity-check is a block item in the guidance; a row stored as warn must be treated as warn.
    const r = computeReadiness([{ itemId: "capacity-check", gate: "warn", state: "open", naApproval: "none" }]);
    expect(r).toMatchObject({ blockingOpen: 0, warnOpen: 1, ready: true });
  });

  it("a fresh POW checklist is not ready; completing every blocking item makes it ready", () => {
    const profile = {
      sourceType: "pow",
      minor: false,
      inCustody: true,
      recentTrauma: false,
      interpreter: "independent",
      setting: "custodial_facility",
    } as const;
    const applied = applicableItems(CURRENT_GUIDANCE, profile);
    const rows: ItemStatus[] = applied.map((a) => ({ itemId: a.item.id, gate: a.gate, state: "open", naApproval: "none" }));
    const blocking = applied.filter((a) => a.gate === "block").length;

    const fresh = computeReadiness(rows);
    expect(fresh.blockingOpen).toBe(blocking);
    expect(fresh.warnOpen).toBe(applied.length - blocking);
    expect(fresh.summary).toBe(`${blocking} blocking items open`);
    expect(fresh.byPhase.before_interview.blockingOpen).toBeGreaterThan(0);
    expect(PHASES.reduce((n, p) => n + fresh.byPhase[p].total, 0)).toBe(applied.length);

    const allBlockDone = rows.map((r) => (r.gate === "block" ? { ...r, state: "done" as const } : r));
    const done = computeReadiness(allBlockDone);
    expect(done.ready).toBe(true);
    expect(done.done).toBe(blocking);
    expect(done.warnOpen).toBe(applied.length - blocking);

    // One blocking item waiting for N/A approval is enough to stop it.
    const oneNa = allBlockDone.map((r) =>
      r.itemId === "private-setting" ? { ...r, state: "not_applicable" as const, naApproval: "pending" as const } : r,
    );
    expect(computeReadiness(oneNa)).toMatchObject({ ready: false, blockingOpen: 1, pendingApproval: 1, summary: "1 blocking item open" });
  });
});

describe("readinessSummary", () => {
  it.each([
    [0, "Ready: no blocking items open"],
    [1, "1 blocking item open"],
    [2, "2 blocking items open"],
    [12, "12 blocking items open"],
  ])("%i → %s", (n, s) => {
    expect(readinessSummary(n)).toBe(s);
  });
});
