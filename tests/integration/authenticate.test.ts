import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { loadSessionUser } from "@/lib/auth/load-session-user";
import { recordSignOut } from "@/lib/auth/record-sign-out";
import { ACCOUNT_MAX_FAILURES, IP_MAX_FAILURES, LOCK_MS, WINDOW_MS } from "@/lib/auth/throttle";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { setUserActive } from "@/lib/users/set-user-active";
import { makeClock, makeCtx, seedUser, setupAdmin, type SeededAdmin, type SeededUser } from "../support/seed";
import { auditCount, auditRows, auditSince, forceAuditInsertFailure, snapshot, sqlite, registerTestDb } from "../support/test-db";

registerTestDb("each");

const IP = "203.0.113.9";
let clock: ReturnType<typeof makeClock>;
let admin: SeededAdmin;
let jo: SeededUser;

beforeEach(async () => {
  clock = makeClock();
  admin = await setupAdmin();
  jo = await seedUser(admin.ctx, "journalist", { email: "jo@newsroom.example", password: "juniper harbour 7 mosaic" });
});

const ctx = (ip = IP) => makeCtx(null, { ip, now: clock.now });
/** Password-only accounts never see the MFA step (two-step sign-in is tested in mfa.test.ts). */
const signIn = async (email: string, password: string, ip = IP) => {
  const result = await authenticate({ ctx: ctx(ip), input: { email, password } });
  if (result === "mfa_required") throw new Error("unexpected MFA step");
  return result;
};

describe("authenticate", () => {
  it("success returns the user and audits auth.sign_in_succeeded by that user", async () => {
    const n = auditCount();
    await expect(signIn("JO@newsroom.example ", jo.password)).resolves.toEqual({ id: jo.id, role: "journalist", sessionVersion: 1 });
    const events = auditSince(n);
    expect(events.map((e) => [e.action, e.actorId, e.targetId, e.occurredAt, e.data])).toEqual([
      ["auth.sign_in_succeeded", jo.id, jo.id, clock.now(), {}],
    ]);
  });

  it.each([
    ["a wrong password", "jo@newsroom.example", "not the password 1"],
    ["an unknown e-mail", "nobody@newsroom.example", "juniper harbour 7 mosaic"],
  ])("%s → null and auth.sign_in_failed with an e-mail hash, never the address", async (_label, email, password) => {
    const n = auditCount();
    await expect(signIn(email, password)).resolves.toBeNull();
    const events = auditSince(n);
    expect(events).toHaveLength(1);
    const [e] = events;
    expect(e).toMatchObject({ action: "auth.sign_in_failed", actorId: null, targetId: null });
    expect(e!.data).toEqual({ emailHash: expect.stringMatching(/^[0-9a-f]{64}$/), reason: "bad_credentials" });
    expect(e!.payload).not.toContain(email);
    expect(e!.payload).not.toMatch(/@|newsroom/);
    expect(e!.payload).not.toContain(password);
    // Keyed, not a bare SHA-256 that anyone could recompute from a guessed address.
    expect(e!.data.emailHash).not.toBe(createHash("sha256").update(email).digest("hex"));
    // The IP address is not logged either.
    expect(JSON.stringify(auditRows())).not.toContain(IP);
  });

  it("the e-mail hash is stable per address (case-insensitive) and differs between addresses", async () => {
    const n = auditCount();
    await signIn("x@newsroom.example", "wrong password one");
    await signIn("X@Newsroom.Example", "wrong password two");
    await signIn("y@newsroom.example", "wrong password one");
    const [a, b, c] = auditSince(n).map((e) => e.data.emailHash);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("malformed input is refused without a crash", async () => {
    for (const input of [
      null,
      {},
      { email: "jo@newsroom.example" },
      { email: "not an email", password: "x" },
      { email: 1, password: 2 },
      "jo",
    ]) {
      await expect(authenticate({ ctx: ctx(), input })).resolves.toBeNull();
    }
  });

  it("5 failures lock the account; the 6th attempt with the correct password is refused", async () => {
    const n = auditCount();
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) {
      await expect(signIn(jo.email, `wrong password ${i}`)).resolves.toBeNull();
      clock.advance(1000);
    }
    const events = auditSince(n);
    expect(events.map((e) => e.action)).toEqual([...Array<string>(5).fill("auth.sign_in_failed"), "auth.locked_out"]);
    const lock = events[5]!;
    expect(lock.data).toEqual({ scope: "account", keyHash: events[0]!.data.emailHash, lockedUntil: clock.now() - 1000 + LOCK_MS });

    const m = auditCount();
    await expect(signIn(jo.email, jo.password)).resolves.toBeNull();
    expect(auditSince(m).map((e) => [e.action, e.data.reason])).toEqual([["auth.sign_in_failed", "locked"]]);
    // Another account from the same address is not affected.
    const ed = await seedUser(admin.ctx, "editor");
    await expect(signIn(ed.email, ed.password)).resolves.toMatchObject({ id: ed.id });
  });

  it("the lock ends after 15 minutes, and refused attempts do not extend it", async () => {
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await signIn(jo.email, `wrong password ${i}`);
    const lockedAt = clock.now();
    clock.set(lockedAt + LOCK_MS - 60_000);
    await expect(signIn(jo.email, jo.password)).resolves.toBeNull();
    clock.set(lockedAt + LOCK_MS);
    await expect(signIn(jo.email, jo.password)).resolves.toBeNull();
    clock.set(lockedAt + LOCK_MS + 1);
    await expect(signIn(jo.email, jo.password)).resolves.toMatchObject({ id: jo.id });
    expect(verifyStoredChain().intact).toBe(true);
  });

  it("after a lock expires, the failure count starts again from zero", async () => {
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await signIn(jo.email, `wrong password ${i}`);
    clock.advance(LOCK_MS + 1);
    const n = auditCount();
    await signIn(jo.email, "wrong again 1234");
    expect(auditSince(n).map((e) => e.action)).toEqual(["auth.sign_in_failed"]);
    await expect(signIn(jo.email, jo.password)).resolves.toMatchObject({ id: jo.id });
  });

  it("failures older than the 15-minute window do not count", async () => {
    for (let i = 0; i < ACCOUNT_MAX_FAILURES - 1; i++) await signIn(jo.email, `wrong password ${i}`);
    clock.advance(WINDOW_MS + 1);
    await signIn(jo.email, "wrong password x");
    await expect(signIn(jo.email, jo.password)).resolves.toMatchObject({ id: jo.id });
  });

  it("a successful sign-in clears the account's failure count", async () => {
    for (let i = 0; i < ACCOUNT_MAX_FAILURES - 1; i++) await signIn(jo.email, `wrong password ${i}`);
    await expect(signIn(jo.email, jo.password)).resolves.toMatchObject({ id: jo.id });
    for (let i = 0; i < ACCOUNT_MAX_FAILURES - 1; i++) await signIn(jo.email, `wrong password ${i}`);
    await expect(signIn(jo.email, jo.password)).resolves.toMatchObject({ id: jo.id });
  });

  it("an unknown e-mail is locked the same way (no account enumeration through locking)", async () => {
    const n = auditCount();
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await signIn("ghost@newsroom.example", `wrong password ${i}`);
    expect(auditSince(n).map((e) => e.action)).toContain("auth.locked_out");
  });

  it(`per-IP limit: ${IP_MAX_FAILURES} failures across different accounts from one address lock that address`, async () => {
    const n = auditCount();
    for (let i = 0; i < IP_MAX_FAILURES; i++) {
      await expect(signIn(`guess${i}@newsroom.example`, "wrong password 0000")).resolves.toBeNull();
    }
    const events = auditSince(n);
    const locks = events.filter((e) => e.action === "auth.locked_out");
    expect(locks.map((e) => e.data.scope)).toEqual(["ip"]);
    expect(locks[0]!.data.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(events.at(-1)!.action).toBe("auth.locked_out");

    // The correct password from that address is refused; from another address it works.
    const m = auditCount();
    await expect(signIn(jo.email, jo.password)).resolves.toBeNull();
    expect(auditSince(m).map((e) => e.data.reason)).toEqual(["ip_limited"]);
    await expect(signIn(jo.email, jo.password, "192.0.2.44")).resolves.toMatchObject({ id: jo.id });
    // And the address lock ends too.
    clock.advance(LOCK_MS + 1);
    await expect(signIn(jo.email, jo.password)).resolves.toMatchObject({ id: jo.id });
  });

  it("password spraying (5 guesses on each of many accounts) from one address still hits the per-IP limit", async () => {
    // Each account locks after its 5th failure; those failures must still count towards the address's limit.
    const accounts = Math.ceil(IP_MAX_FAILURES / ACCOUNT_MAX_FAILURES) + 1;
    for (let a = 0; a < accounts; a++) {
      for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await signIn(`victim${a}@newsroom.example`, `spray guess ${i}`);
    }
    const n = auditCount();
    await expect(signIn(jo.email, jo.password)).resolves.toBeNull();
    expect(auditSince(n).map((e) => e.data.reason)).toEqual(["ip_limited"]);
    await expect(signIn(jo.email, jo.password, "192.0.2.45")).resolves.toMatchObject({ id: jo.id });
  });

  it("guesses on one account spread over many addresses still lock the account after 5", async () => {
    const n = auditCount();
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await signIn(jo.email, `wrong password ${i}`, `192.0.2.${100 + i}`);
    expect(
      auditSince(n)
        .filter((e) => e.action === "auth.locked_out")
        .map((e) => e.data.scope),
    ).toEqual(["account"]);
    await expect(signIn(jo.email, jo.password, "192.0.2.200")).resolves.toBeNull();
  });

  it("the lock lasts at least as long as the counting window (so spent failures age out when it ends)", () => {
    expect(LOCK_MS).toBeGreaterThanOrEqual(WINDOW_MS);
  });

  it("an inactive user is refused even with the correct password", async () => {
    setUserActive({ ctx: admin.ctx, input: { userId: jo.id }, active: false });
    const n = auditCount();
    await expect(signIn(jo.email, jo.password)).resolves.toBeNull();
    expect(auditSince(n).map((e) => [e.action, e.data.reason])).toEqual([["auth.sign_in_failed", "inactive"]]);
  });

  it("a failing audit insert fails the sign-in and records no throttling state", async () => {
    const before = snapshot();
    const restore = forceAuditInsertFailure();
    await expect(signIn(jo.email, "wrong password 1")).rejects.toThrow(/forced/);
    await expect(signIn(jo.email, jo.password)).rejects.toThrow(/forced/);
    restore();
    expect(snapshot()).toEqual(before);
    expect(sqlite().prepare("select count(*) as n from sign_in_failures").get()).toEqual({ n: 0 });
  });

  it("an unknown e-mail costs about the same time as a wrong password (argon2 runs in both)", async () => {
    // Warm up both paths (the dummy hash is computed lazily on first use).
    await signIn("warmup@newsroom.example", "wrong password w");
    await signIn(jo.email, "wrong password w");
    const time = async (email: string, password: string) => {
      const start = performance.now();
      await signIn(email, password, `198.18.0.${Math.floor(Math.random() * 250)}`);
      return performance.now() - start;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 3; i++) {
      unknown.push(await time(`nobody${i}@newsroom.example`, "wrong password q"));
      wrong.push(await time(jo.email, `wrong password ${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(unknown)).toBeGreaterThanOrEqual(0.5 * median(wrong));
    expect(median(wrong)).toBeGreaterThanOrEqual(0.5 * median(unknown));
  });
});

describe("signing out", () => {
  it("ends the session on the server: a token issued before is refused afterwards, even if a browser still sends it", async () => {
    const signedIn = await signIn(jo.email, jo.password);
    expect(signedIn).not.toBeNull();
    expect(loadSessionUser(jo.id, signedIn!.sessionVersion)?.id).toBe(jo.id);
    const n = auditCount();
    recordSignOut({ ctx: makeCtx({ id: jo.id, role: "journalist", deskIds: [] }, { now: clock.now }) });
    expect(loadSessionUser(jo.id, signedIn!.sessionVersion)).toBeNull();
    expect(auditSince(n).map((e) => e.action)).toEqual(["auth.signed_out"]);
    // Signing in again gives a session that works.
    const again = await signIn(jo.email, jo.password);
    expect(loadSessionUser(jo.id, again!.sessionVersion)?.id).toBe(jo.id);
  });
});
