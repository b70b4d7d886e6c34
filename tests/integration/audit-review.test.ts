import { beforeEach, describe, expect, it } from "vitest";
import { describeAction } from "@/lib/audit/events";
import { actionsMatchingText, actionsSelectedBy } from "@/lib/audit/filters";
import { listAuditEvents, type AuditListItem } from "@/lib/audit/list-audit-events";
import { listAuditFilterOptions } from "@/lib/audit/list-audit-filter-options";
import { listInterviewActivity } from "@/lib/audit/list-interview-activity";
import { attachUpload } from "@/lib/consent/attach-upload";
import { readConsentUpload } from "@/lib/consent/read-upload";
import { recordConsent } from "@/lib/consent/record-consent";
import { viewConsentRecord } from "@/lib/consent/view-consent-record";
import { withdrawConsent } from "@/lib/consent/withdraw-consent";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { addComment } from "@/lib/interviews/add-comment";
import { addCollaborator } from "@/lib/interviews/collaborators";
import { addPastedDocument } from "@/lib/review/documents";
import { attachImage, readImage } from "@/lib/review/images";
import { openVault, saveVault, viewVault } from "@/lib/review/vault";
import { downloadVersion, getDocumentReview } from "@/lib/review/view";
import { failure } from "../support/assertions";
import { consentInput, DAY, HOUR, plainJpeg, withdrawInput } from "../support/consent-fixtures";
import { BASIC_VAULT, DRAFT, entries, versionRows } from "../support/review-fixtures";
import {
  defectorInput,
  interviewInput,
  makeCtx,
  seedInterview,
  seedNewsroom,
  seedUser,
  type Newsroom,
  type SeededUser,
} from "../support/seed";
import { auditCount, auditRows, auditSince, registerTestDb, sqlite } from "../support/test-db";

registerTestDb("each");

/**
 * Two desks: Kyiv (desk A: Jo and Jay, journalists; Eda and Eli, editors; Kim, admin) with the interview "Birch",
 * and Seoul (desk B: Ada the set-up admin, Sun the editor, Seo the journalist) with the interview "Magpie". Both
 * sources gave consent and withdrew it; comments land exactly on UTC day boundaries.
 */
let n: Newsroom;
let jo: Ctx;
let jay: Ctx;
let ed: Ctx;
let ed2: Ctx;
let seoulEd: Ctx;
let kyivAdmin: Ctx;
let seo: SeededUser;
let sj: Ctx;
let birch: string;
let magpie: string;
let birchRecord: string;
let magpieRecord: string;

const at = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) => Date.UTC(y, m - 1, d, h, min, s, ms);
/** The comments on Birch, one per boundary: just before, at the start and at the end of 2030-01-20, and just after. */
const BOUNDARIES = [at(2030, 1, 19, 23, 59, 59, 999), at(2030, 1, 20), at(2030, 1, 20, 23, 59, 59, 999), at(2030, 1, 21)];
let boundarySeqs: number[];

beforeEach(async () => {
  n = await seedNewsroom();
  ({ jo, jay, ed, ed2, seoulEd, kyivAdmin } = n.ctxs);
  seo = await seedUser(n.admin.ctx, "journalist", { deskIds: [n.seoul], name: "Seo Journalist" });
  sj = n.ctx(seo);
  birch = seedInterview(jo, interviewInput(n.kyiv));
  magpie = seedInterview(sj, defectorInput(n.seoul));
  n.clock.advance(HOUR);
  birchRecord = recordConsent({ ctx: jo, input: consentInput(birch, n.clock.now()) }).recordId;
  magpieRecord = recordConsent({ ctx: sj, input: consentInput(magpie, n.clock.now()) }).recordId;
  viewConsentRecord({ ctx: seoulEd, interviewId: magpie, recordId: magpieRecord });
  n.clock.set(at(2030, 1, 16, 12));
  withdrawConsent({ ctx: jo, input: withdrawInput(birch, birchRecord, n.clock.now()) });
  withdrawConsent({ ctx: sj, input: withdrawInput(magpie, magpieRecord, n.clock.now()) });
  boundarySeqs = [];
  for (const t of BOUNDARIES) {
    n.clock.set(t);
    addComment({ ctx: jo, input: { interviewId: birch, body: "A note on the draft." } });
    boundarySeqs.push(auditRows().at(-1)!.seq);
  }
  n.clock.set(at(2030, 1, 22, 8));
});

type Row = ReturnType<typeof auditRows>[number];
interface Filter {
  actorId?: string;
  action?: string;
  interviewId?: string;
  from?: string;
  to?: string;
  q?: string;
}

const INTERVIEW_TYPES = new Set(["interview", "checklist", "consent", "vault", "review", "image"]);

/** Reference model of an editor's scope, straight from the tables (not through the service's helpers). */
function editorScope(userId: string): (r: Row) => boolean {
  const deskIds = (sqlite().prepare("select desk_id as id from user_desks where user_id = ?").all(userId) as { id: string }[]).map(
    (d) => d.id,
  );
  const marks = deskIds.map(() => "?").join(",") || "''";
  const deskUsers = new Set(
    (
      sqlite()
        .prepare(`select user_id as id from user_desks where desk_id in (${marks})`)
        .all(...deskIds) as { id: string }[]
    ).map((u) => u.id),
  );
  const deskInterviews = new Set(
    (
      sqlite()
        .prepare(`select id from interviews where desk_id in (${marks})`)
        .all(...deskIds) as { id: string }[]
    ).map((i) => i.id),
  );
  return (r) =>
    r.actorId === userId ||
    (r.actorId !== null && deskUsers.has(r.actorId)) ||
    (r.targetType === "user" && deskUsers.has(r.targetId!)) ||
    (r.targetType === "desk" && deskIds.includes(r.targetId!)) ||
    (INTERVIEW_TYPES.has(r.targetType) && deskInterviews.has(r.targetId!));
}
const everything = () => true;

/** Reference model of the filters. */
function matches(r: Row, f: Filter): boolean {
  if (f.actorId && r.actorId !== f.actorId) return false;
  if (f.action && !(f.action.endsWith(".*") ? r.action.startsWith(f.action.slice(0, -1)) : r.action === f.action)) return false;
  if (f.interviewId && !(INTERVIEW_TYPES.has(r.targetType) && r.targetId === f.interviewId)) return false;
  if (f.from && r.occurredAt < Date.parse(`${f.from}T00:00:00Z`)) return false;
  if (f.to && r.occurredAt >= Date.parse(`${f.to}T00:00:00Z`) + DAY) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    if (!r.action.toLowerCase().includes(q) && !describeAction(r.action).toLowerCase().includes(q)) return false;
  }
  return true;
}

const expected = (scope: (r: Row) => boolean, f: Filter = {}) =>
  auditRows()
    .filter((r) => scope(r) && matches(r, f))
    .map((r) => r.seq)
    .reverse();

/** One big page: everything the viewer may see with these filters (the fixture holds well under 200 entries). */
function list(ctx: Ctx, f: Filter = {}): AuditListItem[] {
  const page = listAuditEvents({ ctx, input: { ...f, limit: 200 } });
  expect(page.nextBefore).toBeNull();
  return page.items;
}
const seqs = (items: readonly AuditListItem[]) => items.map((i) => i.seq);
const actionsOf = (items: readonly AuditListItem[]) => new Set(items.map((i) => i.action));

describe("scope: an editor of desk A never sees desk B's entries, whatever the filters", () => {
  const deskBMarks = () => ({ targets: new Set([magpie, seo.id, n.seoulEd.id, n.seoul]), actors: new Set([seo.id, n.seoulEd.id]) });

  const filters = (): [string, Filter][] => [
    ["no filter", {}],
    ["desk B's journalist as actor", { actorId: seo.id }],
    ["desk B's editor as actor", { actorId: n.seoulEd.id }],
    ["desk B's interview", { interviewId: magpie }],
    ["desk B's interview and an action", { interviewId: magpie, action: "consent.withdrawn" }],
    ["desk B's journalist on desk B's interview", { actorId: seo.id, interviewId: magpie }],
    ["an exact action", { action: "consent.withdrawn" }],
    ["an entity group", { action: "consent.*" }],
    ["another entity group", { action: "interview.*" }],
    ["a date range", { from: "2030-01-15", to: "2030-01-16" }],
    ["free text (label)", { q: "withdrawn" }],
    ["free text (action name)", { q: "consent." }],
  ];

  it("every filter returns exactly the reference scope ∩ filter, with nothing from desk B", () => {
    const scope = editorScope(n.ed.id);
    const { targets, actors } = deskBMarks();
    for (const [label, f] of filters()) {
      const items = list(ed, f);
      expect(seqs(items), label).toEqual(expected(scope, f));
      for (const i of items) {
        expect(i.targetId !== null && targets.has(i.targetId), `${label}: target ${i.action} ${i.targetId}`).toBe(false);
        expect(i.actorId !== null && actors.has(i.actorId), `${label}: actor ${i.action}`).toBe(false);
      }
    }
  });

  it("desk B's interview or users as a filter give an empty list (not an error) to desk A's editor, but not to an admin", () => {
    for (const f of [{ interviewId: magpie }, { actorId: seo.id }, { actorId: n.seoulEd.id }, { interviewId: magpie, q: "consent" }]) {
      expect(listAuditEvents({ ctx: ed, input: f })).toEqual({ items: [], nextBefore: null });
      expect(list(n.admin.ctx, f).length, JSON.stringify(f)).toBeGreaterThan(0);
    }
    // And the other way round: Seoul's editor sees nothing of Birch.
    expect(listAuditEvents({ ctx: seoulEd, input: { interviewId: birch } })).toEqual({ items: [], nextBefore: null });
    expect(seqs(list(seoulEd, { interviewId: magpie }))).toEqual(expected(editorScope(n.seoulEd.id), { interviewId: magpie }));
  });

  it("an unknown interview id is an empty list for everyone", () => {
    expect(listAuditEvents({ ctx: ed, input: { interviewId: "no-such-interview" } }).items).toEqual([]);
    expect(listAuditEvents({ ctx: n.admin.ctx, input: { interviewId: "no-such-interview" } }).items).toEqual([]);
  });

  it("an admin sees every entry, with and without filters", () => {
    for (const [label, f] of filters()) expect(seqs(list(n.admin.ctx, f)), label).toEqual(expected(everything, f));
    expect(seqs(list(n.admin.ctx))).toHaveLength(auditCount());
    expect(seqs(list(kyivAdmin, { interviewId: magpie }))).toEqual(expected(everything, { interviewId: magpie }));
  });

  it("journalists may not list the audit log; signed-out callers are refused", () => {
    expect(() => listAuditEvents({ ctx: jo, input: {} })).toThrow(ForbiddenError);
    expect(() => listAuditEvents({ ctx: makeCtx(null), input: {} })).toThrow(UnauthenticatedError);
    expect(() => listAuditFilterOptions({ ctx: jo })).toThrow(ForbiddenError);
  });

  it("listing is a read: no audit entry is written", () => {
    const before = auditCount();
    list(ed, { q: "consent" });
    listAuditFilterOptions({ ctx: ed });
    listInterviewActivity({ ctx: jo, input: { interviewId: birch } });
    expect(auditCount()).toBe(before);
  });
});

describe("each filter", () => {
  it("actor", () => {
    const items = list(n.admin.ctx, { actorId: n.jo.id });
    expect(items.length).toBeGreaterThan(5);
    expect(items.every((i) => i.actorId === n.jo.id && i.actorName === "Jo Journalist")).toBe(true);
    expect(seqs(list(ed, { actorId: n.jo.id }))).toEqual(seqs(items));
  });

  it("exact action, in plain words", () => {
    const items = list(n.admin.ctx, { action: "consent.withdrawn" });
    expect(items.map((i) => [i.targetId, i.label])).toEqual([
      [magpie, "Consent withdrawn"],
      [birch, "Consent withdrawn"],
    ]);
    expect(list(ed, { action: "consent.withdrawn" }).map((i) => i.targetId)).toEqual([birch]);
  });

  it("an entity group selects every action of the entity (and only that entity)", () => {
    expect(actionsSelectedBy("consent.*")).not.toContain("consentscript.created");
    expect(actionsOf(list(ed, { action: "consent.*" }))).toEqual(new Set(["consent.recorded", "consent.withdrawn"]));
    expect(actionsOf(list(n.admin.ctx, { action: "consent.*" }))).toEqual(
      new Set(["consent.recorded", "consent.withdrawn", "consent.viewed"]),
    );
    expect(actionsOf(list(ed, { action: "interview.*" }))).toEqual(new Set(["interview.created", "interview.comment_added"]));
    expect(list(ed, { action: "settings.*" })).toEqual([]);
  });

  it("interview: everything about Birch, from every interview-related entity, with its code name", () => {
    const items = list(ed, { interviewId: birch });
    expect(seqs(items)).toEqual(expected(everything, { interviewId: birch }));
    const actions = actionsOf(items);
    for (const a of ["interview.created", "consent.recorded", "consent.withdrawn", "interview.comment_added"]) expect(actions).toContain(a);
    expect(new Set(items.map((i) => i.targetType))).toEqual(new Set(["interview", "consent"]));
    expect(items.every((i) => i.targetId === birch && i.targetName === "Birch")).toBe(true);
  });

  it("date range: whole UTC days, both ends included", () => {
    const [justBefore, start, end, justAfter] = boundarySeqs as [number, number, number, number];
    expect(seqs(list(n.admin.ctx, { from: "2030-01-20", to: "2030-01-20" }))).toEqual([end, start]);
    expect(seqs(list(n.admin.ctx, { from: "2030-01-20" }))).toEqual([justAfter, end, start]);
    const upTo19 = seqs(list(n.admin.ctx, { to: "2030-01-19" }));
    expect(upTo19[0]).toBe(justBefore);
    expect(upTo19).not.toContain(start);
    expect(seqs(list(n.admin.ctx, { from: "2030-01-21", to: "2030-01-21" }))).toEqual([justAfter]);
    expect(list(n.admin.ctx, { from: "2030-01-23" })).toEqual([]);
    // Withdrawals on the 16th.
    expect(actionsOf(list(ed, { from: "2030-01-16", to: "2030-01-16" }))).toEqual(new Set(["consent.withdrawn"]));
  });

  it("free text matches plain-word labels and action names, case-insensitively, never payloads", () => {
    expect(actionsMatchingText("withdrawn")).toEqual(["consent.withdrawn"]);
    expect(actionsOf(list(n.admin.ctx, { q: "Withdrawn" }))).toEqual(new Set(["consent.withdrawn"]));
    expect(actionsOf(list(n.admin.ctx, { q: "consent." }))).toEqual(new Set(["consent.recorded", "consent.withdrawn", "consent.viewed"]));
    expect(actionsOf(list(n.admin.ctx, { q: "COMMENT_ADDED" }))).toEqual(new Set(["interview.comment_added"]));
    expect(actionsOf(list(n.admin.ctx, { q: "record viewed" }))).toEqual(new Set(["consent.viewed"]));
    // A value only found in payloads (a record id, a channel) matches nothing.
    expect(list(n.admin.ctx, { q: birchRecord.slice(0, 8) })).toEqual([]);
    expect(list(n.admin.ctx, { q: "phone" })).toEqual([]);
    expect(list(n.admin.ctx, { q: "%" })).toEqual([]);
  });

  it("filters combine (AND)", () => {
    expect(seqs(list(n.admin.ctx, { action: "consent.*", q: "withdrawn", interviewId: birch }))).toEqual(
      expected(everything, { action: "consent.*", q: "withdrawn", interviewId: birch }),
    );
    expect(list(n.admin.ctx, { action: "consent.recorded", q: "withdrawn" })).toEqual([]);
    expect(seqs(list(ed, { actorId: n.jo.id, from: "2030-01-20", to: "2030-01-21" }))).toEqual(boundarySeqs.slice(1).reverse());
  });

  it("filter options: admins choose among everyone and every interview; editors among their desk and what they can see", () => {
    const admin = listAuditFilterOptions({ ctx: n.admin.ctx });
    expect(admin.actors.map((a) => a.id)).toEqual(expect.arrayContaining([n.admin.id, n.jo.id, seo.id, n.seoulEd.id]));
    expect(admin.interviews.map((i) => i.codeName).sort()).toEqual(["Birch", "Magpie"]);
    const editor = listAuditFilterOptions({ ctx: ed });
    expect(new Set(editor.actors.map((a) => a.id))).toEqual(new Set([n.jo.id, n.jay.id, n.ed.id, n.ed2.id, n.kyivAdmin.id]));
    expect(editor.interviews).toEqual([{ id: birch, codeName: "Birch", deskName: "Kyiv bureau", archived: false }]);
  });
});

describe("keyset pagination", () => {
  /** Walks every page with `limit` 3, inserting new entries (in the viewer's scope) before each later page. */
  function walk(ctx: Ctx, scope: (r: Row) => boolean, f: Filter) {
    const first = listAuditEvents({ ctx, input: { ...f, limit: 3 } });
    expect(first.items).toHaveLength(3);
    const top = first.items[0]!.seq;
    const snapshot = expected(scope, f).filter((s) => s <= top);
    const pages = [seqs(first.items)];
    let next = first.nextBefore;
    let inserted = 0;
    while (next !== null) {
      n.clock.advance(1000);
      addComment({ ctx: jo, input: { interviewId: birch, body: "Another note." } });
      viewConsentRecord({ ctx: ed2, interviewId: birch, recordId: birchRecord });
      addComment({ ctx: sj, input: { interviewId: magpie, body: "Another note." } });
      inserted += 3;
      const page = listAuditEvents({ ctx, input: { ...f, before: next, limit: 3 } });
      expect(page.items.length).toBeGreaterThanOrEqual(1);
      expect(page.items.length).toBeLessThanOrEqual(3);
      for (const s of seqs(page.items)) expect(s).toBeLessThan(next);
      if (page.nextBefore !== null) expect(page.nextBefore).toBe(page.items.at(-1)!.seq);
      pages.push(seqs(page.items));
      next = page.nextBefore;
      expect(pages.length).toBeLessThan(100);
    }
    const all = pages.flat();
    expect(new Set(all).size).toBe(all.length); // no duplicates
    expect(all).toEqual(snapshot); // no gaps, nothing newer than the first page
    expect(inserted).toBeGreaterThan(0);
    expect(pages.length).toBeGreaterThan(1);
  }

  it("admin, no filter", () => walk(n.admin.ctx, everything, {}));
  it("editor, no filter", () => walk(ed, editorScope(n.ed.id), {}));
  it("editor, filtered to Birch", () => walk(ed, editorScope(n.ed.id), { interviewId: birch }));
  it("admin, entity group and text", () => walk(n.admin.ctx, everything, { action: "interview.*", q: "comment" }));

  it("the last page says so (nextBefore null), even when it is full", () => {
    const total = expected(everything, { action: "consent.withdrawn" }).length;
    expect(total).toBe(2);
    expect(listAuditEvents({ ctx: n.admin.ctx, input: { action: "consent.withdrawn", limit: 2 } }).nextBefore).toBeNull();
    const first = listAuditEvents({ ctx: n.admin.ctx, input: { action: "consent.withdrawn", limit: 1 } });
    expect(first.nextBefore).toBe(first.items[0]!.seq);
    const second = listAuditEvents({
      ctx: n.admin.ctx,
      input: { action: "consent.withdrawn", limit: 1, before: String(first.nextBefore) },
    });
    expect(second.items).toHaveLength(1);
    expect(second.nextBefore).toBeNull();
  });
});

describe("invalid filters are a ValidationError naming the field, never a crash", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["an action outside the catalogue", { action: "consent.deleted" }, "action"],
    ["an unknown entity group", { action: "nothing.*" }, "action"],
    ["a pattern that is not a group", { action: "consent.%" }, "action"],
    ["a too-long actor id", { actorId: "x".repeat(65) }, "actorId"],
    ["a too-long interview id", { interviewId: "x".repeat(65) }, "interviewId"],
    ["a date that does not exist", { from: "2030-02-30" }, "from"],
    ["a date in another format", { to: "20/01/2030" }, "to"],
    ["words for a date", { from: "yesterday" }, "from"],
    ["an end before the start", { from: "2030-01-20", to: "2030-01-19" }, "to"],
    ["a too-long text", { q: "x".repeat(101) }, "q"],
    ["a cursor that is not a number", { before: "abc" }, "before"],
    ["a zero cursor", { before: "0" }, "before"],
    ["a negative cursor", { before: -3 }, "before"],
    ["a fractional cursor", { before: 2.5 }, "before"],
    ["a page of 201", { limit: 201 }, "limit"],
    ["a page of 0", { limit: 0 }, "limit"],
    ["a non-string actor", { actorId: 42 }, "actorId"],
  ])("%s", (_label, input, field) => {
    const err = failure(() => listAuditEvents({ ctx: ed, input }), ValidationError);
    expect(err.fieldErrors[field]).toEqual(expect.any(String));
  });

  it("the messages say what to do", () => {
    const err = failure(
      () => listAuditEvents({ ctx: ed, input: { before: "abc", from: "2030-02-30", to: "2030-01-01", limit: "many" } }),
      ValidationError,
    );
    expect(err.fieldErrors).toEqual({
      before: "This page position is not valid: go back to the newest entries.",
      from: "Enter a date like 2030-01-15.",
      limit: "Show between 1 and 200 entries.",
    });
    expect(
      failure(() => listAuditEvents({ ctx: ed, input: { from: "2030-01-20", to: "2030-01-19" } }), ValidationError).fieldErrors,
    ).toEqual({
      to: "The end date is before the start date.",
    });
  });

  it("empty strings (an untouched form) mean no filter", () => {
    expect(
      seqs(listAuditEvents({ ctx: ed, input: { actorId: "", action: "", interviewId: "", from: "", to: "", q: " ", before: "" } }).items),
    ).toEqual(expected(editorScope(n.ed.id)).slice(0, 50));
  });
});

describe("listInterviewActivity: the Activity tab", () => {
  const birchEntries = () => expected(everything, { interviewId: birch });

  it("the owning journalist (no audit:read) sees every entry about the interview, with its code name", () => {
    const page = listInterviewActivity({ ctx: jo, input: { interviewId: birch } });
    expect(page.interview).toEqual({ id: birch, codeName: "Birch", archived: false });
    expect(seqs(page.items)).toEqual(birchEntries());
    expect(page.nextBefore).toBeNull();
    expect(page.items.every((i) => i.targetId === birch && i.targetName === "Birch")).toBe(true);
    expect(page.items[0]).toMatchObject({ action: "interview.comment_added", label: "Comment added", actorName: "Jo Journalist" });
  });

  it("desk editors, admins of the desk and collaborators see it; it pages with `before`", () => {
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    for (const ctx of [ed, ed2, kyivAdmin, jay])
      expect(seqs(listInterviewActivity({ ctx, input: { interviewId: birch } }).items)).toEqual(birchEntries());
    const pages: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = listInterviewActivity({ ctx: ed, input: { interviewId: birch, before, limit: 2 } });
      pages.push(...seqs(page.items));
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    expect(pages).toEqual(birchEntries());
  });

  it("anyone who cannot read the interview is told it was not found", () => {
    for (const ctx of [jay, seoulEd, sj, n.admin.ctx]) {
      failure(() => listInterviewActivity({ ctx, input: { interviewId: birch } }), NotFoundError);
    }
    failure(() => listInterviewActivity({ ctx: jo, input: { interviewId: "no-such-interview" } }), NotFoundError);
    failure(() => listInterviewActivity({ ctx: makeCtx(null), input: { interviewId: birch } }), UnauthenticatedError);
  });

  it("bad input is a ValidationError naming the field", () => {
    expect(
      failure(() => listInterviewActivity({ ctx: jo, input: { interviewId: birch, before: "x" } }), ValidationError).fieldErrors.before,
    ).toEqual(expect.any(String));
    expect(failure(() => listInterviewActivity({ ctx: jo, input: { interviewId: "" } }), ValidationError).fieldErrors.interviewId).toEqual(
      expect.any(String),
    );
  });
});

describe("every sensitive read writes one entry, and the desk editor sees who looked, and when", () => {
  let uploadId: string;
  let imageId: string;
  let documentId: string;
  let versionId: string;

  beforeEach(async () => {
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    // A new record (the first was withdrawn) with a signature scan, the vault, a document and an image.
    birchRecord = recordConsent({ ctx: jo, input: consentInput(birch, n.clock.now(), { previousRecordId: birchRecord }) }).recordId;
    uploadId = (await attachUpload({ ctx: jo, interviewId: birch, recordId: birchRecord, bytes: await plainJpeg() })).uploadId;
    imageId = (await attachImage({ ctx: jo, interviewId: birch, caption: "The fence", bytes: await plainJpeg() })).imageId;
    saveVault({ ctx: jo, input: { interviewId: birch, entries: entries(BASIC_VAULT) } });
    documentId = addPastedDocument({ ctx: jo, input: { interviewId: birch, title: "Draft", kind: "draft", text: DRAFT } }).documentId;
    versionId = versionRows(documentId)[0]!.id;
    n.clock.advance(HOUR);
  });

  const reads = (): [string, string, () => Ctx, () => unknown, () => Record<string, unknown>][] => [
    [
      "viewConsentRecord",
      "consent.viewed",
      () => ed2,
      () => viewConsentRecord({ ctx: ed2, interviewId: birch, recordId: birchRecord }),
      () => ({ recordId: birchRecord }),
    ],
    ["readConsentUpload", "consent.upload_downloaded", () => ed2, () => readConsentUpload({ ctx: ed2, uploadId }), () => ({ uploadId })],
    ["viewVault", "vault.viewed", () => jo, () => viewVault({ ctx: jo, interviewId: birch }), () => ({ identifiers: 2 })],
    ["openVault", "vault.viewed", () => jay, () => openVault({ ctx: jay, interviewId: birch }), () => ({ identifiers: 2 })],
    [
      "getDocumentReview",
      "review.document_viewed",
      () => ed2,
      () => getDocumentReview({ ctx: ed2, interviewId: birch, documentId }),
      () => ({ documentId, versionId }),
    ],
    [
      "downloadVersion",
      "review.downloaded",
      () => kyivAdmin,
      () => downloadVersion({ ctx: kyivAdmin, interviewId: birch, documentId, versionId }),
      () => ({ documentId, versionId }),
    ],
    ["readImage", "image.downloaded", () => ed2, () => readImage({ ctx: ed2, imageId }), () => ({ imageId })],
  ];

  it("each read: exactly one entry naming the actor and the interview, first in the editor's Activity list", () => {
    for (const [name, action, actorCtx, read, payload] of reads()) {
      n.clock.advance(60_000);
      const count = auditCount();
      read();
      const written = auditSince(count);
      expect(written, name).toHaveLength(1);
      const actor = actorCtx().actor!;
      expect(written[0], name).toMatchObject({ action, actorId: actor.id, targetId: birch, occurredAt: n.clock.now() });
      expect(written[0]!.data, name).toEqual(payload());

      const top = listInterviewActivity({ ctx: ed, input: { interviewId: birch, limit: 1 } }).items[0]!;
      expect(top, name).toMatchObject({
        seq: written[0]!.seq,
        action,
        label: describeAction(action),
        actorId: actor.id,
        occurredAt: n.clock.now(),
        targetName: "Birch",
        payload: payload(),
      });
      expect(top.actorName, name).toEqual(expect.any(String));
      // The same entry on /audit, filtered to the interview and the action.
      expect(seqs(list(ed, { interviewId: birch, action }))[0], name).toBe(written[0]!.seq);
    }
  });

  it("“who looked at this source's file, when”: the editor filters by interview and the download action", () => {
    n.clock.set(at(2030, 2, 1, 14, 30));
    readConsentUpload({ ctx: ed2, uploadId });
    n.clock.set(at(2030, 2, 2, 9, 5));
    readConsentUpload({ ctx: jo, uploadId });
    const who = list(ed, { interviewId: birch, q: "scan downloaded" }).map((i) => [i.actorName, i.occurredAt, i.label]);
    expect(who).toEqual([
      ["Jo Journalist", at(2030, 2, 2, 9, 5), "Signature scan downloaded"],
      ["Eli Editor", at(2030, 2, 1, 14, 30), "Signature scan downloaded"],
    ]);
    // A refused read (someone outside the interview) writes nothing.
    const count = auditCount();
    failure(() => readConsentUpload({ ctx: seoulEd, uploadId }), NotFoundError);
    expect(auditCount()).toBe(count);
  });
});
