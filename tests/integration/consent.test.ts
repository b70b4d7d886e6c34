import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { approveOverride } from "@/lib/consent/approve-override";
import { INFORMATION_ITEMS, type Presence } from "@/lib/consent/constants";
import { getConsentTerms } from "@/lib/consent/get-consent-terms";
import { listConsentRecords } from "@/lib/consent/list-consent-records";
import { reconfirmConsent } from "@/lib/consent/reconfirm-consent";
import { recordConsent } from "@/lib/consent/record-consent";
import { revokeConsent } from "@/lib/consent/revoke-consent";
import { BUILTIN_SCRIPT_ID, getScriptVersion } from "@/lib/consent/scripts";
import { viewConsentRecord } from "@/lib/consent/view-consent-record";
import { withdrawConsent } from "@/lib/consent/withdraw-consent";
import type { Ctx } from "@/lib/context";
import { getDb } from "@/db/client";
import { databaseFile } from "@/lib/env";
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { archiveInterview } from "@/lib/interviews/archive-interview";
import { addCollaborator } from "@/lib/interviews/collaborators";
import { listInterviews } from "@/lib/interviews/list-interviews";
import {
  consentInput,
  consentSnapshot,
  DAY,
  eventRows,
  HOUR,
  iso,
  JUSTIFICATION_40,
  MINUTE,
  reconfirmInput,
  recordCanaries,
  recordRow,
  revokeInput,
  tableText,
  withdrawInput,
  canary,
  type ConsentInput,
} from "../support/consent-fixtures";
import { refusedWithoutChangeTo } from "../support/assertions";
import { defectorInput, interviewInput, makeCtx, seedInterview, seedNewsroom, seedUser, type Newsroom } from "../support/seed";
import { auditCount, auditSince, forceAuditInsertFailure, registerTestDb, sqlite } from "../support/test-db";

const data = registerTestDb("each");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** Runs `run`, expects `type`, and checks that no consent table, audit entry or upload file changed. */
const refusedWithoutChange = <E>(run: () => unknown, type: new (...args: never[]) => E): E =>
  refusedWithoutChangeTo(() => consentSnapshot(data.dir), run, type);

/** Expects a ValidationError naming `field`, with nothing written. */
function invalid(run: () => unknown, field: string): ValidationError {
  const err = refusedWithoutChange(run, ValidationError);
  expect(Object.keys(err.fieldErrors)).toContain(field);
  expect(err.fieldErrors[field]).toEqual(expect.any(String));
  return err;
}

let n: Newsroom;
let jo: Ctx;
let jay: Ctx;
let ed: Ctx;
let ed2: Ctx;
let seoulEd: Ctx;
let kyivAdmin: Ctx;
let birch: string;

beforeEach(async () => {
  n = await seedNewsroom();
  ({ jo, jay, ed, ed2, seoulEd, kyivAdmin } = n.ctxs);
  birch = seedInterview(jo, interviewInput(n.kyiv));
  n.clock.advance(1000);
});

const now = () => n.clock.now();
const input = (interviewId: string, overrides: Partial<ConsentInput> = {}) => consentInput(interviewId, now(), overrides);
const record = (ctx: Ctx, interviewId: string, overrides: Partial<ConsentInput> = {}) =>
  recordConsent({ ctx, input: input(interviewId, overrides) }).recordId;
const statusOf = (recordId: string) => recordRow(recordId)?.status;
const eventTypes = (recordId: string) => eventRows(recordId).map((e) => e.type);

describe("recordConsent", () => {
  it("stores the frozen terms, the encrypted free text and the first two events, and audits ids and flags only", () => {
    const count = auditCount();
    const given = input(birch);
    const { recordId } = recordConsent({ ctx: jo, input: given });
    expect(recordId).toMatch(UUID);

    const row = recordRow(recordId)!;
    const script = getScriptVersion(getDb(), BUILTIN_SCRIPT_ID)!;
    expect(row).toMatchObject({
      interview_id: birch,
      previous_record_id: null,
      script_id: BUILTIN_SCRIPT_ID,
      script_hash: script.hash,
      language: "ko",
      captor_present: 0,
      needs_override: 0,
      explained_at: Date.parse(given.explainedAt),
      decided_at: Date.parse(given.decidedAt),
      status: "given",
      last_confirmed_at: Date.parse(given.decidedAt),
      recorded_by: n.jo.id,
      created_at: now(),
    });
    expect(row.terms_hash).toMatch(HEX64);
    expect(row.private_sealed).toMatch(/^v2:[0-9a-f-]{36}:/);
    expect(row.private_sealed).not.toContain("Our fixer");
    expect(JSON.parse(row.terms_json)).toMatchObject({
      presence: ["none"],
      privateSetting: true,
      choices: { name: "pseudonym", face: "not_filmed", voice: "altered", media: ["text"] },
      informationGiven: [...INFORMATION_ITEMS],
      anonymityFrom: "dprk_state",
      method: "written",
      recordingSha256: null,
      powAcknowledged: true,
      outcome: "given",
    });
    expect(row.terms_json).not.toContain("Our fixer");

    expect(eventRows(recordId).map((e) => [e.type, e.occurred_at, e.recorded_by, e.recorded_at])).toEqual([
      ["requested", Date.parse(given.explainedAt), n.jo.id, now()],
      ["given", Date.parse(given.decidedAt), n.jo.id, now()],
    ]);

    const terms = getConsentTerms(birch);
    expect(terms).toMatchObject({
      status: "given",
      active: true,
      withdrawn: false,
      recordId,
      recordedAt: now(),
      lastConfirmedAt: Date.parse(given.decidedAt),
      captorPresent: false,
      overridePending: false,
    });
    expect(terms.terms?.choices).toEqual({ name: "pseudonym", face: "not_filmed", voice: "altered", media: ["text"] });

    const events = auditSince(count);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "consent.recorded",
      targetType: "consent",
      targetId: birch,
      actorId: n.jo.id,
      occurredAt: now(),
    });
    expect(events[0]!.data).toEqual({
      outcome: "given",
      scriptId: BUILTIN_SCRIPT_ID,
      language: "ko",
      method: "written",
      captorPresent: false,
      needsOverride: false,
      previousRecordId: null,
      termsHash: row.terms_hash,
    });
  });

  it("records a refusal as final: no terms in force, nothing can follow it", () => {
    const recordId = record(jo, birch, { outcome: "refused", nameChoice: "real", explainBack: "" });
    expect(recordRow(recordId)).toMatchObject({ status: "refused", last_confirmed_at: null, needs_override: 0 });
    expect(eventTypes(recordId)).toEqual(["requested", "refused"]);
    expect(getConsentTerms(birch)).toMatchObject({ status: "refused", active: false, withdrawn: false, overridePending: false });
    n.clock.advance(MINUTE);
    refusedWithoutChange(() => reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, recordId, now()) }), InvalidTransitionError);
    refusedWithoutChange(() => withdrawConsent({ ctx: jo, input: withdrawInput(birch, recordId, now()) }), InvalidTransitionError);
    refusedWithoutChange(() => revokeConsent({ ctx: ed, input: revokeInput(birch, recordId) }), InvalidTransitionError);
  });

  it("getConsentTerms reports no consent before the first record", () => {
    expect(getConsentTerms(birch)).toMatchObject({
      status: "none",
      active: false,
      withdrawn: false,
      recordId: null,
      captorPresent: false,
      terms: null,
    });
  });

  it("a collaborator may record consent; a desk editor (read-only) may not", () => {
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    const recordId = record(jay, birch);
    expect(recordRow(recordId)?.recorded_by).toBe(n.jay.id);
    refusedWithoutChange(() => recordConsent({ ctx: ed, input: input(birch) }), ForbiddenError);
  });

  it("refuses to record on an archived interview", () => {
    archiveInterview({ ctx: jo, input: { interviewId: birch } });
    refusedWithoutChange(() => recordConsent({ ctx: jo, input: input(birch) }), ConflictError);
  });
});

describe("detaining-authority presence is the blocking flag", () => {
  const cases: [Presence[], boolean][] = [
    [["detaining_authority"], true],
    [["guards"], true],
    [["intelligence_service"], true],
    [["family", "guards"], true],
    [["officials", "intelligence_service"], true],
    [["family"], false],
    [["none"], false],
    [["officials"], false],
    [["other", "family"], false],
  ];
  it.each(cases)("presence %j → captorPresent %s", (presence, flagged) => {
    const count = auditCount();
    const recordId = record(jo, birch, { presence, presenceNote: presence.includes("none") ? "" : "Stood by the door" });
    expect(recordRow(recordId)?.captor_present).toBe(flagged ? 1 : 0);
    expect(getConsentTerms(birch).captorPresent).toBe(flagged);
    expect(listConsentRecords({ ctx: jo, interviewId: birch })[0]?.captorPresent).toBe(flagged);
    expect(auditSince(count)[0]?.data.captorPresent).toBe(flagged);
  });

  it("the flag belongs to the record: a new record without captors clears it, the old one keeps it", () => {
    const first = record(jo, birch, { presence: ["guards"] });
    n.clock.advance(DAY);
    const second = record(jo, birch, { previousRecordId: first });
    expect(getConsentTerms(birch)).toMatchObject({ recordId: second, captorPresent: false });
    expect(recordRow(first)?.captor_present).toBe(1);
  });
});

describe("terms cannot be edited once recorded", () => {
  const FROZEN: [column: string, value: string | number | null][] = [
    ["interview_id", "another-interview"],
    ["previous_record_id", "some-record"],
    ["script_id", "another-script"],
    ["script_hash", "0".repeat(64)],
    ["language", "en"],
    ["terms_json", '{"choices":{"name":"real"}}'],
    ["private_sealed", "v1:AAAA"],
    ["terms_hash", "f".repeat(64)],
    ["captor_present", 0],
    ["needs_override", 0],
    ["explained_at", 1],
    ["decided_at", 2],
    ["recorded_by", "someone-else"],
    ["created_at", 3],
  ];

  it.each(FROZEN)("a raw UPDATE of %s is refused by the trigger", (column, value) => {
    const recordId = record(jo, birch, { presence: ["guards"], nameChoice: "real", publicInterestJustification: JUSTIFICATION_40 });
    const before = recordRow(recordId);
    expect(() => sqlite().prepare(`update consent_records set ${column} = ? where id = ?`).run(value, recordId)).toThrow(
      /consent terms cannot change/,
    );
    expect(recordRow(recordId)).toEqual(before);
  });

  it("consent records are never deleted; the event history refuses UPDATE and DELETE", () => {
    const recordId = record(jo, birch);
    const before = consentSnapshot(data.dir);
    expect(() => sqlite().prepare("delete from consent_records where id = ?").run(recordId)).toThrow(/never deleted/);
    expect(() => sqlite().prepare("update consent_events set type = 'refused' where record_id = ?").run(recordId)).toThrow(/append-only/);
    expect(() => sqlite().prepare("update consent_events set details_sealed = 'v1:AAAA' where record_id = ?").run(recordId)).toThrow(
      /append-only/,
    );
    expect(() => sqlite().prepare("update consent_events set occurred_at = 0 where record_id = ?").run(recordId)).toThrow(/append-only/);
    expect(() => sqlite().prepare("delete from consent_events where record_id = ?").run(recordId)).toThrow(/append-only/);
    expect(consentSnapshot(data.dir)).toEqual(before);
  });

  it("the database keeps the cached status equal to the history, and a final status final, even against raw SQL", () => {
    const recordId = record(jo, birch);
    // A status that no event led to is refused.
    expect(() => sqlite().prepare("update consent_records set status = 'reconfirmed' where id = ?").run(recordId)).toThrow(
      /follow its event history/,
    );
    withdrawConsent({ ctx: jo, input: withdrawInput(birch, recordId, now()) });
    const before = consentSnapshot(data.dir);
    // Undoing a withdrawal by hand: neither the status nor a new event gets through.
    expect(() => sqlite().prepare("update consent_records set status = 'given' where id = ?").run(recordId)).toThrow(/final|history/);
    const insertEvent =
      "insert into consent_events (id, record_id, type, occurred_at, recorded_by, recorded_at) values ('x', ?, 'given', 1, 'x', 1)";
    expect(() => sqlite().prepare(insertEvent).run(recordId)).toThrow(/final/);
    expect(consentSnapshot(data.dir)).toEqual(before);
  });

  it("override approvals can be neither changed nor removed; none are taken on consent that is no longer active", () => {
    const recordId = record(jo, birch, { nameChoice: "real", publicInterestJustification: JUSTIFICATION_40 });
    approveOverride({ ctx: ed, input: { interviewId: birch, recordId } });
    expect(() => sqlite().prepare("delete from consent_override_approvals where record_id = ?").run(recordId)).toThrow(/append-only/);
    expect(() => sqlite().prepare("update consent_override_approvals set approved_at = 0 where record_id = ?").run(recordId)).toThrow(
      /append-only/,
    );
    withdrawConsent({ ctx: jo, input: withdrawInput(birch, recordId, now()) });
    refusedWithoutChange(() => approveOverride({ ctx: ed2, input: { interviewId: birch, recordId } }), InvalidTransitionError);
  });

  it("every consent service leaves the frozen columns exactly as recorded", () => {
    const recordId = record(jo, birch, { nameChoice: "real", publicInterestJustification: JUSTIFICATION_40 });
    const frozen = () => {
      const { status: _status, last_confirmed_at: _lastConfirmedAt, ...rest } = recordRow(recordId)!;
      return rest;
    };
    const before = frozen();
    n.clock.advance(HOUR);
    reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, recordId, now()) });
    approveOverride({ ctx: ed, input: { interviewId: birch, recordId } });
    approveOverride({ ctx: ed2, input: { interviewId: birch, recordId } });
    viewConsentRecord({ ctx: ed, interviewId: birch, recordId });
    listConsentRecords({ ctx: ed, interviewId: birch });
    withdrawConsent({ ctx: jo, input: withdrawInput(birch, recordId, now()) });
    expect(frozen()).toEqual(before);
    expect(statusOf(recordId)).toBe("withdrawn");
  });

  it("no code path updates consent_records except the cached status and last confirmation", () => {
    const root = process.cwd();
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(rel);
        else if (/\.tsx?$/.test(entry.name)) files.push(rel);
      }
    };
    walk("lib");
    walk("app");
    const updaters: string[] = [];
    const updateCalls: string[] = [];
    const setKeys = new Set<string>();
    for (const file of files) {
      const source = fs.readFileSync(path.join(root, file), "utf8");
      expect(source, file).not.toMatch(/update\s+[`"']?consent_records/i);
      for (const _ of source.matchAll(/\.update\(\s*consentRecords\s*\)/g)) updateCalls.push(file);
      for (const m of source.matchAll(/\.update\(\s*consentRecords\s*\)\s*\.set\(([\s\S]*?)\)\s*\.where/g)) {
        updaters.push(file);
        for (const k of m[1]!.matchAll(/([A-Za-z_]\w*)\s*:/g)) setKeys.add(k[1]!);
      }
    }
    expect(updaters).toEqual(updateCalls); // every update was understood by the pattern above
    expect(updaters).toEqual([path.join("lib", "consent", "internal.ts")]);
    expect([...setKeys].sort()).toEqual(["lastConfirmedAt", "status"]);
    // And no consent service is named like an editor of terms.
    const services = fs.readdirSync(path.join(root, "lib", "consent"));
    expect(services.filter((f) => /^(update|edit|amend|change|set|modify)-/.test(f))).toEqual([]);
  });
});

describe("reconfirmConsent", () => {
  it("appends a reconfirmation (more than once), keeps its details encrypted and audits recordId and channel", () => {
    const recordId = record(jo, birch);
    n.clock.advance(DAY);
    const count = auditCount();
    const sha = "AB".repeat(32);
    reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, recordId, now(), { contentShownSha256: sha }) });
    expect(recordRow(recordId)).toMatchObject({ status: "reconfirmed", last_confirmed_at: now() - 5 * MINUTE });
    const last = eventRows(recordId).at(-1)!;
    expect(last).toMatchObject({
      type: "reconfirmed",
      channel: "secure_message",
      content_shown_sha256: sha.toLowerCase(),
      recorded_by: n.jo.id,
      recorded_at: now(),
    });
    expect(last.details_sealed).toMatch(/^v2:[0-9a-f-]{36}:/);
    const events = auditSince(count);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "consent.reconfirmed", targetType: "consent", targetId: birch, actorId: n.jo.id });
    expect(events[0]!.data).toEqual({ recordId, channel: "secure_message" });

    n.clock.advance(DAY);
    reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, recordId, now(), { channel: "in_person" }) });
    expect(eventTypes(recordId)).toEqual(["requested", "given", "reconfirmed", "reconfirmed"]);
    expect(getConsentTerms(birch)).toMatchObject({ status: "reconfirmed", active: true, lastConfirmedAt: now() - 5 * MINUTE });
  });

  it("is for the owner and collaborators: a desk editor is refused, an archived interview is refused", () => {
    const recordId = record(jo, birch);
    n.clock.advance(HOUR);
    refusedWithoutChange(() => reconfirmConsent({ ctx: ed, input: reconfirmInput(birch, recordId, now()) }), ForbiddenError);
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    reconfirmConsent({ ctx: jay, input: reconfirmInput(birch, recordId, now()) });
    expect(statusOf(recordId)).toBe("reconfirmed");
    archiveInterview({ ctx: jo, input: { interviewId: birch } });
    refusedWithoutChange(() => reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, recordId, now()) }), ConflictError);
  });
});

describe("withdrawal cannot be undone", () => {
  it("takes effect at once; nothing can follow it; the audit says from which state", () => {
    const recordId = record(jo, birch);
    n.clock.advance(HOUR);
    const count = auditCount();
    withdrawConsent({ ctx: jo, input: withdrawInput(birch, recordId, now()) });
    expect(statusOf(recordId)).toBe("withdrawn");
    expect(eventTypes(recordId)).toEqual(["requested", "given", "withdrawn"]);
    expect(eventRows(recordId).at(-1)).toMatchObject({ channel: "phone", occurred_at: now() - 5 * MINUTE, recorded_by: n.jo.id });
    expect(getConsentTerms(birch)).toMatchObject({ status: "withdrawn", active: false, withdrawn: true, recordId });
    expect(listInterviews({ ctx: jo, filter: {} }).find((i) => i.id === birch)?.consentStatus).toBe("withdrawn");
    const events = auditSince(count);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "consent.withdrawn", targetType: "consent", targetId: birch, actorId: n.jo.id });
    expect(events[0]!.data).toEqual({ recordId, channel: "phone", from: "given" });

    n.clock.advance(HOUR);
    refusedWithoutChange(() => reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, recordId, now()) }), InvalidTransitionError);
    refusedWithoutChange(() => revokeConsent({ ctx: ed, input: revokeInput(birch, recordId) }), InvalidTransitionError);
    refusedWithoutChange(() => withdrawConsent({ ctx: jo, input: withdrawInput(birch, recordId, now()) }), InvalidTransitionError);
    refusedWithoutChange(() => withdrawConsent({ ctx: ed, input: withdrawInput(birch, recordId, now()) }), InvalidTransitionError);
    expect(statusOf(recordId)).toBe("withdrawn");
    expect(getConsentTerms(birch).withdrawn).toBe(true);
  });

  it("a reconfirmed consent can be withdrawn (audited from: reconfirmed)", () => {
    const recordId = record(jo, birch);
    n.clock.advance(HOUR);
    reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, recordId, now()) });
    n.clock.advance(HOUR);
    const count = auditCount();
    withdrawConsent({ ctx: jo, input: withdrawInput(birch, recordId, now()) });
    expect(auditSince(count)[0]?.data).toMatchObject({ from: "reconfirmed" });
  });

  it("working with the source again takes a new record that points to the withdrawn one and becomes the current terms", () => {
    const first = record(jo, birch);
    n.clock.advance(HOUR);
    withdrawConsent({ ctx: jo, input: withdrawInput(birch, first, now()) });
    n.clock.advance(DAY);
    const count = auditCount();
    const second = record(jo, birch, { previousRecordId: first, media: ["text", "audio"], permittedUses: ["quotes", "audio"] });
    expect(second).not.toBe(first);
    expect(recordRow(second)).toMatchObject({ previous_record_id: first, status: "given" });
    expect(statusOf(first)).toBe("withdrawn");
    expect(auditSince(count)[0]?.data).toMatchObject({ previousRecordId: first });

    const terms = getConsentTerms(birch);
    expect(terms).toMatchObject({ status: "given", active: true, withdrawn: false, recordId: second, recordedAt: now() });
    expect(terms.terms?.choices.media).toEqual(["text", "audio"]);
    expect(terms.terms?.permittedUses).toEqual(["quotes", "audio"]);

    const list = listConsentRecords({ ctx: jo, interviewId: birch });
    expect(list.map((r) => [r.id, r.status, r.previousRecordId])).toEqual([
      [second, "given", first],
      [first, "withdrawn", null],
    ]);
    expect(list[1]!.history.map((h) => h.type)).toEqual(["requested", "given", "withdrawn"]);
  });

  it("the previous record must belong to the same interview", () => {
    const other = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Aspen" }));
    const foreign = record(jo, other);
    invalid(() => recordConsent({ ctx: jo, input: input(birch, { previousRecordId: foreign }) }), "previousRecordId");
    invalid(() => recordConsent({ ctx: jo, input: input(birch, { previousRecordId: "no-such-record" }) }), "previousRecordId");
  });

  it("works on an archived interview, and by a desk editor who is not the owner", () => {
    const recordId = record(jo, birch);
    const aspen = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Aspen" }));
    const aspenRecord = record(jo, aspen);
    n.clock.advance(HOUR);
    archiveInterview({ ctx: jo, input: { interviewId: birch } });

    const count = auditCount();
    withdrawConsent({ ctx: ed, input: withdrawInput(birch, recordId, now()) });
    expect(statusOf(recordId)).toBe("withdrawn");
    expect(eventRows(recordId).at(-1)?.recorded_by).toBe(n.ed.id);
    expect(auditSince(count)[0]).toMatchObject({ action: "consent.withdrawn", actorId: n.ed.id, targetId: birch });

    archiveInterview({ ctx: jo, input: { interviewId: aspen } });
    withdrawConsent({ ctx: jo, input: withdrawInput(aspen, aspenRecord, now()) });
    expect(statusOf(aspenRecord)).toBe("withdrawn");
  });

  it("refuses a withdrawal dated in the future", () => {
    const recordId = record(jo, birch);
    invalid(
      () => withdrawConsent({ ctx: jo, input: withdrawInput(birch, recordId, now(), { occurredAt: iso(now() + DAY) }) }),
      "occurredAt",
    );
  });
});

describe("revokeConsent", () => {
  it("an editor of the desk revokes; it is final and audited without the reason", () => {
    const recordId = record(jo, birch);
    n.clock.advance(HOUR);
    refusedWithoutChange(() => revokeConsent({ ctx: jo, input: revokeInput(birch, recordId) }), ForbiddenError);
    const count = auditCount();
    revokeConsent({ ctx: ed, input: revokeInput(birch, recordId) });
    expect(statusOf(recordId)).toBe("revoked");
    expect(eventRows(recordId).at(-1)).toMatchObject({ type: "revoked", occurred_at: now(), recorded_by: n.ed.id, channel: null });
    expect(eventRows(recordId).at(-1)?.details_sealed).toMatch(/^v2:[0-9a-f-]{36}:/);
    expect(getConsentTerms(birch)).toMatchObject({ status: "revoked", active: false, withdrawn: false });
    const events = auditSince(count);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "consent.revoked", targetType: "consent", targetId: birch, actorId: n.ed.id });
    expect(events[0]!.data).toEqual({ recordId, from: "given" });

    refusedWithoutChange(() => revokeConsent({ ctx: ed2, input: revokeInput(birch, recordId) }), InvalidTransitionError);
    refusedWithoutChange(() => withdrawConsent({ ctx: jo, input: withdrawInput(birch, recordId, now()) }), InvalidTransitionError);
    refusedWithoutChange(() => reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, recordId, now()) }), InvalidTransitionError);
  });
});

describe("a POW's identifying choices need two other editors' approval", () => {
  const IDENTIFYING: Partial<ConsentInput>[] = [{ nameChoice: "real" }, { faceChoice: "shown" }, { voiceChoice: "real" }];

  it.each(IDENTIFYING)("%j needs a justification of at least 40 characters, then is pending override", (choice) => {
    invalid(
      () => recordConsent({ ctx: jo, input: input(birch, { ...choice, publicInterestJustification: "" }) }),
      "publicInterestJustification",
    );
    invalid(
      () => recordConsent({ ctx: jo, input: input(birch, { ...choice, publicInterestJustification: JUSTIFICATION_40.slice(1) }) }),
      "publicInterestJustification",
    );
    const count = auditCount();
    const recordId = record(jo, birch, { ...choice, publicInterestJustification: JUSTIFICATION_40 });
    expect(recordRow(recordId)?.needs_override).toBe(1);
    expect(getConsentTerms(birch)).toMatchObject({ status: "given", overridePending: true });
    expect(auditSince(count)[0]?.data.needsOverride).toBe(true);
  });

  it("protective choices, a refusal, or a source who is not a POW need no override", () => {
    const safe = record(jo, birch, { nameChoice: "none", faceChoice: "blurred", voiceChoice: "not_recorded" });
    expect(recordRow(safe)?.needs_override).toBe(0);
    const magpie = seedInterview(jo, defectorInput(n.kyiv));
    const defector = record(jo, magpie, { nameChoice: "real", faceChoice: "shown", voiceChoice: "real" });
    expect(recordRow(defector)?.needs_override).toBe(0);
    expect(getConsentTerms(magpie).overridePending).toBe(false);
    refusedWithoutChange(() => approveOverride({ ctx: ed, input: { interviewId: magpie, recordId: defector } }), InvalidTransitionError);
  });

  it("two distinct editors, not the recorder, clear it; a journalist cannot approve; the same editor twice counts once", () => {
    const recordId = record(jo, birch, { nameChoice: "real", publicInterestJustification: JUSTIFICATION_40 });
    const approvals = () =>
      (sqlite().prepare("select count(*) as c from consent_override_approvals where record_id = ?").get(recordId) as { c: number }).c;
    n.clock.advance(MINUTE);

    refusedWithoutChange(() => approveOverride({ ctx: jo, input: { interviewId: birch, recordId } }), ForbiddenError);
    refusedWithoutChange(() => approveOverride({ ctx: jay, input: { interviewId: birch, recordId } }), ForbiddenError);
    refusedWithoutChange(() => approveOverride({ ctx: seoulEd, input: { interviewId: birch, recordId } }), NotFoundError);

    const count = auditCount();
    expect(approveOverride({ ctx: ed, input: { interviewId: birch, recordId } })).toEqual({ approvals: 1 });
    const events = auditSince(count);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "consent.override_approved", targetType: "consent", targetId: birch, actorId: n.ed.id });
    expect(events[0]!.data).toEqual({ recordId, approvals: 1 });
    expect(getConsentTerms(birch).overridePending).toBe(true);

    refusedWithoutChange(() => approveOverride({ ctx: ed, input: { interviewId: birch, recordId } }), ConflictError);
    expect(approvals()).toBe(1);
    expect(getConsentTerms(birch).overridePending).toBe(true);

    expect(approveOverride({ ctx: ed2, input: { interviewId: birch, recordId } })).toEqual({ approvals: 2 });
    expect(approvals()).toBe(2);
    expect(getConsentTerms(birch).overridePending).toBe(false);
    expect(listConsentRecords({ ctx: jo, interviewId: birch })[0]).toMatchObject({ needsOverride: true, overrideApprovals: 2 });
  });

  it("an editor who recorded the consent cannot approve it", async () => {
    const eda = seedInterview(ed, interviewInput(n.kyiv, { codeName: "Larch" }));
    const recordId = record(ed, eda, { faceChoice: "shown", publicInterestJustification: JUSTIFICATION_40 });
    refusedWithoutChange(() => approveOverride({ ctx: ed, input: { interviewId: eda, recordId } }), ForbiddenError);
    expect(approveOverride({ ctx: ed2, input: { interviewId: eda, recordId } }).approvals).toBe(1);
    expect(getConsentTerms(eda).overridePending).toBe(true);
    const kyivEd3 = await seedUser(n.admin.ctx, "editor", { deskIds: [n.kyiv] });
    expect(approveOverride({ ctx: n.ctx(kyivEd3), input: { interviewId: eda, recordId } }).approvals).toBe(2);
    expect(getConsentTerms(eda).overridePending).toBe(false);
  });
});

describe("access follows the interview", () => {
  let recordId: string;
  let seoulJo: Ctx;
  let jayOwn: string;
  beforeEach(async () => {
    recordId = record(jo, birch, { nameChoice: "real", publicInterestJustification: JUSTIFICATION_40 });
    seoulJo = n.ctx(await seedUser(n.admin.ctx, "journalist", { deskIds: [n.seoul] }));
    jayOwn = seedInterview(jay, interviewInput(n.kyiv, { codeName: "Rowan" }));
    n.clock.advance(HOUR);
  });

  const ops: Record<string, (ctx: Ctx) => unknown> = {
    record: (ctx) => recordConsent({ ctx, input: input(birch) }),
    reconfirm: (ctx) => reconfirmConsent({ ctx, input: reconfirmInput(birch, recordId, now()) }),
    withdraw: (ctx) => withdrawConsent({ ctx, input: withdrawInput(birch, recordId, now()) }),
    list: (ctx) => listConsentRecords({ ctx, interviewId: birch }),
    view: (ctx) => viewConsentRecord({ ctx, interviewId: birch, recordId }),
    revoke: (ctx) => revokeConsent({ ctx, input: revokeInput(birch, recordId) }),
    approve: (ctx) => approveOverride({ ctx, input: { interviewId: birch, recordId } }),
  };
  const journalistOps = ["record", "reconfirm", "withdraw", "list", "view"];

  it("another journalist of the desk, or of another desk, is told 'not found' (and may not revoke or approve at all)", () => {
    for (const who of [jay, seoulJo]) {
      for (const name of journalistOps) refusedWithoutChange(() => ops[name]!(who), NotFoundError);
      refusedWithoutChange(() => ops.revoke!(who), ForbiddenError);
      refusedWithoutChange(() => ops.approve!(who), ForbiddenError);
    }
  });

  it("an editor or an admin of another desk is told 'not found' for everything", async () => {
    const seoulAdmin = n.ctx(await seedUser(n.admin.ctx, "admin", { deskIds: [n.seoul] }));
    for (const who of [seoulEd, seoulAdmin]) {
      for (const name of Object.keys(ops)) refusedWithoutChange(() => ops[name]!(who), NotFoundError);
    }
  });

  it("an anonymous context is unauthenticated for everything", () => {
    const anon = makeCtx(null, { now: n.clock.now });
    for (const name of Object.keys(ops)) refusedWithoutChange(() => ops[name]!(anon), UnauthenticatedError);
  });

  it("a record id of another interview is not found through an interview one can see", () => {
    const jayRecord = record(jay, jayOwn);
    refusedWithoutChange(() => reconfirmConsent({ ctx: jay, input: reconfirmInput(jayOwn, recordId, now()) }), NotFoundError);
    refusedWithoutChange(() => withdrawConsent({ ctx: jay, input: withdrawInput(jayOwn, recordId, now()) }), NotFoundError);
    refusedWithoutChange(() => viewConsentRecord({ ctx: jay, interviewId: jayOwn, recordId }), NotFoundError);
    refusedWithoutChange(() => revokeConsent({ ctx: ed, input: revokeInput(birch, jayRecord) }), NotFoundError);
    refusedWithoutChange(() => approveOverride({ ctx: ed, input: { interviewId: jayOwn, recordId } }), NotFoundError);
    refusedWithoutChange(() => viewConsentRecord({ ctx: jo, interviewId: birch, recordId: "no-such-record" }), NotFoundError);
  });

  it("the desk's editors and admin read, view and withdraw; only owner and collaborators record and reconfirm", () => {
    expect(listConsentRecords({ ctx: ed, interviewId: birch }).map((r) => r.id)).toEqual([recordId]);
    expect(listConsentRecords({ ctx: kyivAdmin, interviewId: birch }).map((r) => r.id)).toEqual([recordId]);
    expect(viewConsentRecord({ ctx: kyivAdmin, interviewId: birch, recordId }).record.id).toBe(recordId);
    refusedWithoutChange(() => ops.record!(ed), ForbiddenError);
    refusedWithoutChange(() => ops.reconfirm!(ed), ForbiddenError);
    addCollaborator({ ctx: jo, input: { interviewId: birch, userId: n.jay.id } });
    expect(listConsentRecords({ ctx: jay, interviewId: birch })).toHaveLength(1);
    ops.reconfirm!(jay);
    ops.withdraw!(ed);
    expect(statusOf(recordId)).toBe("withdrawn");
  });
});

describe("audit entries hold no free text, and free text is encrypted at rest", () => {
  it("every mutation and every view writes exactly one entry with the interview as target; canaries appear nowhere in clear", () => {
    const canaries = recordCanaries();
    const extra = {
      reexplained: `${canary("reexplained")} read the whole draft`,
      receivedBy: `${canary("receivedBy")} on the night desk`,
      sourceWords: `${canary("sourceWords")} please take it all down`,
      revokeReason: `${canary("revokeReason")} obtained improperly`,
    };
    const all = [...Object.values(canaries), ...Object.values(extra)].map((v) => v.split(" ")[0]!);
    expect(new Set(all).size).toBe(all.length);

    const step = (run: () => unknown, expected: { action: string; actorId: string; targetId: string; data: Record<string, unknown> }) => {
      const count = auditCount();
      run();
      const events = auditSince(count);
      expect(events, expected.action).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: expected.action,
        targetType: "consent",
        targetId: expected.targetId,
        actorId: expected.actorId,
        occurredAt: now(),
      });
      expect(events[0]!.data).toEqual(expected.data);
    };

    let recordId = "";
    step(
      () => {
        recordId = recordConsent({
          ctx: jo,
          input: input(birch, {
            ...canaries,
            presence: ["family"],
            method: "witnessed_verbal",
            nameChoice: "real",
            inducementsNoneOffered: false,
            capacityDistress: true,
          }),
        }).recordId;
      },
      {
        action: "consent.recorded",
        actorId: n.jo.id,
        targetId: birch,
        data: expect.objectContaining({ outcome: "given", method: "witnessed_verbal", needsOverride: true }),
      },
    );
    n.clock.advance(HOUR);
    step(() => reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, recordId, now(), { reexplained: extra.reexplained }) }), {
      action: "consent.reconfirmed",
      actorId: n.jo.id,
      targetId: birch,
      data: { recordId, channel: "secure_message" },
    });
    step(() => approveOverride({ ctx: ed, input: { interviewId: birch, recordId } }), {
      action: "consent.override_approved",
      actorId: n.ed.id,
      targetId: birch,
      data: { recordId, approvals: 1 },
    });
    step(() => viewConsentRecord({ ctx: ed, interviewId: birch, recordId }), {
      action: "consent.viewed",
      actorId: n.ed.id,
      targetId: birch,
      data: { recordId },
    });
    step(
      () =>
        withdrawConsent({
          ctx: jo,
          input: withdrawInput(birch, recordId, now(), { receivedBy: extra.receivedBy, sourceWords: extra.sourceWords }),
        }),
      {
        action: "consent.withdrawn",
        actorId: n.jo.id,
        targetId: birch,
        data: { recordId, channel: "phone", from: "reconfirmed" },
      },
    );
    const aspen = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Aspen" }));
    const aspenRecord = record(jo, aspen);
    step(() => revokeConsent({ ctx: ed, input: revokeInput(aspen, aspenRecord, extra.revokeReason) }), {
      action: "consent.revoked",
      actorId: n.ed.id,
      targetId: aspen,
      data: { recordId: aspenRecord, from: "given" },
    });
    // Reading the list is not a sensitive read and is not audited.
    const before = auditCount();
    listConsentRecords({ ctx: ed, interviewId: birch });
    expect(auditCount()).toBe(before);

    // The canaries were really stored (encrypted): the audited view decrypts each of them.
    const view = viewConsentRecord({ ctx: jo, interviewId: birch, recordId });
    for (const [field, value] of Object.entries(canaries))
      expect(view.privateText[field as keyof typeof view.privateText], field).toBe(value);
    const details = view.events.map((e) => e.details ?? "").join("\n");
    for (const value of [extra.reexplained, extra.receivedBy, extra.sourceWords]) expect(details).toContain(value);
    expect(viewConsentRecord({ ctx: jo, interviewId: aspen, recordId: aspenRecord }).events.at(-1)?.details).toBe(extra.revokeReason);

    // …and appear nowhere in clear: not in the audit log, not in the consent tables, not in the database file.
    const stored = ["audit_events", "consent_records", "consent_events", "consent_override_approvals", "interviews"]
      .map(tableText)
      .join("\n");
    for (const c of all) expect(stored, c).not.toContain(c);
    sqlite().pragma("wal_checkpoint(TRUNCATE)");
    const file = databaseFile();
    const raw = Buffer.concat([fs.readFileSync(file), fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
    expect(raw.length).toBeGreaterThan(0);
    // The search itself works on this file: the interview's id and code name are stored in clear.
    expect(raw.includes(birch)).toBe(true);
    expect(raw.includes("Birch")).toBe(true);
    for (const c of all) expect(raw.includes(c), c).toBe(false);

    expect(verifyStoredChain()).toMatchObject({ intact: true });
  });

  // Regression (found in review, fixed; was lib/consent/terms.ts:37, with lib/consent/schema.ts:53): "interpreterLanguage" is a free-text answer
  // (the form asks for the "Language or dialect used", up to 80 characters) but splitTerms puts it into the
  // clear-text terms_json, not into private_sealed. db/schema/consent.ts says "every free-text answer is encrypted
  // in private_sealed", terms.ts calls PRIVATE_FIELDS "the free-text answers", and listConsentRecords promises
  // "no free text". A dialect can point to a source's home region.
  it("the interpreter's 'language or dialect' answer is encrypted like every other free-text answer", () => {
    const dialect = canary("interpreterLanguage");
    const recordId = record(jo, birch, { interpreterLanguage: dialect });
    expect(JSON.stringify(viewConsentRecord({ ctx: jo, interviewId: birch, recordId }))).toContain(dialect);
    expect(tableText("consent_records")).not.toContain(dialect);
    expect(JSON.stringify(listConsentRecords({ ctx: ed, interviewId: birch }))).not.toContain(dialect);
  });

  it("free text in the summary list: the records list carries no private answers", () => {
    const canaries = recordCanaries();
    record(jo, birch, { ...canaries, method: "witnessed_verbal", nameChoice: "real", inducementsNoneOffered: false });
    const listed = JSON.stringify(listConsentRecords({ ctx: ed, interviewId: birch }));
    for (const value of Object.values(canaries)) expect(listed).not.toContain(value.split(" ")[0]!);
  });
});

describe("rollback when the audit entry cannot be written", () => {
  type Ids = { recordId: string; aspen: string; overrideId: string };
  const cases: [string, (ids: Ids) => unknown][] = [
    ["recordConsent", () => recordConsent({ ctx: jo, input: input(birch, { outcome: "refused", explainBack: "" }) })],
    ["recordConsent (re-consent)", ({ recordId }) => recordConsent({ ctx: jo, input: input(birch, { previousRecordId: recordId }) })],
    ["reconfirmConsent", ({ recordId }) => reconfirmConsent({ ctx: jo, input: reconfirmInput(birch, recordId, now()) })],
    ["withdrawConsent", ({ recordId }) => withdrawConsent({ ctx: jo, input: withdrawInput(birch, recordId, now()) })],
    ["withdrawConsent by a desk editor", ({ recordId }) => withdrawConsent({ ctx: ed, input: withdrawInput(birch, recordId, now()) })],
    ["revokeConsent", ({ recordId }) => revokeConsent({ ctx: ed, input: revokeInput(birch, recordId) })],
    ["approveOverride", ({ aspen, overrideId }) => approveOverride({ ctx: ed, input: { interviewId: aspen, recordId: overrideId } })],
    ["viewConsentRecord", ({ recordId }) => viewConsentRecord({ ctx: ed, interviewId: birch, recordId })],
  ];

  it.each(cases)("%s throws and changes nothing, then succeeds once the log works", (_name, run) => {
    const recordId = record(jo, birch);
    const aspen = seedInterview(jo, interviewInput(n.kyiv, { codeName: "Aspen" }));
    const overrideId = record(jo, aspen, { voiceChoice: "real", publicInterestJustification: JUSTIFICATION_40 });
    const call = () => run({ recordId, aspen, overrideId });
    n.clock.advance(HOUR);
    const before = consentSnapshot(data.dir);
    const restore = forceAuditInsertFailure();
    try {
      expect(call).toThrow(/forced/);
    } finally {
      restore();
    }
    expect(consentSnapshot(data.dir)).toEqual(before);
    const count = auditCount();
    call();
    expect(auditCount()).toBe(count + 1);
  });
});

describe("validation: bad input names the field and writes nothing", () => {
  type Case = [
    name: string,
    field: string,
    overrides: Partial<ConsentInput> | ((i: ConsentInput) => unknown),
    kind?: "pow" | "minor" | "defector",
  ];
  const without = (key: keyof ConsentInput) => (i: ConsentInput) => {
    const copy: Record<string, unknown> = { ...i };
    delete copy[key];
    return copy;
  };
  const cases: Case[] = [
    ["missing explainBack", "explainBack", without("explainBack")],
    ["missing presence", "presence", without("presence")],
    ["missing outcome", "outcome", without("outcome")],
    ["missing decidedAt", "decidedAt", without("decidedAt")],
    ["decision before the explanation", "decidedAt", (i) => ({ ...i, decidedAt: iso(Date.parse(i.explainedAt) - MINUTE) })],
    ["explainedAt not a date", "explainedAt", { explainedAt: "last Tuesday" }],
    ["decision in the future", "decidedAt", (i) => ({ ...i, decidedAt: iso(Date.parse(i.explainedAt) + 2 * DAY) })],
    ["'nobody else' combined with family", "presence", { presence: ["none", "family"] }],
    ["'nobody else' combined with guards", "presence", { presence: ["guards", "none"] }],
    ["nobody present at all", "presence", { presence: [] }],
    ["an unknown presence", "presence.0", { presence: ["everyone"] as unknown as Presence[] }],
    ["recorded verbal without a sha256", "recordingSha256", { method: "recorded_verbal", methodReason: "A signature would be a risk" }],
    [
      "recorded verbal with 63 hex digits",
      "recordingSha256",
      { method: "recorded_verbal", methodReason: "A signature would be a risk", recordingSha256: "a".repeat(63) },
    ],
    [
      "recorded verbal with a non-hex sha256",
      "recordingSha256",
      { method: "recorded_verbal", methodReason: "A signature would be a risk", recordingSha256: "g".repeat(64) },
    ],
    ["verbal without a reason", "methodReason", { method: "witnessed_verbal", witness: "Our producer" }],
    ["witnessed verbal without a witness", "witness", { method: "witnessed_verbal", methodReason: "A signature would be a risk" }],
    ["a minor without a guardian", "guardian", { guardianConsent: true, childAgreement: true }, "minor"],
    ["a minor refusing still needs a guardian named", "guardian", { outcome: "refused" }, "minor"],
    ["a minor without their own agreement", "childAgreement", { guardian: "Aunt, appropriate adult", guardianConsent: true }, "minor"],
    ["not every point explained", "informationGiven", { informationGiven: INFORMATION_ITEMS.filter((i) => i !== "how_to_withdraw") }],
    ["an explain-back too short", "explainBack", { explainBack: "yes" }],
    ["capacity said postpone", "capacityDecision", { capacityDecision: "postpone" }],
    ["interpreter without affiliation", "interpreterAffiliation", { interpreterAffiliation: "" }],
    ["interpreter without language", "interpreterLanguage", { interpreterLanguage: "" }],
    ["inducements without description", "commitments", { inducementsNoneOffered: false }],
    ["given without any medium", "media", { media: [] }],
    ["expiry before the embargo ends", "expiresOn", { embargoUntil: "2030-06-01", expiresOn: "2030-05-01" }],
    ["a POW without the acknowledgement", "powAcknowledged", { powAcknowledged: false }],
    ["a POW's real name without justification", "publicInterestJustification", { nameChoice: "real" }],
    ["custody, nobody present, but not private", "privateSetting", { privateSetting: false }],
    ["coordinates as the location", "locationGeneral", { locationGeneral: "39.0392, 125.7625" }],
    ["zero sessions", "sessions", { sessions: 0 }],
    ["not certified", "certified", { certified: false }],
    ["certified missing", "certified", without("certified")],
    ["certified as a string", "certified", { certified: "true" }],
    ["an unknown script", "scriptId", { scriptId: "no-such-script" }],
    ["a language the script does not have", "language", { language: "fr" }],
    ["an unknown previous record", "previousRecordId", { previousRecordId: "no-such-record" }],
  ];

  it.each(cases)("%s → %s", (_name, field, change, kind = "pow") => {
    const interviewId =
      kind === "pow"
        ? birch
        : seedInterview(jo, defectorInput(n.kyiv, { codeName: kind === "minor" ? "Wren" : "Magpie", minor: kind === "minor" }));
    const base = input(interviewId);
    const value = typeof change === "function" ? change(base) : { ...base, ...change };
    invalid(() => recordConsent({ ctx: jo, input: value }), field);
  });

  it("the same answers are valid for a minor with guardian and both agreements, and for a defector outside custody", () => {
    const wren = seedInterview(jo, defectorInput(n.kyiv, { codeName: "Wren", minor: true }));
    record(jo, wren, { guardian: "Aunt, appropriate adult", guardianConsent: true, childAgreement: true });
    const magpie = seedInterview(jo, defectorInput(n.kyiv));
    record(jo, magpie, { privateSetting: false, powAcknowledged: false });
    expect(getConsentTerms(wren).status).toBe("given");
    expect(getConsentTerms(magpie).status).toBe("given");
  });

  describe("events", () => {
    let recordId: string;
    beforeEach(() => {
      recordId = record(jo, birch);
      n.clock.advance(HOUR);
    });
    it("reconfirmation", () => {
      const r = (o: Record<string, unknown>) => () =>
        reconfirmConsent({ ctx: jo, input: { ...reconfirmInput(birch, recordId, now()), ...o } });
      invalid(r({ reexplained: "short" }), "reexplained");
      invalid(r({ reexplained: undefined }), "reexplained");
      invalid(r({ contentShownSha256: "abc" }), "contentShownSha256");
      invalid(r({ channel: "pigeon" }), "channel");
      invalid(r({ occurredAt: "soon" }), "occurredAt");
      invalid(r({ occurredAt: iso(now() + DAY) }), "occurredAt");
      invalid(r({ occurredAt: iso(recordRow(recordId)!.decided_at - MINUTE) }), "occurredAt");
      invalid(r({ recordId: "" }), "recordId");
    });
    it("withdrawal", () => {
      const w = (o: Record<string, unknown>) => () =>
        withdrawConsent({ ctx: jo, input: { ...withdrawInput(birch, recordId, now()), ...o } });
      invalid(w({ receivedBy: "" }), "receivedBy");
      invalid(w({ receivedBy: "   " }), "receivedBy");
      invalid(w({ channel: undefined }), "channel");
      invalid(w({ occurredAt: "yesterday-ish" }), "occurredAt");
      invalid(w({ sourceWords: "x".repeat(2001) }), "sourceWords");
      expect(statusOf(recordId)).toBe("given");
    });
    it("revocation", () => {
      invalid(() => revokeConsent({ ctx: ed, input: revokeInput(birch, recordId, "too short") }), "reason");
      invalid(() => revokeConsent({ ctx: ed, input: { interviewId: birch, recordId } }), "reason");
      expect(statusOf(recordId)).toBe("given");
    });
  });
});
