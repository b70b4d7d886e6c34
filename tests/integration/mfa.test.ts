import { beforeEach, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { loadSessionUser } from "@/lib/auth/load-session-user";
import { totpCode } from "@/lib/auth/totp";
import { ACCOUNT_MAX_FAILURES } from "@/lib/auth/throttle";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { disableMfa } from "@/lib/mfa/disable-mfa";
import { enrolMfa } from "@/lib/mfa/enrol-mfa";
import { getMfaStatus } from "@/lib/mfa/get-mfa-status";
import { replaceRecoveryCodes } from "@/lib/mfa/replace-recovery-codes";
import { resetUserMfa } from "@/lib/mfa/reset-user-mfa";
import { startMfaEnrolment } from "@/lib/mfa/start-mfa-enrolment";
import { updateSettings } from "@/lib/settings/settings";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { ctxOf, makeClock, makeCtx, seedUser, setupAdmin, type SeededAdmin, type SeededUser } from "../support/seed";
import { auditCount, auditSince, registerTestDb, sqlite } from "../support/test-db";

registerTestDb("each");

let clock: ReturnType<typeof makeClock>;
let admin: SeededAdmin;
let ed: SeededUser;
let jo: SeededUser;

beforeEach(async () => {
  clock = makeClock();
  admin = await setupAdmin({ now: clock.now });
  ed = await seedUser(admin.ctx, "editor", { deskIds: [admin.deskId] });
  jo = await seedUser(admin.ctx, "journalist", { deskIds: [admin.deskId] });
});

const anon = () => makeCtx(null, { now: clock.now });
const signIn = (user: { email: string; password: string }, code?: string) =>
  authenticate({ ctx: anon(), input: { email: user.email, password: user.password, code } });
const sessionOf = (userId: string) => {
  const v = sqlite().prepare("select session_version as v from users where id = ?").get(userId) as { v: number };
  return loadSessionUser(userId, v.v);
};

/** Enrols `user` through the services and returns the secret and recovery codes. */
async function enrol(user: { id: string }) {
  const ctx = ctxOf(user.id, { now: clock.now });
  const enrolment = await startMfaEnrolment({ ctx, accountLabel: "user@example" });
  const secret = enrolment.secretGroups.replace(/\s+/g, "");
  const { recoveryCodes } = enrolMfa({ ctx, input: { pending: enrolment.pending, code: totpCode(secret, clock.now()) } });
  clock.advance(30_000); // the enrolment code's step is used up
  return { secret, recoveryCodes, ctx };
}

describe("enrolment", () => {
  it("stores the secret sealed, ten hashed recovery codes, and audits mfa.enrolled without secrets", async () => {
    const n = auditCount();
    const { secret, recoveryCodes } = await enrol(ed);
    expect(recoveryCodes).toHaveLength(10);
    const row = sqlite().prepare("select * from user_mfa where user_id = ?").get(ed.id) as Record<string, unknown>;
    expect(String(row.secret_sealed)).not.toContain(secret);
    const hashes = sqlite().prepare("select code_hash from mfa_recovery_codes where user_id = ?").all(ed.id) as { code_hash: string }[];
    expect(hashes).toHaveLength(10);
    for (const h of hashes) expect(recoveryCodes.map((c) => c.replace("-", ""))).not.toContain(h.code_hash);
    const events = auditSince(n);
    expect(events.map((e) => e.action)).toEqual(["mfa.enrolled"]);
    expect(events[0]!.data).toEqual({ recoveryCodes: 10 });
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(getMfaStatus({ ctx: ctxOf(ed.id) })).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: true });
  });

  it("refuses a wrong confirmation code, a pending token of another user and a second enrolment", async () => {
    const ctx = ctxOf(ed.id, { now: clock.now });
    const enrolment = await startMfaEnrolment({ ctx, accountLabel: "x" });
    await expect(async () => enrolMfa({ ctx, input: { pending: enrolment.pending, code: "000000" } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    const joCtx = ctxOf(jo.id, { now: clock.now });
    const secret = enrolment.secretGroups.replace(/\s+/g, "");
    expect(() => enrolMfa({ ctx: joCtx, input: { pending: enrolment.pending, code: totpCode(secret, clock.now()) } })).toThrow(
      ValidationError,
    );
    await enrol(ed);
    const again = await startMfaEnrolment({ ctx, accountLabel: "x" });
    const s2 = again.secretGroups.replace(/\s+/g, "");
    expect(() => enrolMfa({ ctx, input: { pending: again.pending, code: totpCode(s2, clock.now()) } })).toThrow(/already on/);
  });

  it("an expired enrolment page is refused", async () => {
    const ctx = ctxOf(ed.id, { now: clock.now });
    const enrolment = await startMfaEnrolment({ ctx, accountLabel: "x" });
    clock.advance(31 * 60_000);
    const secret = enrolment.secretGroups.replace(/\s+/g, "");
    expect(() => enrolMfa({ ctx, input: { pending: enrolment.pending, code: totpCode(secret, clock.now()) } })).toThrow(/expired/);
  });
});

describe("sign-in with a second factor", () => {
  it("the password alone gives mfa_required (nothing else), then password + code signs in", async () => {
    const { secret } = await enrol(ed);
    const n = auditCount();
    expect(await signIn(ed)).toBe("mfa_required");
    expect(auditSince(n)).toEqual([]);
    expect(await signIn(ed, totpCode(secret, clock.now()))).toMatchObject({ id: ed.id, role: "editor" });
    expect(auditSince(n).map((e) => e.action)).toEqual(["auth.sign_in_succeeded"]);
  });

  it("a wrong password never reveals that the account has MFA", async () => {
    await enrol(ed);
    expect(await signIn({ email: ed.email, password: "wrong password here" })).toBeNull();
  });

  it("replay: the same code is refused the second time, even within its 30 seconds", async () => {
    const { secret } = await enrol(ed);
    const code = totpCode(secret, clock.now());
    expect(await signIn(ed, code)).toMatchObject({ id: ed.id });
    const n = auditCount();
    expect(await signIn(ed, code)).toBeNull();
    expect(auditSince(n).map((e) => [e.action, e.data.reason])).toEqual([["auth.sign_in_failed", "bad_code"]]);
    // An older code (previous step) is refused too; the next step's code works.
    expect(await signIn(ed, totpCode(secret, clock.now() - 30_000))).toBeNull();
    clock.advance(30_000);
    expect(await signIn(ed, totpCode(secret, clock.now()))).toMatchObject({ id: ed.id });
  });

  it("wrong codes count like wrong passwords: after five the account is locked, even for the right code", async () => {
    const { secret } = await enrol(ed);
    const n = auditCount();
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i += 1) {
      expect(await signIn(ed, "000000")).toBeNull();
      // Re-entering the password alone must not reset the count (until the lock, which refuses even that).
      if (i < ACCOUNT_MAX_FAILURES - 1) expect(await signIn(ed)).toBe("mfa_required");
    }
    const events = auditSince(n);
    expect(events.filter((e) => e.action === "auth.sign_in_failed").every((e) => e.data.reason === "bad_code")).toBe(true);
    expect(events.map((e) => e.action)).toContain("auth.locked_out");
    expect(await signIn(ed, totpCode(secret, clock.now()))).toBeNull();
    expect(await signIn(ed)).toBeNull(); // locked: not even the MFA step
    expect(JSON.stringify(events)).not.toContain("000000");
  });

  it("a recovery code works once, is audited with the number left, and then is refused", async () => {
    const { recoveryCodes } = await enrol(ed);
    const n = auditCount();
    expect(await signIn(ed, recoveryCodes[3]!.toUpperCase())).toMatchObject({ id: ed.id });
    const events = auditSince(n);
    expect(events.map((e) => e.action)).toEqual(["mfa.recovery_used", "auth.sign_in_succeeded"]);
    expect(events[0]!.data).toEqual({ remaining: 9 });
    expect(JSON.stringify(events)).not.toContain(recoveryCodes[3]!);
    expect(await signIn(ed, recoveryCodes[3]!)).toBeNull();
    // Another user's code does not work for this one.
    const other = await enrol(jo);
    expect(await signIn(ed, other.recoveryCodes[0]!)).toBeNull();
  });

  it("the database refuses to move the last used step back or to reuse a used recovery code", async () => {
    const { recoveryCodes } = await enrol(ed);
    expect(() => sqlite().prepare("update user_mfa set last_used_step = 0 where user_id = ?").run(ed.id)).toThrow(/forward/);
    await signIn(ed, recoveryCodes[0]!);
    expect(() => sqlite().prepare("update mfa_recovery_codes set used_at = null where user_id = ?").run(ed.id)).toThrow(
      /used recovery code/,
    );
  });
});

describe("requirement for editors and administrators", () => {
  it("an editor or admin without MFA is held at enrolment; a journalist is not; enrolling lifts it", async () => {
    expect(sessionOf(ed.id)?.mfaEnrolmentRequired).toBe(true);
    expect(sessionOf(admin.id)?.mfaEnrolmentRequired).toBe(true);
    expect(sessionOf(jo.id)?.mfaEnrolmentRequired).toBe(false);
    // The password alone still signs in (so the user can reach the enrolment page).
    expect(await signIn(ed)).toMatchObject({ id: ed.id });
    await enrol(ed);
    expect(sessionOf(ed.id)).toMatchObject({ mfaEnabled: true, mfaEnrolmentRequired: false });
  });

  it("with the setting off, editors and admins are not held (and the change is audited)", () => {
    const n = auditCount();
    updateSettings({ ctx: admin.ctx, input: { mfa_required_for_editors: false } });
    expect(auditSince(n).map((e) => [e.action, e.data])).toEqual([
      ["settings.updated", { key: "mfa_required_for_editors", from: true, to: false }],
    ]);
    expect(sessionOf(ed.id)?.mfaEnrolmentRequired).toBe(false);
    expect(sessionOf(admin.id)?.mfaEnrolmentRequired).toBe(false);
  });

  it("a journalist may enrol, and is then asked for a code too", async () => {
    const { secret } = await enrol(jo);
    expect(await signIn(jo)).toBe("mfa_required");
    expect(await signIn(jo, totpCode(secret, clock.now()))).toMatchObject({ id: jo.id });
  });
});

describe("new recovery codes", () => {
  it("replace every old code after the password and a code; old codes stop working, new ones sign in once", async () => {
    const { secret, recoveryCodes: oldCodes, ctx } = await enrol(jo);
    const n = auditCount();
    await expect(replaceRecoveryCodes({ ctx, input: { password: "not my password", code: totpCode(secret, clock.now()) } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(replaceRecoveryCodes({ ctx, input: { password: jo.password, code: "123456" } })).rejects.toBeInstanceOf(ValidationError);
    expect(auditSince(n).map((e) => [e.action, e.data.purpose, e.data.reason])).toEqual([
      ["auth.reauth_failed", "mfa_codes", "bad_password"],
      ["auth.reauth_failed", "mfa_codes", "bad_code"],
    ]);
    // Refusals change no code.
    expect(await signIn(jo, oldCodes[0])).toMatchObject({ id: jo.id });
    const m = auditCount();
    const { recoveryCodes } = await replaceRecoveryCodes({ ctx, input: { password: jo.password, code: totpCode(secret, clock.now()) } });
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes.some((c) => oldCodes.includes(c))).toBe(false);
    expect(auditSince(m).map((e) => [e.action, e.data])).toEqual([["mfa.recovery_codes_replaced", { recoveryCodes: 10, method: "totp" }]]);
    expect(JSON.stringify(auditSince(m))).not.toContain(recoveryCodes[0]!.replace("-", ""));
    expect(await signIn(jo, oldCodes[1])).toBeNull();
    expect(await signIn(jo, recoveryCodes[0])).toMatchObject({ id: jo.id });
    expect(await signIn(jo, recoveryCodes[0])).toBeNull();
    expect(getMfaStatus({ ctx }).recoveryCodesLeft).toBe(9);
  });

  it("is refused (not found) when two-step sign-in is off", async () => {
    await expect(replaceRecoveryCodes({ ctx: ctxOf(jo.id, { now: clock.now }), input: { password: jo.password, code: "123456" } })).rejects.toThrow(
      /not on for your account/,
    );
  });
});

describe("turning it off and resetting", () => {
  it("the user turns it off with password and code; a wrong code is refused, audited and counted", async () => {
    const { secret, ctx } = await enrol(jo);
    const n = auditCount();
    await expect(disableMfa({ ctx, input: { password: jo.password, code: "123456" } })).rejects.toBeInstanceOf(ValidationError);
    await expect(disableMfa({ ctx, input: { password: "not my password", code: totpCode(secret, clock.now()) } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(auditSince(n).map((e) => [e.action, e.data.reason])).toEqual([
      ["auth.reauth_failed", "bad_code"],
      ["auth.reauth_failed", "bad_password"],
    ]);
    const version = () => (sqlite().prepare("select session_version as v from users where id = ?").get(jo.id) as { v: number }).v;
    const before = version();
    // Refusals leave the sessions alone; turning it off ends every session of the account (ASVS 7.4.3).
    expect(loadSessionUser(jo.id, before)).not.toBeNull();
    const m = auditCount();
    await disableMfa({ ctx, input: { password: jo.password, code: totpCode(secret, clock.now()) } });
    expect(auditSince(m).map((e) => [e.action, e.data])).toEqual([["mfa.disabled", { method: "totp" }]]);
    expect(version()).toBe(before + 1);
    expect(loadSessionUser(jo.id, before)).toBeNull();
    expect(await signIn(jo)).toMatchObject({ id: jo.id });
  });

  it("an admin resets a user's MFA: audited, every session ends, the password alone signs in again", async () => {
    await enrol(ed);
    const before = sessionOf(ed.id)!;
    const oldVersion = (sqlite().prepare("select session_version as v from users where id = ?").get(ed.id) as { v: number }).v;
    const n = auditCount();
    expect(resetUserMfa({ ctx: admin.ctx, input: { userId: ed.id } })).toEqual({ changed: true });
    const events = auditSince(n);
    expect(events.map((e) => [e.action, e.targetId, e.actorId, e.data])).toEqual([
      ["user.mfa_reset", ed.id, admin.id, { recoveryCodesRemoved: 10 }],
    ]);
    expect(loadSessionUser(ed.id, oldVersion)).toBeNull();
    expect(before.mfaEnabled).toBe(true);
    expect(sessionOf(ed.id)).toMatchObject({ mfaEnabled: false, mfaEnrolmentRequired: true });
    expect(await signIn(ed)).toMatchObject({ id: ed.id });
    // Nothing to reset: no change, no entry.
    const m = auditCount();
    expect(resetUserMfa({ ctx: admin.ctx, input: { userId: ed.id } })).toEqual({ changed: false });
    expect(auditCount()).toBe(m);
    expect(verifyStoredChain().intact).toBe(true);
  });

  it("only administrators reset; an unknown user is not found", async () => {
    await enrol(jo);
    const edCtx = ctxOf(ed.id);
    expect(() => resetUserMfa({ ctx: edCtx, input: { userId: jo.id } })).toThrow(ForbiddenError);
    expect(() => resetUserMfa({ ctx: admin.ctx, input: { userId: "no-such-user" } })).toThrow(/not found/i);
  });
});
