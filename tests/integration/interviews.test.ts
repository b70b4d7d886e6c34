import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { applicableItems } from "@/lib/checklist/applicable";
import { CURRENT_GUIDANCE } from "@/lib/checklist/items";
import { setItemState } from "@/lib/checklist/set-item-state";
import { upgradeGuidance } from "@/lib/checklist/upgrade-guidance";
import type { Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { addComment } from "@/lib/interviews/add-comment";
import { archiveInterview } from "@/lib/interviews/archive-interview";
import { addCollaborator, removeCollaborator } from "@/lib/interviews/collaborators";
import type { InterviewStatus } from "@/lib/interviews/constants";
import { createInterview } from "@/lib/interviews/create-interview";
import { getInterview } from "@/lib/interviews/get-interview";
import { listDeskColleagues } from "@/lib/interviews/list-desk-colleagues";
import { listInterviews, listVisibleOwners } from "@/lib/interviews/list-interviews";
import { profileOf } from "@/lib/interviews/profile";
import type { CreateInterviewInput } from "@/lib/interviews/schema";
import { setInterviewStatus } from "@/lib/interviews/set-interview-status";
import { updateInterview } from "@/lib/interviews/update-interview";
import { failure, refusedWithoutChangeTo } from "../support/assertions";
import { defectorInput, interviewInput, makeCtx, seedInterview, seedNewsroom, T0, type Newsroom } from "../support/seed";
import { auditCount, auditRows, auditSince, forceAuditInsertFailure, registerTestDb, sqlite } from "../support/test-db";

registerTestDb("each");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INTERVIEW_TABLES = ["interviews", "interview_collaborators", "checklist_items", "interview_comments", "audit_events"];

/** Every row of the tables an interview service may touch, to prove that a failed call changed nothing. */
function snapshot(): Record<string, unknown[]> {
  return Object.fromEntries(INTERVIEW_TABLES.map((t) => [t, sqlite().prepare(`select * from ${t} order by rowid`).all()]));
}

interface InterviewRowRaw {
  id: string;
  code_name: string;
  source_type: string;
  in_custody: number;
  custody_holder: string | null;
  desk_id: string;
  owner_id: string;
  planned_date: string | null;
  notes_sealed: string | null;
  status: string;
  guidance_version: string;
  archived_at: number | null;
  created_at: number;
  updated_at: number;
}
const interviewRow = (id: string) => sqlite().prepare("select * from interviews where id = ?").get(id) as InterviewRowRaw | undefined;

interface ItemRowRaw {
  item_id: string;
  applicable: number;
  gate: "block" | "warn";
  state: string;
  evidence_sealed: string | null;
}
const itemRows = (interviewId: string) =>
  sqlite().prepare("select * from checklist_items where interview_id = ? order by item_id").all(interviewId) as ItemRowRaw[];
const itemRow = (interviewId: string, itemId: string) =>
  sqlite().prepare("select * from checklist_items where interview_id = ? and item_id = ?").get(interviewId, itemId) as
    ItemRowRaw | undefined;
const applicableIds = (interviewId: string) =>
  itemRows(interviewId)
    .filter((r) => r.applicable === 1)
    .map((r) => r.item_id);

/** Runs `run`, expects `type`, and checks that no table changed. */
const refusedWithoutChange = <E>(run: () => unknown, type: new (...args: never[]) => E): E =>
  refusedWithoutChangeTo(() => snapshot(), run, type);

const ids = (list: { id: string }[]) => list.map((i) => i.id);

let n: Newsroom;
let jo: Ctx;
let jay: Ctx;
let ed: Ctx;
let seoulEd: Ctx;
let kyivAdmin: Ctx;
let birchInput: CreateInterviewInput;
let birch: string;

beforeEach(async () => {
  n = await seedNewsroom();
  ({ jo, jay, ed, seoulEd, kyivAdmin } = n.ctxs);
  birchInput = interviewInput(n.kyiv, { notes: "Met near the canteen in block 4; mother lives in Hyesan." });
  birch = seedInterview(jo, birchInput);
  n.clock.advance(1000);
});

const update = (ctx: Ctx, interviewId: string, base: CreateInterviewInput, change: Partial<CreateInterviewInput> = {}) =>
  updateInterview({ ctx, input: { interviewId, fields: { ...base, ...change } } });

describe("createInterview", () => {
  it("creates the row with a random id, the POW checklist, and audits ids and counts only", () => {
    const count = auditCount();
    const { interviewId } = createInterview({ ctx: jo, input: interviewInput(n.kyiv, { codeName: "Aspen" }) });
    expect(interviewId).toMatch(UUID);
    expect(interviewId).not.toBe(birch);
    expect(interviewRow(interviewId)).toMatchObject({
      code_name: "Aspen",
      source_type: "pow",
      in_custody: 1,
      custody_holder: "Ukrainian authorities",
      desk_id: n.kyiv,
      owner_id: n.jo.id,
      planned_date: "2030-02-01",
      notes_sealed: null,
      status: "preparing",
      guidance_version: CURRENT_GUIDANCE.version,
      archived_at: null,
    });

    const rows = itemRows(interviewId);
    const expected = applicableItems(CURRENT_GUIDANCE, profileOf({ ...interviewInput(n.kyiv), inCustody: true }));
    expect(rows.map((r) => r.item_id).sort()).toEqual(expected.map((e) => e.item.id).sort());
    expect(rows.every((r) => r.applicable === 1 && r.state === "open")).toBe(true);
    const gate = (itemId: string) => rows.find((r) => r.item_id === itemId)?.gate;
    expect(gate("private-setting")).toBe("block");
    expect(gate("dignity-check")).toBe("block");
    expect(gate("consent-not-licence")).toBe("block");
    expect(gate("no-interrogation")).toBe("warn");
    expect(gate("minor-safeguards")).toBeUndefined();

    const events = auditSince(count);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "interview.created", targetType: "interview", targetId: interviewId, actorId: n.jo.id });
    expect(events[0]!.data).toEqual({ sourceType: "pow", deskId: n.kyiv, guidanceVersion: CURRENT_GUIDANCE.version, items: rows.length });
    expect(events[0]!.payload).not.toContain("Aspen");
  });

  it("a defector in Seoul gets no POW-only or custody items; the minor flag adds minor-safeguards", () => {
    const magpie = seedInterview(jo, defectorInput(n.kyiv));
    const items = applicableIds(magpie);
    for (const powOnly of [
      "private-setting",
      "dignity-check",
      "consent-not-licence",
      "repatriation-impact",
      "no-interrogation",
      "republication-watch",
    ]) {
      expect(items, powOnly).not.toContain(powOnly);
    }
    expect(items).toContain("safe-contact-channel");
    expect(items).not.toContain("minor-safeguards");
    expect(interviewRow(magpie)).toMatchObject({ in_custody: 0, custody_holder: null });

    const young = seedInterview(jo, defectorInput(n.kyiv, { codeName: "Wren", minor: true }));
    expect(applicableIds(young)).toEqual([...items, "minor-safeguards"].sort());
    expect(itemRow(young, "minor-safeguards")?.gate).toBe("block");
  });

  it("a prisoner of war is always in custody, whatever the form says", () => {
    const id = seedInterview(jo, interviewInput(n.kyiv, { inCustody: false }));
    expect(interviewRow(id)).toMatchObject({ in_custody: 1, custody_holder: "Ukrainian authorities" });
    expect(applicableIds(id)).toContain("private-setting");
  });

  it("drops a custody holder typed for someone not in custody, and stores an empty planned date as null", () => {
    const id = seedInterview(jo, defectorInput(n.kyiv, { custodyHolder: "Nobody", plannedDate: "" }));
    expect(interviewRow(id)).toMatchObject({ custody_holder: null, planned_date: null });
  });

  it.each<[string, Partial<CreateInterviewInput>]>([
    ["a POW", { custodyHolder: "" }],
    ["a POW (blank)", { custodyHolder: "   " }],
    ["a defector flagged in custody", { sourceType: "defector", inCustody: true, custodyHolder: "" }],
  ])("in custody without a custody holder (%s) is a field error and changes nothing", (_label, change) => {
    const err = refusedWithoutChange(() => createInterview({ ctx: jo, input: interviewInput(n.kyiv, change) }), ValidationError);
    expect(Object.keys(err.fieldErrors)).toEqual(["custodyHolder"]);
  });

  it("a desk the actor is not in is a ValidationError on deskId and changes nothing", () => {
    const err = refusedWithoutChange(() => createInterview({ ctx: jo, input: interviewInput(n.seoul) }), ValidationError);
    expect(err.fieldErrors).toEqual({ deskId: expect.any(String) });
    // An administrator manages desks but still creates interviews only in their own desks.
    failure(() => createInterview({ ctx: n.admin.ctx, input: interviewInput(n.kyiv) }), ValidationError);
  });

  it.each<[string, Record<string, unknown>]>([
    ["codeName", { codeName: "" }],
    ["codeName", { codeName: "010-1234-5678 x 0101234567" }],
    ["codeName", { codeName: "x".repeat(61) }],
    ["sourceType", { sourceType: "spy" }],
    ["outlet", { outlet: " " }],
    ["deskId", { deskId: "" }],
    ["plannedDate", { plannedDate: "2030-13-45" }],
    ["plannedDate", { plannedDate: "tomorrow" }],
    ["setting", { setting: "car" }],
    ["interpreter", { interpreter: "guard" }],
    ["sourceLanguage", { sourceLanguage: "" }],
    ["notes", { notes: "n".repeat(5001) }],
    ["minor", { minor: "yes" }],
  ])("bad input on %s is a field error and changes nothing", (field, change) => {
    const err = refusedWithoutChange(() => createInterview({ ctx: jo, input: { ...interviewInput(n.kyiv), ...change } }), ValidationError);
    expect(err.fieldErrors[field]).toEqual(expect.any(String));
  });

  it("needs a signed-in actor", () => {
    refusedWithoutChange(() => createInterview({ ctx: makeCtx(null), input: interviewInput(n.kyiv) }), UnauthenticatedError);
  });
});

describe("access", () => {
  /** Every way to read or change an interview, for one actor. */
  const attempts = (ctx: Ctx, id: string): [string, () => unknown][] => [
    ["getInterview", () => getInterview({ ctx, interviewId: id })],
    ["listDeskColleagues", () => listDeskColleagues({ ctx, interviewId: id })],
    ["updateInterview", () => update(ctx, id, birchInput, { codeName: "Oak" })],
    ["setInterviewStatus", () => setInterviewStatus({ ctx, input: { interviewId: id, status: "interviewed" } })],
    ["setItemState", () => setItemState({ ctx, input: { interviewId: id, itemId: "right-to-stop", state: "done", evidence: "" } })],
    ["addComment", () => addComment({ ctx, input: { interviewId: id, body: "Looks fine." } })],
    ["addCollaborator", () => addCollaborator({ ctx, input: { interviewId: id, userId: n.jay.id } })],
    ["removeCollaborator", () => removeCollaborator({ ctx, input: { interviewId: id, userId: n.jay.id } })],
    ["archiveInterview", () => archiveInterview({ ctx, input: { interviewId: id } })],
    ["upgradeGuidance", () => upgradeGuidance({ ctx, input: { interviewId: id } })],
  ];

  it("another journalist of the same desk can neither read nor change it: not found, nothing changes", () => {
    for (const [name, run] of attempts(jay, birch)) {
      const before = snapshot();
      expect(run, name).toThrow(NotFoundError);
      expect(snapshot(), name).toEqual(before);
    }
    expect(listInterviews({ ctx: jay, filter: {} })).toEqual([]);
    expect(listVisibleOwners({ ctx: jay })).toEqual([]);
  });

  it("an unknown id is not found, exactly like someone else's interview", () => {
    const unknown = failure(() => getInterview({ ctx: jo, interviewId: "00000000-0000-4000-8000-000000000000" }), NotFoundError);
    const hidden = failure(() => getInterview({ ctx: jay, interviewId: birch }), NotFoundError);
    expect(hidden.message).toBe(unknown.message);
  });

  it("an editor of another desk cannot read it", () => {
    for (const [name, run] of attempts(seoulEd, birch)) expect(run, name).toThrow(NotFoundError);
    expect(listInterviews({ ctx: seoulEd, filter: {} })).toEqual([]);
  });

  it("an administrator who is not in the desk cannot read it either", () => {
    for (const [name, run] of attempts(n.admin.ctx, birch)) expect(run, name).toThrow(NotFoundError);
    expect(listInterviews({ ctx: n.admin.ctx, filter: {} })).toEqual([]);
  });

  it("an editor of the desk reads, lists and comments, but cannot edit", () => {
    const detail = getInterview({ ctx: ed, interviewId: birch });
    expect(detail).toMatchObject({ access: "desk", canEdit: false, canArchive: false, isOwner: false, transitions: [] });
    expect(detail.interview.codeName).toBe("Birch");
    expect(ids(listInterviews({ ctx: ed, filter: {} }))).toEqual([birch]);

    const count = auditCount();
    const { commentId } = addComment({ ctx: ed, input: { interviewId: birch, body: "Check the interpreter's employer." } });
    expect(auditSince(count)).toMatchObject([
      { action: "interview.comment_added", targetId: birch, actorId: n.ed.id, data: { commentId } },
    ]);
    expect(getInterview({ ctx: jo, interviewId: birch }).comments).toMatchObject([
      { id: commentId, author: "Eda Editor", body: "Check the interpreter's employer." },
    ]);

    refusedWithoutChange(() => update(ed, birch, birchInput, { codeName: "Oak" }), ForbiddenError);
    refusedWithoutChange(
      () => setItemState({ ctx: ed, input: { interviewId: birch, itemId: "right-to-stop", state: "done", evidence: "" } }),
      ForbiddenError,
    );
    refusedWithoutChange(() => setInterviewStatus({ ctx: ed, input: { interviewId: birch, status: "interviewed" } }), ForbiddenError);
    refusedWithoutChange(() => addCollaborator({ ctx: ed, input: { interviewId: birch, userId: n.jay.id } }), ForbiddenError);
    refusedWithoutChange(() => archiveInterview({ ctx: ed, input: { interviewId: birch } }), ForbiddenError);
    refusedWithoutChange(() => upgradeGuidance({ ctx: ed, input: { interviewId: birch } }), ForbiddenError);
  });

  it("an administrator of the desk sees what an editor sees", () => {
    expect(getInterview({ ctx: kyivAdmin, interviewId: birch })).toMatchObject({ access: "desk", canEdit: false, canArchive: true });
    refusedWithoutChange(() => update(kyivAdmin, birch, birchInput, { codeName: "Oak" }), ForbiddenError);
  });

  it("a collaborator added by the owner edits; removing them revokes it; both are audited", () => {
    expect(ids(listDeskColleagues({ ctx: jo, interviewId: birch }))).toEqual(
      expect.arrayContaining([n.jay.id, n.ed.id, n.ed2.id, n.kyivAdmin.id]),
    );
    expect(ids(listDeskColleagues({ ctx: jo, interviewId: birch }))).not.toContain(n.jo.id);

    let count = auditCount();
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    expect(auditSince(count)).toMatchObject([
      { action: "interview.collaborator_added", targetId: birch, actorId: n.jo.id, data: { userId: n.jay.id } },
    ]);

    expect(getInterview({ ctx: jay, interviewId: birch })).toMatchObject({ access: "collaborator", canEdit: true, canArchive: false });
    expect(getInterview({ ctx: jo, interviewId: birch }).collaborators).toEqual([{ id: n.jay.id, name: "Jay Journalist" }]);
    expect(ids(listInterviews({ ctx: jay, filter: {} }))).toEqual([birch]);
    expect(update(jay, birch, birchInput, { outlet: "Example Weekly" }).changed).toEqual(["outlet"]);
    setItemState({ ctx: jay, input: { interviewId: birch, itemId: "right-to-stop", state: "done", evidence: "" } });
    expect(itemRow(birch, "right-to-stop")?.state).toBe("done");

    // Collaborators edit, but only the owner manages who collaborates and archives.
    refusedWithoutChange(() => addCollaborator({ ctx: jay, input: { interviewId: birch, userId: n.ed.id } }), ForbiddenError);
    refusedWithoutChange(() => removeCollaborator({ ctx: jay, input: { interviewId: birch, userId: n.jay.id } }), ForbiddenError);
    refusedWithoutChange(() => archiveInterview({ ctx: jay, input: { interviewId: birch } }), ForbiddenError);

    count = auditCount();
    removeCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    expect(auditSince(count)).toMatchObject([{ action: "interview.collaborator_removed", targetId: birch, data: { userId: n.jay.id } }]);
    failure(() => getInterview({ ctx: jay, interviewId: birch }), NotFoundError);
    refusedWithoutChange(() => update(jay, birch, birchInput, { outlet: "Other" }), NotFoundError);
    expect(listInterviews({ ctx: jay, filter: {} })).toEqual([]);
  });

  it("collaborators must be active colleagues of the interview's desk, added once", () => {
    const kyivAdded = (userId: string) => () => addCollaborator({ ctx: jo, input: { interviewId: birch, userId } });
    expect(refusedWithoutChange(kyivAdded(n.seoulEd.id), ValidationError).fieldErrors).toHaveProperty("userId");
    expect(refusedWithoutChange(kyivAdded(n.jo.id), ValidationError).fieldErrors).toHaveProperty("userId");
    expect(refusedWithoutChange(kyivAdded("no-such-user"), ValidationError).fieldErrors).toHaveProperty("userId");
    kyivAdded(n.ed.id)();
    expect(refusedWithoutChange(kyivAdded(n.ed.id), ConflictError).fieldErrors).toHaveProperty("userId");
    refusedWithoutChange(() => removeCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } }), ValidationError);
  });
});

describe("listInterviews", () => {
  it("shows each actor only the interviews they may see", () => {
    const jays = seedInterview(jay, defectorInput(n.kyiv, { codeName: "Heron" }));
    const seoulOnes = seedInterview(seoulEd, defectorInput(n.seoul, { codeName: "Crane" }));
    expect(ids(listInterviews({ ctx: jo, filter: {} }))).toEqual([birch]);
    expect(ids(listInterviews({ ctx: jay, filter: {} }))).toEqual([jays]);
    expect(ids(listInterviews({ ctx: ed, filter: {} })).sort()).toEqual([birch, jays].sort());
    expect(ids(listInterviews({ ctx: kyivAdmin, filter: {} })).sort()).toEqual([birch, jays].sort());
    expect(ids(listInterviews({ ctx: seoulEd, filter: {} }))).toEqual([seoulOnes]);
    expect(ids(listInterviews({ ctx: n.admin.ctx, filter: {} }))).toEqual([seoulOnes]);
    expect(ids(listVisibleOwners({ ctx: ed })).sort()).toEqual([n.jo.id, n.jay.id].sort());
  });

  it("lists the readiness and owner of each row", () => {
    const [row] = listInterviews({ ctx: jo, filter: {} });
    const detail = getInterview({ ctx: jo, interviewId: birch });
    expect(row).toMatchObject({
      id: birch,
      codeName: "Birch",
      sourceType: "pow",
      status: "preparing",
      ownerName: "Jo Journalist",
      deskName: "Kyiv bureau",
      archived: false,
      blockingOpen: detail.readiness.blockingOpen,
      pendingApprovals: 0,
    });
    expect(row!.blockingOpen).toBeGreaterThan(0);
  });

  it("searches code names with % and _ taken literally, ignoring case", () => {
    const pct = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Ash 50%_off" }));
    const plain = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Ash 50xxoff" }));
    const slash = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Ash\\Elm" }));
    const search = (q: string) => ids(listInterviews({ ctx: jo, filter: { q } })).sort();
    expect(search("%")).toEqual([pct]);
    expect(search("_")).toEqual([pct]);
    expect(search("50%_")).toEqual([pct]);
    expect(search("0%_O")).toEqual([pct]);
    expect(search("\\")).toEqual([slash]);
    expect(search("ash")).toEqual([pct, plain, slash].sort());
    expect(search("BIRCH")).toEqual([birch]);
    expect(search("nothing like it")).toEqual([]);
  });

  it("filters by status, source type, desk and owner", () => {
    const magpie = seedInterview(jo, defectorInput(n.kyiv));
    const edsOwn = seedInterview(ed, defectorInput(n.kyiv, { codeName: "Kite" }));
    setInterviewStatus({ ctx: jo, input: { interviewId: magpie, status: "interviewed" } });
    const list = (filter: Record<string, unknown>) => ids(listInterviews({ ctx: ed, filter })).sort();
    expect(list({ status: "interviewed" })).toEqual([magpie]);
    expect(list({ status: "preparing" })).toEqual([birch, edsOwn].sort());
    expect(list({ sourceType: "pow" })).toEqual([birch]);
    expect(list({ sourceType: "defector" })).toEqual([magpie, edsOwn].sort());
    expect(list({ ownerId: n.ed.id })).toEqual([edsOwn]);
    expect(list({ ownerId: n.jo.id })).toEqual([birch, magpie].sort());
    expect(list({ deskId: n.kyiv })).toEqual([birch, magpie, edsOwn].sort());
    expect(list({ deskId: n.seoul })).toEqual([]);
    // Filters never widen what an actor sees.
    expect(ids(listInterviews({ ctx: seoulEd, filter: { deskId: n.kyiv } }))).toEqual([]);
    expect(ids(listInterviews({ ctx: jay, filter: { ownerId: n.jo.id } }))).toEqual([]);
    // Bad filters are ignored, not errors.
    expect(list({ status: "bogus", sourceType: 42, archived: "everything" })).toEqual([birch, magpie, edsOwn].sort());
    expect(list({ status: "cancelled", sourceType: "pow" })).toEqual([]);
  });

  it("hides archived interviews by default; include and only show them", () => {
    const magpie = seedInterview(jo, defectorInput(n.kyiv));
    archiveInterview({ ctx: jo, input: { interviewId: magpie } });
    expect(ids(listInterviews({ ctx: jo, filter: {} }))).toEqual([birch]);
    expect(ids(listInterviews({ ctx: jo, filter: { archived: "include" } })).sort()).toEqual([birch, magpie].sort());
    expect(listInterviews({ ctx: jo, filter: { archived: "only" } })).toMatchObject([{ id: magpie, archived: true }]);
  });

  it("sorts by planned date, undated last (newest first among equals)", () => {
    const late = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Late", plannedDate: "2030-03-01" }));
    n.clock.advance(1000);
    const undatedOld = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Undated one", plannedDate: "" }));
    n.clock.advance(1000);
    const early = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Early", plannedDate: "2030-01-20" }));
    n.clock.advance(1000);
    const undatedNew = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Undated two", plannedDate: "" }));
    // birch is planned for 2030-02-01.
    expect(ids(listInterviews({ ctx: jo, filter: {} }))).toEqual([early, birch, late, undatedNew, undatedOld]);
  });
});

describe("updateInterview", () => {
  it("audits the names of changed fields, never their values", () => {
    const count = auditCount();
    const newNotes = "Interpreter Park works for the camp; use the side door near the clinic.";
    const { changed } = update(jo, birch, birchInput, { codeName: "Larch", outlet: "Example Weekly", notes: newNotes, plannedDate: "" });
    expect(changed.sort()).toEqual(["codeName", "notes", "outlet", "plannedDate"]);
    expect(interviewRow(birch)).toMatchObject({ code_name: "Larch", planned_date: null, updated_at: n.clock.now() });
    expect(getInterview({ ctx: jo, interviewId: birch }).interview).toMatchObject({
      codeName: "Larch",
      outlet: "Example Weekly",
      notes: newNotes,
    });

    const events = auditSince(count);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "interview.updated", targetId: birch, actorId: n.jo.id });
    expect((events[0]!.data.fields as string[]).sort()).toEqual(changed.sort());
    for (const row of auditRows()) {
      for (const secret of ["Larch", "Birch", "canteen", "Hyesan", "Interpreter Park", "side door", "Example Weekly"]) {
        expect(row.payload, `${row.action} leaks ${secret}`).not.toContain(secret);
      }
    }
    expect(verifyStoredChain()).toMatchObject({ intact: true });
  });

  it("an unchanged form changes nothing and writes no audit entry", () => {
    const before = snapshot();
    expect(update(jo, birch, birchInput).changed).toEqual([]);
    expect(snapshot()).toEqual(before);
  });

  it("changing the source type re-syncs the checklist: kept items keep their state, removed ones are set aside and come back", () => {
    setItemState({ ctx: jo, input: { interviewId: birch, itemId: "right-to-stop", state: "done", evidence: "" } });
    setItemState({ ctx: jo, input: { interviewId: birch, itemId: "private-setting", state: "done", evidence: "Guards left the room." } });
    const powItems = applicableIds(birch);

    const toDefector = {
      sourceType: "defector",
      inCustody: false,
      custodyHolder: "",
      setting: "safe_location",
      interpreter: "none",
    } as const;
    let count = auditCount();
    const { changed } = update(jo, birch, birchInput, toDefector);
    expect(changed.sort()).toEqual(["custodyHolder", "inCustody", "interpreter", "setting", "sourceType"]);
    const defectorItems = applicableIds(birch);
    const expectedDefector = applicableItems(CURRENT_GUIDANCE, profileOf({ ...birchInput, ...toDefector }))
      .map((i) => i.item.id)
      .sort();
    expect(defectorItems).toEqual(expectedDefector);
    const removed = powItems.filter((id) => !defectorItems.includes(id));
    const added = defectorItems.filter((id) => !powItems.includes(id));
    expect(removed).toEqual(expect.arrayContaining(["private-setting", "dignity-check", "consent-not-licence"]));
    expect(added).toEqual(expect.arrayContaining(["safe-contact-channel"]));

    expect(itemRow(birch, "right-to-stop")).toMatchObject({ applicable: 1, state: "done" });
    expect(itemRow(birch, "private-setting")).toMatchObject({ applicable: 0, state: "done" });
    const detail = getInterview({ ctx: jo, interviewId: birch });
    expect(detail.checklist.map((c) => c.itemId)).not.toContain("private-setting");
    expect(detail.checklist.find((c) => c.itemId === "right-to-stop")?.state).toBe("done");

    const events = auditSince(count);
    expect(events.map((e) => e.action)).toEqual(["interview.updated", "checklist.synced"]);
    expect(events[1]).toMatchObject({ targetId: birch });
    expect((events[1]!.data.removed as string[]).sort()).toEqual(removed.sort());
    expect((events[1]!.data.added as string[]).sort()).toEqual(added.sort());
    expect(events[1]!.data.restored).toEqual([]);

    count = auditCount();
    update(jo, birch, birchInput);
    expect(applicableIds(birch)).toEqual(powItems);
    const back = getInterview({ ctx: jo, interviewId: birch }).checklist.find((c) => c.itemId === "private-setting");
    expect(back).toMatchObject({ state: "done", evidence: "Guards left the room." });
    const resync = auditSince(count)[1]!;
    expect(resync.action).toBe("checklist.synced");
    expect((resync.data.restored as string[]).sort()).toEqual(removed.sort());
    expect(resync.data.added).toEqual([]);
    expect((resync.data.removed as string[]).sort()).toEqual(added.sort());
  });

  it("changing a flag adds its items and re-gates others", () => {
    const count = auditCount();
    expect(itemRow(birch, "trauma-informed")?.gate).toBe("warn");
    update(jo, birch, birchInput, { minor: true, recentTrauma: true });
    expect(itemRow(birch, "minor-safeguards")).toMatchObject({ applicable: 1, gate: "block", state: "open" });
    expect(itemRow(birch, "trauma-informed")?.gate).toBe("block");
    expect(auditSince(count).map((e) => [e.action, e.data])).toEqual([
      ["interview.updated", { fields: ["minor", "recentTrauma"] }],
      ["checklist.synced", { added: ["minor-safeguards"], removed: [], restored: [] }],
    ]);
  });

  it("a change that does not touch the source profile leaves the checklist alone", () => {
    const before = itemRows(birch);
    const count = auditCount();
    update(jo, birch, birchInput, { outlet: "Other outlet" });
    expect(itemRows(birch)).toEqual(before);
    expect(auditSince(count).map((e) => e.action)).toEqual(["interview.updated"]);
  });

  it("refuses a desk the actor is not in, bad fields, and archived interviews", () => {
    expect(refusedWithoutChange(() => update(jo, birch, birchInput, { deskId: n.seoul }), ValidationError).fieldErrors).toHaveProperty(
      "deskId",
    );
    expect(refusedWithoutChange(() => update(jo, birch, birchInput, { custodyHolder: "" }), ValidationError).fieldErrors).toHaveProperty(
      "fields.custodyHolder",
    );
    archiveInterview({ ctx: jo, input: { interviewId: birch } });
    refusedWithoutChange(() => update(jo, birch, birchInput, { codeName: "Oak" }), ConflictError);
  });
});

describe("encryption at rest", () => {
  const NOTES = "Mother Kim Sun-hee still lives in Hyesan, near the market.";
  const EVIDENCE = "Guards waited outside; recorded in notebook 7.";
  const REASON = "No inducement possible: he asked us to come, nothing was offered.";
  const COMMENT = "Call the brother in Daegu before Friday.";

  function fill(): string {
    const id = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Spruce", notes: NOTES }));
    setItemState({ ctx: jo, input: { interviewId: id, itemId: "private-setting", state: "done", evidence: EVIDENCE } });
    setItemState({ ctx: jo, input: { interviewId: id, itemId: "no-inducement", state: "not_applicable", reason: REASON } });
    addComment({ ctx: ed, input: { interviewId: id, body: COMMENT } });
    return id;
  }

  it("notes, evidence, N/A reasons and comments never appear in clear in the database", () => {
    fill();
    const tables = (sqlite().prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name);
    const dump = JSON.stringify(tables.map((t) => sqlite().prepare(`select * from "${t}"`).all()));
    for (const secret of [NOTES, EVIDENCE, REASON, COMMENT, "Hyesan", "notebook 7", "Daegu"]) expect(dump).not.toContain(secret);
    expect(dump).toContain("Spruce"); // the code name is the one thing stored in clear

    sqlite().pragma("wal_checkpoint(TRUNCATE)");
    const dir = path.dirname(sqlite().name);
    const bytes = Buffer.concat(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f))));
    for (const secret of ["Hyesan", "notebook 7", "nothing was offered", "Daegu"]) expect(bytes.includes(secret)).toBe(false);
    expect(bytes.includes("Spruce")).toBe(true);
  });

  it("getInterview decrypts them for whoever may read the interview", () => {
    const id = fill();
    for (const ctx of [jo, ed]) {
      const detail = getInterview({ ctx, interviewId: id });
      expect(detail.interview.notes).toBe(NOTES);
      expect(detail.checklist.find((c) => c.itemId === "private-setting")?.evidence).toBe(EVIDENCE);
      expect(detail.checklist.find((c) => c.itemId === "no-inducement")?.naReason).toBe(REASON);
      expect(detail.comments.map((c) => c.body)).toEqual([COMMENT]);
    }
  });

  it("a ciphertext copied to another interview does not open there", () => {
    const id = fill();
    const sealed = interviewRow(id)!.notes_sealed;
    sqlite().prepare("update interviews set notes_sealed = ? where id = ?").run(sealed, birch);
    expect(() => getInterview({ ctx: jo, interviewId: birch })).toThrow();
  });
});

describe("setInterviewStatus", () => {
  it("moves preparing → interviewed → preparing → cancelled → preparing, auditing from and to", () => {
    expect(getInterview({ ctx: jo, interviewId: birch }).transitions).toEqual(["interviewed", "cancelled"]);
    const path: [InterviewStatus, InterviewStatus][] = [
      ["preparing", "interviewed"],
      ["interviewed", "preparing"],
      ["preparing", "cancelled"],
      ["cancelled", "preparing"],
      ["preparing", "interviewed"],
      ["interviewed", "cancelled"],
    ];
    for (const [from, to] of path) {
      const count = auditCount();
      n.clock.advance(1000);
      setInterviewStatus({ ctx: jo, input: { interviewId: birch, status: to } });
      expect(interviewRow(birch)).toMatchObject({ status: to, updated_at: n.clock.now() });
      expect(auditSince(count)).toMatchObject([{ action: "interview.status_changed", targetId: birch, data: { from, to } }]);
    }
  });

  it.each<[InterviewStatus[], InterviewStatus]>([
    [[], "published"],
    [[], "cleared"],
    [[], "in_review"],
    [[], "preparing"],
    [["interviewed"], "in_review"],
    [["interviewed"], "interviewed"],
    [["cancelled"], "interviewed"],
  ])("after %j, moving to %s is an InvalidTransitionError and changes nothing", (steps, to) => {
    for (const s of steps) setInterviewStatus({ ctx: jo, input: { interviewId: birch, status: s } });
    refusedWithoutChange(() => setInterviewStatus({ ctx: jo, input: { interviewId: birch, status: to } }), InvalidTransitionError);
  });

  it("rejects an unknown status as a field error", () => {
    expect(
      refusedWithoutChange(() => setInterviewStatus({ ctx: jo, input: { interviewId: birch, status: "done" } }), ValidationError)
        .fieldErrors,
    ).toHaveProperty("status");
  });

  it("an archived interview keeps its status", () => {
    archiveInterview({ ctx: jo, input: { interviewId: birch } });
    refusedWithoutChange(() => setInterviewStatus({ ctx: jo, input: { interviewId: birch, status: "interviewed" } }), ConflictError);
  });
});

describe("archiveInterview", () => {
  it("the owner archives: hidden from the default list, read-only, audited", () => {
    const count = auditCount();
    n.clock.advance(5000);
    archiveInterview({ ctx: jo, input: { interviewId: birch } });
    expect(interviewRow(birch)).toMatchObject({ archived_at: n.clock.now() });
    expect(auditSince(count)).toMatchObject([{ action: "interview.archived", targetId: birch, actorId: n.jo.id, data: {} }]);
    expect(listInterviews({ ctx: jo, filter: {} })).toEqual([]);
    expect(listInterviews({ ctx: ed, filter: {} })).toEqual([]);
    expect(getInterview({ ctx: jo, interviewId: birch })).toMatchObject({ canEdit: false, canArchive: false, transitions: [] });
    refusedWithoutChange(
      () => setItemState({ ctx: jo, input: { interviewId: birch, itemId: "right-to-stop", state: "done", evidence: "" } }),
      ConflictError,
    );
    refusedWithoutChange(() => addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } }), ConflictError);
    refusedWithoutChange(() => addComment({ ctx: ed, input: { interviewId: birch, body: "Too late?" } }), ConflictError);
    refusedWithoutChange(() => archiveInterview({ ctx: jo, input: { interviewId: birch } }), ConflictError);
  });

  it("a collaborator and an editor of the desk cannot archive; an administrator of the desk can", () => {
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    refusedWithoutChange(() => archiveInterview({ ctx: jay, input: { interviewId: birch } }), ForbiddenError);
    refusedWithoutChange(() => archiveInterview({ ctx: ed, input: { interviewId: birch } }), ForbiddenError);
    refusedWithoutChange(() => archiveInterview({ ctx: n.admin.ctx, input: { interviewId: birch } }), NotFoundError);
    const count = auditCount();
    archiveInterview({ ctx: kyivAdmin, input: { interviewId: birch } });
    expect(auditSince(count)).toMatchObject([{ action: "interview.archived", actorId: n.kyivAdmin.id }]);
    refusedWithoutChange(() => archiveInterview({ ctx: kyivAdmin, input: { interviewId: birch } }), ConflictError);
  });
});

describe("a failing audit insert rolls the change back", () => {
  const cases: [string, (id: string) => unknown][] = [
    ["createInterview", () => createInterview({ ctx: jo, input: interviewInput(n.kyiv, { codeName: "Rowan" }) })],
    ["updateInterview (details)", (id) => update(jo, id, birchInput, { outlet: "Other outlet", notes: "changed" })],
    ["updateInterview (checklist re-sync)", (id) => update(jo, id, birchInput, { minor: true })],
    ["setInterviewStatus", (id) => setInterviewStatus({ ctx: jo, input: { interviewId: id, status: "interviewed" } })],
    ["archiveInterview", (id) => archiveInterview({ ctx: jo, input: { interviewId: id } })],
    ["addCollaborator", (id) => addCollaborator({ ctx: jo, input: { interviewId: id, userId: n.ed.id } })],
    ["removeCollaborator", (id) => removeCollaborator({ ctx: jo, input: { interviewId: id, userId: n.jay.id } })],
    ["addComment", (id) => addComment({ ctx: ed, input: { interviewId: id, body: "A comment." } })],
  ];

  it.each(cases)("%s", (_name, run) => {
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    const before = snapshot();
    const restore = forceAuditInsertFailure();
    try {
      expect(() => run(birch)).toThrow(/forced/);
    } finally {
      restore();
    }
    expect(snapshot()).toEqual(before);
    // And the same call succeeds once the audit log works again.
    const count = auditCount();
    run(birch);
    expect(auditCount()).toBeGreaterThan(count);
  });
});

describe("timestamps", () => {
  it("come from the context clock", () => {
    expect(interviewRow(birch)).toMatchObject({ created_at: T0, updated_at: T0 });
  });
});
