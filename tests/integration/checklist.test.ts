import { beforeEach, describe, expect, it } from "vitest";
import { applicableItems, itemFingerprint } from "@/lib/checklist/applicable";
import { decideNotApplicable } from "@/lib/checklist/decide-na";
import { evidenceContext } from "@/lib/checklist/internal";
import { CURRENT_GUIDANCE } from "@/lib/checklist/items";
import { listPendingApprovals } from "@/lib/checklist/list-pending-approvals";
import { setItemState } from "@/lib/checklist/set-item-state";
import type { ChecklistItemDef, GuidanceVersion } from "@/lib/checklist/types";
import { upgradeGuidance } from "@/lib/checklist/upgrade-guidance";
import type { Ctx } from "@/lib/context";
import { open } from "@/lib/crypto/seal";
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "@/lib/errors";
import { archiveInterview } from "@/lib/interviews/archive-interview";
import { getInterview } from "@/lib/interviews/get-interview";
import { listInterviews } from "@/lib/interviews/list-interviews";
import { profileOf } from "@/lib/interviews/profile";
import type { CreateInterviewInput } from "@/lib/interviews/schema";
import { updateInterview } from "@/lib/interviews/update-interview";
import { refusedWithoutChangeTo } from "../support/assertions";
import { interviewInput, seedInterview, seedNewsroom, type Newsroom } from "../support/seed";
import { auditCount, auditSince, forceAuditInsertFailure, registerTestDb, sqlite } from "../support/test-db";

registerTestDb("each");

const TABLES = ["interviews", "interview_collaborators", "checklist_items", "interview_comments", "audit_events"];
function snapshot(): Record<string, unknown[]> {
  return Object.fromEntries(TABLES.map((t) => [t, sqlite().prepare(`select * from ${t} order by rowid`).all()]));
}

interface ItemRowRaw {
  item_id: string;
  applicable: number;
  gate: "block" | "warn";
  fingerprint: string;
  state: "open" | "done" | "not_applicable";
  evidence_sealed: string | null;
  na_reason_sealed: string | null;
  na_approval: "none" | "pending" | "approved" | "refused";
  na_requested_by: string | null;
  na_decided_by: string | null;
  na_decided_at: number | null;
  updated_by: string | null;
  updated_at: number;
}
const itemRow = (interviewId: string, itemId: string) =>
  sqlite().prepare("select * from checklist_items where interview_id = ? and item_id = ?").get(interviewId, itemId) as
    ItemRowRaw | undefined;
const applicableIds = (interviewId: string) =>
  (
    sqlite().prepare("select item_id from checklist_items where interview_id = ? and applicable = 1 order by item_id").all(interviewId) as {
      item_id: string;
    }[]
  ).map((r) => r.item_id);
const guidanceOf = (interviewId: string) =>
  (sqlite().prepare("select guidance_version as v from interviews where id = ?").get(interviewId) as { v: string }).v;

const refusedWithoutChange = <E>(run: () => unknown, type: new (...args: never[]) => E): E =>
  refusedWithoutChangeTo(() => snapshot(), run, type);

const REASON = "He is an adult officer and asked for the interview himself.";

let n: Newsroom;
let jo: Ctx;
let jay: Ctx;
let ed: Ctx;
let ed2: Ctx;
let seoulEd: Ctx;
let kyivAdmin: Ctx;
let birchInput: CreateInterviewInput;
let birch: string;

beforeEach(async () => {
  n = await seedNewsroom();
  ({ jo, jay, ed, ed2, seoulEd, kyivAdmin } = n.ctxs);
  birchInput = interviewInput(n.kyiv);
  birch = seedInterview(jo, birchInput);
  n.clock.advance(1000);
});

const done = (ctx: Ctx, interviewId: string, itemId: string, evidence = "") =>
  setItemState({ ctx, input: { interviewId, itemId, state: "done", evidence } });
const notApplicable = (ctx: Ctx, interviewId: string, itemId: string, reason = REASON) =>
  setItemState({ ctx, input: { interviewId, itemId, state: "not_applicable", reason } });
const reopen = (ctx: Ctx, interviewId: string, itemId: string) => setItemState({ ctx, input: { interviewId, itemId, state: "open" } });
const decide = (ctx: Ctx, interviewId: string, itemId: string, decision: "approved" | "refused") =>
  decideNotApplicable({ ctx, input: { interviewId, itemId, decision } });
const detail = (interviewId: string, ctx: Ctx = jo) => getInterview({ ctx, interviewId });
const entry = (interviewId: string, itemId: string, ctx: Ctx = jo) => detail(interviewId, ctx).checklist.find((c) => c.itemId === itemId);

describe("setItemState", () => {
  it("done with evidence: stored, readiness drops by one, audited without the text", () => {
    const before = detail(birch).readiness;
    const count = auditCount();
    done(jo, birch, "private-setting", "Guards waited outside the room.");
    expect(itemRow(birch, "private-setting")).toMatchObject({ state: "done", updated_by: n.jo.id, updated_at: n.clock.now() });
    expect(entry(birch, "private-setting")).toMatchObject({
      state: "done",
      evidence: "Guards waited outside the room.",
      blockingOpen: false,
    });
    const after = detail(birch).readiness;
    expect(after.blockingOpen).toBe(before.blockingOpen - 1);
    expect(after.done).toBe(before.done + 1);
    expect(after.summary).toBe(`${after.blockingOpen} blocking items open`);
    const events = auditSince(count);
    expect(events).toMatchObject([
      {
        action: "checklist.item_changed",
        targetType: "checklist",
        targetId: birch,
        data: { itemId: "private-setting", from: "open", to: "done", evidence: true },
      },
    ]);
    expect(events[0]!.payload).not.toContain("Guards");
  });

  it.each(["", "   "])("an item that requires evidence refuses %j as a field error and changes nothing", (evidence) => {
    const err = refusedWithoutChange(() => done(jo, birch, "private-setting", evidence), ValidationError);
    expect(err.fieldErrors).toHaveProperty("evidence");
  });

  it("an item without an evidence rule can be done without a note", () => {
    const count = auditCount();
    done(jo, birch, "right-to-stop");
    expect(itemRow(birch, "right-to-stop")).toMatchObject({ state: "done", evidence_sealed: null });
    expect(auditSince(count)[0]!.data).toMatchObject({ evidence: false });
  });

  it("not applicable on a warn item needs no approval", () => {
    expect(itemRow(birch, "no-inducement")?.gate).toBe("warn");
    const before = detail(birch).readiness;
    const count = auditCount();
    notApplicable(jo, birch, "no-inducement");
    expect(itemRow(birch, "no-inducement")).toMatchObject({ state: "not_applicable", na_approval: "none", na_requested_by: null });
    const after = detail(birch).readiness;
    expect(after).toMatchObject({ blockingOpen: before.blockingOpen, warnOpen: before.warnOpen - 1, pendingApproval: 0 });
    expect(auditSince(count).map((e) => e.action)).toEqual(["checklist.item_changed"]);
    expect(listPendingApprovals({ ctx: ed })).toEqual([]);
  });

  it("not applicable on a block item waits for approval and still counts as open", () => {
    expect(itemRow(birch, "consent-not-licence")?.gate).toBe("block");
    const before = detail(birch).readiness;
    const count = auditCount();
    notApplicable(jo, birch, "consent-not-licence");
    expect(itemRow(birch, "consent-not-licence")).toMatchObject({
      state: "not_applicable",
      na_approval: "pending",
      na_requested_by: n.jo.id,
    });
    const d = detail(birch);
    expect(d.readiness).toMatchObject({ blockingOpen: before.blockingOpen, pendingApproval: 1, ready: false });
    expect(d.checklist.find((c) => c.itemId === "consent-not-licence")).toMatchObject({
      naApproval: "pending",
      naReason: REASON,
      blockingOpen: true,
      naRequestedBy: { id: n.jo.id, name: "Jo Journalist" },
      canDecide: false,
    });
    expect(auditSince(count).map((e) => [e.action, e.data])).toEqual([
      ["checklist.item_changed", { itemId: "consent-not-licence", from: "open", to: "not_applicable", evidence: false }],
      ["checklist.na_requested", { itemId: "consent-not-licence" }],
    ]);
    expect(listInterviews({ ctx: jo, filter: {} })[0]).toMatchObject({ pendingApprovals: 1, blockingOpen: before.blockingOpen });
  });

  it("reopening clears evidence, reasons and any request", () => {
    notApplicable(jo, birch, "consent-not-licence");
    done(jo, birch, "private-setting", "Recorded in notebook 3.");
    const count = auditCount();
    reopen(jo, birch, "consent-not-licence");
    reopen(jo, birch, "private-setting");
    for (const itemId of ["consent-not-licence", "private-setting"]) {
      expect(itemRow(birch, itemId)).toMatchObject({
        state: "open",
        evidence_sealed: null,
        na_reason_sealed: null,
        na_approval: "none",
        na_requested_by: null,
        na_decided_by: null,
      });
    }
    expect(auditSince(count).map((e) => e.data)).toEqual([
      { itemId: "consent-not-licence", from: "not_applicable", to: "open", evidence: false },
      { itemId: "private-setting", from: "done", to: "open", evidence: false },
    ]);
    expect(listPendingApprovals({ ctx: ed })).toEqual([]);
    expect(detail(birch).readiness.pendingApproval).toBe(0);
  });

  it("done after a request withdraws the request; not applicable after done drops the evidence", () => {
    notApplicable(jo, birch, "consent-not-licence");
    done(jo, birch, "consent-not-licence");
    expect(itemRow(birch, "consent-not-licence")).toMatchObject({
      state: "done",
      na_approval: "none",
      na_requested_by: null,
      na_reason_sealed: null,
    });
    done(jo, birch, "private-setting", "Notebook 3.");
    notApplicable(jo, birch, "private-setting");
    expect(itemRow(birch, "private-setting")).toMatchObject({ state: "not_applicable", evidence_sealed: null, na_approval: "pending" });
  });

  it("refuses a short reason, unknown items and items that do not apply", () => {
    expect(refusedWithoutChange(() => notApplicable(jo, birch, "consent-not-licence", "n/a"), ValidationError).fieldErrors).toHaveProperty(
      "reason",
    );
    expect(refusedWithoutChange(() => done(jo, birch, "Not An Item!"), ValidationError).fieldErrors).toHaveProperty("itemId");
    refusedWithoutChange(() => done(jo, birch, "no-such-item"), NotFoundError);
    // Safe-contact-channel is for people at large, not for a prisoner of war.
    expect(applicableIds(birch)).not.toContain("safe-contact-channel");
    refusedWithoutChange(() => done(jo, birch, "safe-contact-channel"), NotFoundError);
  });

  it("a set-aside item cannot be changed until it applies again", () => {
    updateInterview({
      ctx: jo,
      input: {
        interviewId: birch,
        fields: { ...birchInput, sourceType: "defector", inCustody: false, custodyHolder: "", setting: "safe_location" },
      },
    });
    expect(itemRow(birch, "consent-not-licence")?.applicable).toBe(0);
    refusedWithoutChange(() => done(jo, birch, "consent-not-licence"), NotFoundError);
  });
});

describe("decideNotApplicable", () => {
  let kite: string;
  beforeEach(() => {
    // An editor prepares their own POW interview and asks for an exception on a blocking item.
    kite = seedInterview(ed, interviewInput(n.kyiv, { codeName: "Kite" }));
    notApplicable(ed, kite, "consent-not-licence");
    n.clock.advance(1000);
  });

  it("the requester is refused, even as an editor", () => {
    const err = refusedWithoutChange(() => decide(ed, kite, "consent-not-licence", "approved"), ForbiddenError);
    expect(err.message).toMatch(/another editor/);
    expect(entry(kite, "consent-not-licence", ed)?.canDecide).toBe(false);
  });

  it("a journalist lacks the capability, even on their own interview", () => {
    notApplicable(jo, birch, "consent-not-licence");
    refusedWithoutChange(() => decide(jo, birch, "consent-not-licence", "approved"), ForbiddenError);
    refusedWithoutChange(() => decide(jay, birch, "consent-not-licence", "approved"), ForbiddenError);
  });

  it("another editor of the desk approves: blocking items drop by one, audited", () => {
    expect(entry(kite, "consent-not-licence", ed2)?.canDecide).toBe(true);
    const before = detail(kite, ed).readiness;
    const count = auditCount();
    decide(ed2, kite, "consent-not-licence", "approved");
    expect(itemRow(kite, "consent-not-licence")).toMatchObject({
      state: "not_applicable",
      na_approval: "approved",
      na_requested_by: n.ed.id,
      na_decided_by: n.ed2.id,
      na_decided_at: n.clock.now(),
    });
    const after = detail(kite, ed);
    expect(after.readiness).toMatchObject({ blockingOpen: before.blockingOpen - 1, pendingApproval: 0, done: before.done + 1 });
    expect(after.checklist.find((c) => c.itemId === "consent-not-licence")).toMatchObject({
      blockingOpen: false,
      naDecidedBy: { id: n.ed2.id, name: "Eli Editor" },
    });
    expect(auditSince(count)).toMatchObject([
      { action: "checklist.na_decided", targetId: kite, actorId: n.ed2.id, data: { itemId: "consent-not-licence", decision: "approved" } },
    ]);
    // Decided once: a second decision has nothing to decide.
    refusedWithoutChange(() => decide(kyivAdmin, kite, "consent-not-licence", "refused"), InvalidTransitionError);
  });

  it("an administrator of the desk may decide too", () => {
    decide(kyivAdmin, kite, "consent-not-licence", "approved");
    expect(itemRow(kite, "consent-not-licence")?.na_decided_by).toBe(n.kyivAdmin.id);
  });

  it("a refused request still counts as open", () => {
    const before = detail(kite, ed).readiness;
    const count = auditCount();
    decide(ed2, kite, "consent-not-licence", "refused");
    expect(itemRow(kite, "consent-not-licence")).toMatchObject({ state: "not_applicable", na_approval: "refused" });
    expect(detail(kite, ed).readiness).toMatchObject({ blockingOpen: before.blockingOpen, pendingApproval: 0, ready: false });
    expect(entry(kite, "consent-not-licence", ed)).toMatchObject({ naApproval: "refused", blockingOpen: true });
    expect(auditSince(count)[0]!.data).toEqual({ itemId: "consent-not-licence", decision: "refused" });
    // Asking again starts a new request.
    notApplicable(ed, kite, "consent-not-licence");
    expect(itemRow(kite, "consent-not-licence")).toMatchObject({ na_approval: "pending", na_decided_by: null });
  });

  it("deciding when nothing is pending is an InvalidTransitionError", () => {
    refusedWithoutChange(() => decide(ed2, kite, "private-setting", "approved"), InvalidTransitionError);
    done(ed, kite, "right-to-stop");
    refusedWithoutChange(() => decide(ed2, kite, "right-to-stop", "approved"), InvalidTransitionError);
    notApplicable(ed, kite, "no-inducement"); // a warn item: no request is made
    refusedWithoutChange(() => decide(ed2, kite, "no-inducement", "approved"), InvalidTransitionError);
    refusedWithoutChange(() => decide(ed2, kite, "no-such-item", "approved"), NotFoundError);
  });

  it("an editor of another desk, or an admin outside it, gets not found", () => {
    refusedWithoutChange(() => decide(seoulEd, kite, "consent-not-licence", "approved"), NotFoundError);
    refusedWithoutChange(() => decide(n.admin.ctx, kite, "consent-not-licence", "approved"), NotFoundError);
  });

  it("listPendingApprovals shows the request to other editors of the desk only", () => {
    expect(listPendingApprovals({ ctx: ed2 })).toEqual([
      {
        interviewId: kite,
        codeName: "Kite",
        itemId: "consent-not-licence",
        itemTitle: CURRENT_GUIDANCE.items.find((i) => i.id === "consent-not-licence")!.title,
        requestedBy: "Eda Editor",
        requestedAt: expect.any(Number),
      },
    ]);
    expect(listPendingApprovals({ ctx: kyivAdmin }).map((p) => p.interviewId)).toEqual([kite]);
    expect(listPendingApprovals({ ctx: ed })).toEqual([]);
    expect(listPendingApprovals({ ctx: seoulEd })).toEqual([]);
    expect(listPendingApprovals({ ctx: n.admin.ctx })).toEqual([]);
    expect(listPendingApprovals({ ctx: jo })).toEqual([]);
    decide(ed2, kite, "consent-not-licence", "approved");
    expect(listPendingApprovals({ ctx: ed2 })).toEqual([]);
  });

  it("an archived interview's request can no longer be decided nor is it listed", () => {
    archiveInterview({ ctx: ed, input: { interviewId: kite } });
    expect(listPendingApprovals({ ctx: ed2 })).toEqual([]);
    refusedWithoutChange(() => decide(ed2, kite, "consent-not-licence", "approved"), ConflictError);
    expect(entry(kite, "consent-not-licence", ed2)?.canDecide).toBe(false);
  });
});

describe("upgradeGuidance", () => {
  const CHANGED = "right-to-stop";
  const REMOVED = "reach-explained";
  const UNCHANGED = "risks-explained";
  const NEW_ITEM: ChecklistItemDef = {
    id: "test-new-item",
    phase: "during",
    title: "Offer a break every hour",
    requirement: "Offer a break at least once an hour.",
    why: "Long sessions wear people down.",
    sources: ["Dart Center"],
    appliesTo: () => true,
    gate: () => "block",
    evidenceRequired: false,
  };
  /** A newer guidance built from the current one: one item reworded, one removed, one added. */
  const TARGET: GuidanceVersion = {
    version: "2099-01-test",
    items: [
      ...CURRENT_GUIDANCE.items
        .filter((i) => i.id !== REMOVED)
        .map((i) => (i.id === CHANGED ? { ...i, requirement: `${i.requirement} Remind them halfway through.` } : i)),
      NEW_ITEM,
    ],
  };

  it("keeps unchanged items, resets changed ones, sets removed ones aside, adds new ones, and audits the counts", () => {
    done(jo, birch, UNCHANGED, "Explained on the first visit.");
    done(jo, birch, CHANGED);
    done(jo, birch, REMOVED);
    notApplicable(jo, birch, "consent-not-licence");
    const before = applicableIds(birch);
    const count = auditCount();
    n.clock.advance(1000);

    const result = upgradeGuidance({ ctx: jo, input: { interviewId: birch }, target: TARGET });
    expect(result).toEqual({ kept: before.length - 2, reset: [CHANGED], added: [NEW_ITEM.id], removed: [REMOVED] });
    expect(guidanceOf(birch)).toBe(TARGET.version);

    const unchanged = itemRow(birch, UNCHANGED)!;
    expect(unchanged).toMatchObject({ applicable: 1, state: "done" });
    expect(open(unchanged.evidence_sealed!, evidenceContext(birch, UNCHANGED))).toBe("Explained on the first visit.");
    expect(itemRow(birch, "consent-not-licence")).toMatchObject({
      state: "not_applicable",
      na_approval: "pending",
      na_requested_by: n.jo.id,
    });
    const changedItem = TARGET.items.find((i) => i.id === CHANGED)!;
    expect(itemRow(birch, CHANGED)).toMatchObject({
      applicable: 1,
      state: "open",
      fingerprint: itemFingerprint(changedItem),
      updated_at: n.clock.now(),
    });
    expect(itemRow(birch, REMOVED)).toMatchObject({ applicable: 0, state: "done" });
    expect(itemRow(birch, NEW_ITEM.id)).toMatchObject({
      applicable: 1,
      state: "open",
      gate: "block",
      fingerprint: itemFingerprint(NEW_ITEM),
    });
    expect(applicableIds(birch)).toEqual([...before.filter((id) => id !== REMOVED), NEW_ITEM.id].sort());

    expect(auditSince(count)).toMatchObject([
      {
        action: "checklist.guidance_upgraded",
        targetId: birch,
        actorId: n.jo.id,
        data: {
          from: CURRENT_GUIDANCE.version,
          to: TARGET.version,
          kept: before.length - 2,
          reset: [CHANGED],
          added: [NEW_ITEM.id],
          removed: [REMOVED],
        },
      },
    ]);

    // Upgrading again to the same version is a conflict.
    refusedWithoutChange(() => upgradeGuidance({ ctx: jo, input: { interviewId: birch }, target: TARGET }), ConflictError);
  });

  it("an interview already on the current guidance has nothing to upgrade", () => {
    expect(detail(birch).upgradeAvailable).toBeNull();
    refusedWithoutChange(() => upgradeGuidance({ ctx: jo, input: { interviewId: birch } }), ConflictError);
  });

  it("only those who edit may upgrade; archived interviews stay on their version", () => {
    refusedWithoutChange(() => upgradeGuidance({ ctx: ed, input: { interviewId: birch }, target: TARGET }), ForbiddenError);
    refusedWithoutChange(() => upgradeGuidance({ ctx: jay, input: { interviewId: birch }, target: TARGET }), NotFoundError);
    archiveInterview({ ctx: jo, input: { interviewId: birch } });
    refusedWithoutChange(() => upgradeGuidance({ ctx: jo, input: { interviewId: birch }, target: TARGET }), ConflictError);
  });

  /**
   * Makes `birch` look as if it had been created under an older guidance "2026-10": CHANGED was worded
   * differently, REMOVED did not exist yet, and "old-only-item" has since been withdrawn.
   */
  function pretendOlderGuidance(interviewId: string) {
    const db = sqlite();
    db.prepare("update interviews set guidance_version = '2026-10' where id = ?").run(interviewId);
    db.prepare("update checklist_items set fingerprint = ? where interview_id = ? and item_id = ?").run(
      "a".repeat(64),
      interviewId,
      CHANGED,
    );
    db.prepare("delete from checklist_items where interview_id = ? and item_id = ?").run(interviewId, REMOVED);
    db.prepare(
      "insert into checklist_items (interview_id, item_id, applicable, gate, fingerprint, state, updated_at) values (?, 'old-only-item', 1, 'block', ?, 'done', 0)",
    ).run(interviewId, "b".repeat(64));
  }

  it("moves an interview from an older guidance to the current one (the one-click upgrade)", () => {
    done(jo, birch, UNCHANGED, "Explained on the first visit.");
    done(jo, birch, CHANGED);
    const count = applicableIds(birch).length;
    pretendOlderGuidance(birch);

    const result = upgradeGuidance({ ctx: jo, input: { interviewId: birch } });
    expect(result).toEqual({ kept: count - 2, reset: [CHANGED], added: [REMOVED], removed: ["old-only-item"] });
    const d = detail(birch);
    expect(d.upgradeAvailable).toBeNull();
    expect(d.interview.guidanceVersion).toBe(CURRENT_GUIDANCE.version);
    const state = (id: string) => d.checklist.find((c) => c.itemId === id)?.state;
    expect([state(UNCHANGED), state(CHANGED), state(REMOVED), state("old-only-item")]).toEqual(["done", "open", "open", undefined]);
    expect(d.checklist).toHaveLength(count);
  });

  it("an item set aside before an upgrade that changed its text comes back open, not with its old state", () => {
    done(jo, birch, "consent-not-licence");
    const toDefector = { ...birchInput, sourceType: "defector", inCustody: false, custodyHolder: "", setting: "safe_location" } as const;
    updateInterview({ ctx: jo, input: { interviewId: birch, fields: toDefector } });
    expect(itemRow(birch, "consent-not-licence")).toMatchObject({ applicable: 0, state: "done" });
    // It was done against older wording, while the interview followed an older guidance.
    sqlite().prepare("update interviews set guidance_version = '2026-10' where id = ?").run(birch);
    sqlite()
      .prepare("update checklist_items set fingerprint = ? where interview_id = ? and item_id = 'consent-not-licence'")
      .run("c".repeat(64), birch);
    upgradeGuidance({ ctx: jo, input: { interviewId: birch } });

    updateInterview({ ctx: jo, input: { interviewId: birch, fields: birchInput } });
    const current = CURRENT_GUIDANCE.items.find((i) => i.id === "consent-not-licence")!;
    expect(itemRow(birch, "consent-not-licence")).toMatchObject({ applicable: 1, state: "open", fingerprint: itemFingerprint(current) });
    expect(entry(birch, "consent-not-licence")).toMatchObject({ state: "open", blockingOpen: true });
  });

  it("applies the new guidance to the interview's source only", () => {
    const powOnly: ChecklistItemDef = { ...NEW_ITEM, id: "test-pow-only", appliesTo: (p) => p.sourceType === "pow" };
    const target: GuidanceVersion = { version: "2099-02-test", items: [...CURRENT_GUIDANCE.items, powOnly] };
    const magpie = seedInterview(
      jo,
      interviewInput(n.kyiv, { codeName: "Magpie", sourceType: "defector", inCustody: false, custodyHolder: "", setting: "safe_location" }),
    );
    const expected = applicableItems(
      target,
      profileOf({ ...birchInput, sourceType: "defector", inCustody: false, setting: "safe_location" }),
    );
    expect(upgradeGuidance({ ctx: jo, input: { interviewId: magpie }, target }).added).toEqual([]);
    expect(applicableIds(magpie)).toEqual(expected.map((e) => e.item.id).sort());
    expect(upgradeGuidance({ ctx: jo, input: { interviewId: birch }, target }).added).toEqual(["test-pow-only"]);
  });
});

describe("a failing audit insert rolls the change back", () => {
  const TARGET: GuidanceVersion = {
    version: "2099-03-test",
    items: CURRENT_GUIDANCE.items.filter((i) => i.id !== "reach-explained"),
  };
  const cases: [string, (id: string) => unknown][] = [
    ["setItemState (done)", (id) => done(jo, id, "private-setting", "Notebook 3.")],
    ["setItemState (not applicable, block: two entries)", (id) => notApplicable(jo, id, "dignity-check")],
    ["setItemState (open)", (id) => reopen(jo, id, "consent-not-licence")],
    ["decideNotApplicable", (id) => decide(ed, id, "consent-not-licence", "approved")],
    ["upgradeGuidance", (id) => upgradeGuidance({ ctx: jo, input: { interviewId: id }, target: TARGET })],
  ];

  it.each(cases)("%s", (_name, run) => {
    notApplicable(jo, birch, "consent-not-licence");
    const before = snapshot();
    const restore = forceAuditInsertFailure();
    try {
      expect(() => run(birch)).toThrow(/forced/);
    } finally {
      restore();
    }
    expect(snapshot()).toEqual(before);
    const count = auditCount();
    run(birch);
    expect(auditCount()).toBeGreaterThan(count);
  });
});
