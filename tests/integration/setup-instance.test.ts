import { describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { isSetupOpen } from "@/lib/auth/get-setup-state";
import { verifyPassword } from "@/lib/auth/password-hash";
import { SETUP_DONE_MESSAGE, setupInstance } from "@/lib/auth/setup-instance";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { ConflictError, ValidationError } from "@/lib/errors";
import { ADMIN_PASSWORD, makeCtx, seedUser, setupAdmin, setupInput, T0 } from "../support/seed";
import { auditRows, forceAuditInsertFailure, snapshot, sqlite, registerTestDb } from "../support/test-db";

registerTestDb("each");

type Row = Record<string, unknown>;
const all = (sql: string) => sqlite().prepare(sql).all() as Row[];

describe("setupInstance", () => {
  it("creates the admin, their desk, the setup marker and three audit entries in one go", async () => {
    expect(isSetupOpen()).toBe(true);
    const { userId } = await setupInstance({ ctx: makeCtx(null), input: setupInput({ email: "  Ada@Newsroom.Example " }) });

    const [user] = all("select * from users");
    expect(all("select * from users")).toHaveLength(1);
    expect(user).toMatchObject({
      id: userId,
      email: "ada@newsroom.example",
      name: "Ada Admin",
      role: "admin",
      active: 1,
      must_change_password: 0,
      session_version: 1,
      created_at: T0,
    });
    expect(user!.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user!.password_hash as string, ADMIN_PASSWORD)).toBe(true);

    const desks = all("select * from desks");
    expect(desks).toEqual([{ id: expect.any(String), name: "Seoul bureau", created_at: T0 }]);
    expect(all("select * from user_desks")).toEqual([{ user_id: userId, desk_id: desks[0]!.id }]);
    expect(all("select * from instance_setup")).toEqual([{ id: 1, completed_at: T0, admin_user_id: userId }]);

    const events = auditRows();
    expect(events.map((e) => e.action)).toEqual(["instance.setup", "desk.created", "user.created"]);
    for (const e of events) {
      expect(e.actorId).toBe(userId);
      expect(e.occurredAt).toBe(T0);
    }
    expect(JSON.parse(events[0]!.payload)).toEqual({ adminUserId: userId });
    expect(events[1]).toMatchObject({ targetType: "desk", targetId: desks[0]!.id });
    expect(JSON.parse(events[2]!.payload)).toEqual({ role: "admin", deskIds: [desks[0]!.id], mustChangePassword: false });
    expect(events[2]).toMatchObject({ targetType: "user", targetId: userId });
    for (const e of events) {
      expect(e.payload).not.toMatch(/@|newsroom\.example/i);
      expect(e.payload).not.toContain(ADMIN_PASSWORD);
    }
    expect(verifyStoredChain()).toMatchObject({ intact: true, entries: 3 });

    expect(isSetupOpen()).toBe(false);
    expect(await authenticate({ ctx: makeCtx(null), input: { email: "ada@newsroom.example", password: ADMIN_PASSWORD } })).toMatchObject({
      id: userId,
      role: "admin",
    });
  });

  it("a second call is a ConflictError and changes nothing", async () => {
    await setupAdmin();
    const before = snapshot();
    const second = setupInstance({ ctx: makeCtx(null), input: setupInput({ email: "mallory@evil.example", deskName: "Evil desk" }) });
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toThrow(SETUP_DONE_MESSAGE);
    expect(snapshot()).toEqual(before);
    expect(isSetupOpen()).toBe(false);
  });

  it("two concurrent attempts: exactly one succeeds and exactly one user exists", async () => {
    const results = await Promise.allSettled([
      setupInstance({ ctx: makeCtx(null), input: setupInput({ email: "first@newsroom.example", deskName: "Desk one" }) }),
      setupInstance({ ctx: makeCtx(null), input: setupInput({ email: "second@newsroom.example", deskName: "Desk two" }) }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(ConflictError);

    expect(all("select id from users")).toHaveLength(1);
    expect(all("select id from desks")).toHaveLength(1);
    expect(all("select * from instance_setup")).toHaveLength(1);
    expect(auditRows().map((e) => e.action)).toEqual(["instance.setup", "desk.created", "user.created"]);
    expect(verifyStoredChain().intact).toBe(true);
  });

  it("many concurrent attempts still create exactly one admin", async () => {
    const attempts = Array.from({ length: 5 }, (_, i) =>
      setupInstance({ ctx: makeCtx(null), input: setupInput({ email: `racer${i}@newsroom.example`, deskName: `Desk ${i}` }) }),
    );
    const results = await Promise.allSettled(attempts);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(all("select id from users")).toHaveLength(1);
  });

  it("is closed as soon as any user exists, even without the setup marker", async () => {
    const admin = await setupAdmin();
    await seedUser(admin.ctx, "journalist");
    sqlite().exec("delete from instance_setup");
    expect(isSetupOpen()).toBe(false);
    await expect(setupInstance({ ctx: makeCtx(null), input: setupInput({ email: "late@newsroom.example" }) })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it.each([
    ["email", { email: "not-an-email" }],
    ["email", { email: "" }],
    ["name", { name: "   " }],
    ["name", { name: "x".repeat(101) }],
    ["password", { password: "short", confirmPassword: "short" }],
    ["password", { password: "Password2024!", confirmPassword: "Password2024!" }],
    ["confirmPassword", { confirmPassword: "violet tractor omelette 43" }],
    ["deskName", { deskName: "X" }],
    ["deskName", { deskName: "d".repeat(81) }],
  ] as const)("a bad %s is a ValidationError on that field and changes nothing", async (field, override) => {
    const before = snapshot();
    const error = await setupInstance({ ctx: makeCtx(null), input: setupInput(override) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors)).toContain(field);
    expect(snapshot()).toEqual(before);
    expect(isSetupOpen()).toBe(true);
  });

  it.each([null, undefined, "string", 42, [], { name: 1 }])("malformed input %j is a ValidationError, never a crash", async (input) => {
    await expect(setupInstance({ ctx: makeCtx(null), input })).rejects.toBeInstanceOf(ValidationError);
    expect(isSetupOpen()).toBe(true);
  });

  it("a failing audit insert rolls the whole setup back", async () => {
    const restore = forceAuditInsertFailure();
    await expect(setupInstance({ ctx: makeCtx(null), input: setupInput() })).rejects.toThrow(/forced/);
    restore();
    expect(all("select id from users")).toHaveLength(0);
    expect(all("select id from desks")).toHaveLength(0);
    expect(all("select * from instance_setup")).toHaveLength(0);
    expect(isSetupOpen()).toBe(true);
    // And setup still works afterwards.
    await setupAdmin();
    expect(isSetupOpen()).toBe(false);
  });
});
