import { describe, expect, it, vi } from "vitest";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { consentCommand } from "@/lib/cli/consent";
import { expireDueConsents } from "@/lib/consent/expire-consents";
import { getConsentTerms } from "@/lib/consent/get-consent-terms";
import { listConsentRecords } from "@/lib/consent/list-consent-records";
import { reconfirmConsent } from "@/lib/consent/reconfirm-consent";
import { recordConsent } from "@/lib/consent/record-consent";
import { withdrawConsent } from "@/lib/consent/withdraw-consent";
import { InvalidTransitionError, ForbiddenError, ValidationError } from "@/lib/errors";
import { listInterviews } from "@/lib/interviews/list-interviews";
import { readSetting, updateSettings } from "@/lib/settings/settings";
import { consentInput, DAY, iso, reconfirmInput, withdrawInput } from "../support/consent-fixtures";
import { interviewInput, makeCtx, seedInterview, seedNewsroom, type Newsroom } from "../support/seed";
import { auditCount, auditSince, registerTestDb, sqlite } from "../support/test-db";

registerTestDb("each");

async function withConsent(overrides: Parameters<typeof consentInput>[2] = {}) {
  const n = await seedNewsroom();
  const interviewId = seedInterview(n.ctx(n.jo), interviewInput(n.kyiv));
  const { recordId } = recordConsent({ ctx: n.ctx(n.jo), input: consentInput(interviewId, n.clock.now(), overrides) });
  return { n, interviewId, recordId };
}

const day = (ms: number) => iso(ms).slice(0, 10);
const status = (recordId: string) =>
  (sqlite().prepare("select status from consent_records where id = ?").get(recordId) as { status: string }).status;

describe("reconfirmation window", () => {
  it("counts only reconfirmations (not the first 'given') and only within the configured days", async () => {
    const { n, interviewId, recordId } = await withConsent();
    let terms = getConsentTerms(interviewId, undefined, n.clock.now());
    expect(terms.reconfirmation).toMatchObject({ days: 14, lastReconfirmedAt: null, current: false });
    const at = n.clock.now() - 60_000;
    reconfirmConsent({ ctx: n.ctx(n.jo), input: reconfirmInput(interviewId, recordId, n.clock.now(), { occurredAt: iso(at) }) });
    terms = getConsentTerms(interviewId, undefined, n.clock.now());
    expect(terms.reconfirmation).toMatchObject({ lastReconfirmedAt: at, validUntil: at + 14 * DAY, current: true });
    expect(getConsentTerms(interviewId, undefined, at + 14 * DAY).reconfirmation.current).toBe(true);
    expect(getConsentTerms(interviewId, undefined, at + 14 * DAY + 1).reconfirmation.current).toBe(false);
    // An administrator shortens the window: the same reconfirmation no longer counts after 3 days.
    updateSettings({ ctx: n.ctx(n.admin), input: { consent_reconfirmation_days: "3" } });
    expect(getConsentTerms(interviewId, undefined, at + 4 * DAY).reconfirmation).toMatchObject({ days: 3, current: false });
    expect(listConsentRecords({ ctx: n.ctx(n.jo), interviewId })[0]!.reconfirmation).toMatchObject({ days: 3, lastReconfirmedAt: at });
  });

  it("refuses a reconfirmation dated before consent was given or in the future", async () => {
    const { n, interviewId, recordId } = await withConsent();
    const before = auditCount();
    const early = () =>
      reconfirmConsent({
        ctx: n.ctx(n.jo),
        input: reconfirmInput(interviewId, recordId, n.clock.now(), { occurredAt: iso(n.clock.now() - 2 * DAY) }),
      });
    expect(early).toThrow(ValidationError);
    const future = () =>
      reconfirmConsent({
        ctx: n.ctx(n.jo),
        input: reconfirmInput(interviewId, recordId, n.clock.now(), { occurredAt: iso(n.clock.now() + DAY) }),
      });
    expect(future).toThrow(/future/);
    expect(() =>
      withdrawConsent({
        ctx: n.ctx(n.jo),
        input: withdrawInput(interviewId, recordId, n.clock.now(), { occurredAt: iso(n.clock.now() + DAY) }),
      }),
    ).toThrow(ValidationError);
    expect(auditCount()).toBe(before);
    expect(status(recordId)).toBe("given");
  });

  it("refuses a consent record whose explanation or decision is in the future", async () => {
    const n = await seedNewsroom();
    const interviewId = seedInterview(n.ctx(n.jo), interviewInput(n.kyiv));
    const now = n.clock.now();
    try {
      recordConsent({
        ctx: n.ctx(n.jo),
        input: consentInput(interviewId, now, { explainedAt: iso(now + DAY), decidedAt: iso(now + DAY + 60_000) }),
      });
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).fieldErrors).toMatchObject({ explainedAt: expect.any(String), decidedAt: expect.any(String) });
    }
    expect(sqlite().prepare("select count(*) n from consent_records").get()).toEqual({ n: 0 });
  });
});

describe("settings", () => {
  it("only administrators change them; each change is audited with old and new value; bad values change nothing", async () => {
    const n: Newsroom = await seedNewsroom();
    expect(readSetting("consent_reconfirmation_days")).toBe(14);
    expect(() => updateSettings({ ctx: n.ctx(n.ed), input: { consent_reconfirmation_days: 7 } })).toThrow(ForbiddenError);
    for (const bad of [0, 366, 2.5, "seven", null, -1]) {
      expect(() => updateSettings({ ctx: n.ctx(n.admin), input: { consent_reconfirmation_days: bad } })).toThrow(ValidationError);
    }
    const before = auditCount();
    expect(updateSettings({ ctx: n.ctx(n.admin), input: { consent_reconfirmation_days: 7 } })).toEqual({
      changed: ["consent_reconfirmation_days"],
    });
    expect(updateSettings({ ctx: n.ctx(n.admin), input: { consent_reconfirmation_days: 7 } })).toEqual({ changed: [] });
    expect(readSetting("consent_reconfirmation_days")).toBe(7);
    const audit = auditSince(before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "settings.updated", actorId: n.admin.id });
    expect(audit[0]!.data).toEqual({ key: "consent_reconfirmation_days", from: 14, to: 7 });
  });

  it("falls back to the default when a stored value is unusable", async () => {
    const n = await seedNewsroom();
    sqlite()
      .prepare("insert into instance_settings (key, value_json, updated_by, updated_at) values (?, ?, ?, ?)")
      .run("consent_reconfirmation_days", "not json", n.admin.id, 0);
    expect(readSetting("consent_reconfirmation_days")).toBe(14);
  });
});

describe("expiry", () => {
  it("treats consent past its expiry date as expired at once, then the sweep records it once, audited without an actor", async () => {
    const { n, interviewId, recordId } = await withConsent({ expiresOn: day(Date.UTC(2030, 0, 20)) });
    expect(getConsentTerms(interviewId, undefined, n.clock.now()).status).toBe("given");
    const lastMoment = Date.UTC(2030, 0, 20, 23, 59, 59, 999);
    expect(getConsentTerms(interviewId, undefined, lastMoment).active).toBe(true);
    n.clock.set(lastMoment + 1);
    const terms = getConsentTerms(interviewId, undefined, n.clock.now());
    expect(terms).toMatchObject({ status: "expired", active: false });
    expect(listConsentRecords({ ctx: n.ctx(n.jo), interviewId })[0]!.status).toBe("expired");
    expect(listInterviews({ ctx: n.ctx(n.jo), filter: {} })[0]!.consentStatus).toBe("expired");
    // Nothing may be appended to consent that has expired, even before the sweep wrote it down.
    expect(() => reconfirmConsent({ ctx: n.ctx(n.jo), input: reconfirmInput(interviewId, recordId, n.clock.now()) })).toThrow(
      InvalidTransitionError,
    );
    expect(status(recordId)).toBe("given");

    const before = auditCount();
    expect(expireDueConsents(makeCtx(null, { now: n.clock.now }))).toEqual({ expired: 1, failed: 0 });
    expect(expireDueConsents(makeCtx(null, { now: n.clock.now }))).toEqual({ expired: 0, failed: 0 });
    expect(status(recordId)).toBe("expired");
    const audit = auditSince(before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "consent.expired", targetId: interviewId, actorId: null });
    expect(audit[0]!.data).toEqual({ recordId, expiresOn: "2030-01-20" });
    expect(listConsentRecords({ ctx: n.ctx(n.jo), interviewId })[0]!.history.at(-1)).toMatchObject({
      type: "expired",
      recordedBy: "Sourcekeeper (automatic)",
    });
    expect(verifyStoredChain().intact).toBe(true);
    // The desk's editors see it (no actor, but it is about their desk's interview); another desk's editor does not.
    expect(listAuditEvents({ ctx: n.ctx(n.ed) }).items.map((e) => e.action)).toContain("consent.expired");
    expect(listAuditEvents({ ctx: n.ctx(n.seoulEd) }).items.map((e) => e.action)).not.toContain("consent.expired");
  });

  it("leaves alone consent without an expiry date, not yet due, or already withdrawn", async () => {
    const { n, interviewId, recordId } = await withConsent({ expiresOn: "2030-02-01" });
    const other = seedInterview(n.ctx(n.jo), interviewInput(n.kyiv, { codeName: "Second" }));
    recordConsent({ ctx: n.ctx(n.jo), input: consentInput(other, n.clock.now()) });
    n.clock.set(Date.UTC(2030, 0, 31));
    expect(expireDueConsents(makeCtx(null, { now: n.clock.now })).expired).toBe(0);
    withdrawConsent({ ctx: n.ctx(n.jo), input: withdrawInput(interviewId, recordId, n.clock.now()) });
    n.clock.set(Date.UTC(2030, 5, 1));
    expect(expireDueConsents(makeCtx(null, { now: n.clock.now })).expired).toBe(0);
    expect(status(recordId)).toBe("withdrawn");
  });

  it("is available from the command line, on the real clock", async () => {
    await withConsent({ expiresOn: "2030-01-20" });
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), readStdin: async () => "" };
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2030, 0, 21) });
    try {
      expect(await consentCommand(["expire"], io)).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(out.join("")).toMatch(/Recorded the expiry of 1 consent record\./);
    expect(await consentCommand(["bogus"], io)).toBe(2);
  });
});
