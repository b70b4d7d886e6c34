import { beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password-hash";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import type { Ctx } from "@/lib/context";
import { createDesk } from "@/lib/desks/create-desk";
import { listDesks } from "@/lib/desks/list-desks";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { changePassword } from "@/lib/users/change-password";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";
import { resetPassword } from "@/lib/users/reset-password";
import { setUserActive } from "@/lib/users/set-user-active";
import { updateUser } from "@/lib/users/update-user";
import { ctxOf, makeCtx, seedDesk, seedUser, setupAdmin, T0, type SeededAdmin, type SeededUser } from "../support/seed";
import { auditCount, auditRows, auditSince, forceAuditInsertFailure, snapshot, sqlite, registerTestDb } from "../support/test-db";

registerTestDb("each");

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  active: number;
  must_change_password: number;
  session_version: number;
  updated_at: number;
}
const userRow = (id: string) => sqlite().prepare("select * from users where id = ?").get(id) as UserRow | undefined;
const deskIdsOf = (id: string) =>
  (sqlite().prepare("select desk_id from user_desks where user_id = ? order by desk_id").all(id) as { desk_id: string }[]).map(
    (r) => r.desk_id,
  );

const LATER = T0 + 60_000;
const later = (ctx: Ctx): Ctx => ({ ...ctx, now: () => LATER });

/** Expects a promise or a thunk to fail with `type`, and returns the error. */
async function failure<E>(run: () => unknown, type: new (...args: never[]) => E): Promise<E> {
  let error: unknown;
  try {
    await run();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(type);
  return error as E;
}

let admin: SeededAdmin;
let kyiv: string;

beforeEach(async () => {
  admin = await setupAdmin();
  kyiv = seedDesk(admin.ctx, "Kyiv bureau");
});

function updateInput(u: SeededUser, change: Partial<{ name: string; email: string; role: string; deskIds: string[] }> = {}) {
  return { userId: u.id, name: u.name, email: u.email, role: u.role, deskIds: u.deskIds, ...change };
}

describe("createUser", () => {
  it("creates the user with desks and writes user.created", async () => {
    const n = auditCount();
    const { userId } = await createUser({
      ctx: admin.ctx,
      input: {
        name: " Jo Journalist ",
        email: "Jo@Newsroom.Example",
        role: "journalist",
        deskIds: [kyiv, admin.deskId, kyiv],
        password: "juniper harbour 7 mosaic",
        mustChangePassword: true,
      },
    });
    expect(userRow(userId)).toMatchObject({
      email: "jo@newsroom.example",
      name: "Jo Journalist",
      role: "journalist",
      active: 1,
      must_change_password: 1,
      session_version: 1,
    });
    expect(await verifyPassword(userRow(userId)!.password_hash, "juniper harbour 7 mosaic")).toBe(true);
    expect(deskIdsOf(userId)).toEqual([kyiv, admin.deskId].sort());
    const events = auditSince(n);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "user.created", targetType: "user", targetId: userId, actorId: admin.id, occurredAt: T0 });
    expect(events[0]!.data).toEqual({ role: "journalist", deskIds: [kyiv, admin.deskId], mustChangePassword: true });
  });

  it("a duplicate e-mail (any case) is a ConflictError on the email field and changes nothing", async () => {
    await seedUser(admin.ctx, "journalist", { email: "dup@newsroom.example" });
    const before = snapshot();
    const err = await failure(
      () =>
        createUser({
          ctx: admin.ctx,
          input: {
            name: "Other",
            email: "DUP@newsroom.example",
            role: "editor",
            deskIds: [],
            password: "juniper harbour 7 mosaic",
            mustChangePassword: false,
          },
        }),
      ConflictError,
    );
    expect(err.fieldErrors?.email).toMatch(/already/);
    expect(snapshot()).toEqual(before);
  });

  it.each([
    ["email", { email: "nope" }],
    ["role", { role: "owner" }],
    ["password", { password: "Password2024!" }],
    ["name", { name: "" }],
    ["deskIds", { deskIds: ["no-such-desk"] }],
  ])("a bad %s is a ValidationError on that field and changes nothing", async (field, change) => {
    const before = snapshot();
    const err = await failure(
      () =>
        createUser({
          ctx: admin.ctx,
          input: {
            name: "N",
            email: "n@newsroom.example",
            role: "journalist",
            deskIds: [],
            password: "juniper harbour 7 mosaic",
            mustChangePassword: false,
            ...change,
          },
        }),
      ValidationError,
    );
    expect(Object.keys(err.fieldErrors)).toContain(field);
    expect(snapshot()).toEqual(before);
  });

  it("a failing audit insert rolls the user and their desks back", async () => {
    const before = snapshot();
    const restore = forceAuditInsertFailure();
    await expect(
      createUser({
        ctx: admin.ctx,
        input: {
          name: "N",
          email: "n@newsroom.example",
          role: "journalist",
          deskIds: [kyiv],
          password: "juniper harbour 7 mosaic",
          mustChangePassword: false,
        },
      }),
    ).rejects.toThrow(/forced/);
    restore();
    expect(snapshot()).toEqual(before);
    expect(sqlite().prepare("select count(*) as n from users where email = 'n@newsroom.example'").get()).toEqual({ n: 0 });
  });
});

describe("updateUser", () => {
  let jo: SeededUser;
  beforeEach(async () => {
    jo = await seedUser(admin.ctx, "journalist", { deskIds: [kyiv] });
  });

  it("a name change writes one user.updated and keeps sessions", () => {
    const n = auditCount();
    expect(updateUser({ ctx: later(admin.ctx), input: updateInput(jo, { name: "Jo Renamed" }) })).toEqual({ changed: true });
    expect(userRow(jo.id)).toMatchObject({ name: "Jo Renamed", session_version: 1, updated_at: LATER });
    const events = auditSince(n);
    expect(events.map((e) => [e.action, e.data])).toEqual([["user.updated", { fields: ["name"] }]]);
    expect(events[0]).toMatchObject({ targetId: jo.id, actorId: admin.id, occurredAt: LATER });
  });

  it("an e-mail change writes user.updated naming the field, not the address", () => {
    const n = auditCount();
    updateUser({ ctx: admin.ctx, input: updateInput(jo, { email: "jo.new@newsroom.example" }) });
    expect(userRow(jo.id)!.email).toBe("jo.new@newsroom.example");
    const events = auditSince(n);
    expect(events.map((e) => [e.action, e.data])).toEqual([["user.updated", { fields: ["email"] }]]);
    expect(events[0]!.payload).not.toMatch(/@/);
  });

  it("a role change writes user.role_changed and bumps the session version", () => {
    const n = auditCount();
    updateUser({ ctx: admin.ctx, input: updateInput(jo, { role: "editor" }) });
    expect(userRow(jo.id)).toMatchObject({ role: "editor", session_version: 2 });
    expect(auditSince(n).map((e) => [e.action, e.data])).toEqual([["user.role_changed", { from: "journalist", to: "editor" }]]);
  });

  it("a desk change writes user.desks_changed with what was added and removed, and keeps sessions", () => {
    const n = auditCount();
    updateUser({ ctx: admin.ctx, input: updateInput(jo, { deskIds: [admin.deskId] }) });
    expect(deskIdsOf(jo.id)).toEqual([admin.deskId]);
    expect(userRow(jo.id)!.session_version).toBe(1);
    expect(auditSince(n).map((e) => [e.action, e.data])).toEqual([["user.desks_changed", { added: [admin.deskId], removed: [kyiv] }]]);
  });

  it("everything at once writes one event per kind of change", () => {
    const n = auditCount();
    updateUser({ ctx: admin.ctx, input: updateInput(jo, { name: "X Y", email: "xy@newsroom.example", role: "admin", deskIds: [] }) });
    expect(auditSince(n).map((e) => e.action)).toEqual(["user.updated", "user.role_changed", "user.desks_changed"]);
    expect(auditSince(n)[0]!.data).toEqual({ fields: ["name", "email"] });
  });

  it("no change writes nothing", () => {
    const before = snapshot();
    expect(updateUser({ ctx: admin.ctx, input: updateInput(jo, { email: jo.email.toUpperCase(), name: ` ${jo.name} ` }) })).toEqual({
      changed: false,
    });
    expect(snapshot()).toEqual(before);
  });

  it("taking another user's e-mail is a ConflictError on the email field", async () => {
    const other = await seedUser(admin.ctx, "editor");
    const before = snapshot();
    const err = await failure(() => updateUser({ ctx: admin.ctx, input: updateInput(jo, { email: other.email }) }), ConflictError);
    expect(err.fieldErrors?.email).toBeTruthy();
    expect(snapshot()).toEqual(before);
  });

  it("the last active admin cannot be demoted; with a second admin it works", async () => {
    const self = { id: admin.id, name: "Ada Admin", email: admin.email, role: "admin" as const, deskIds: [admin.deskId], password: "" };
    const before = snapshot();
    const err = await failure(() => updateUser({ ctx: admin.ctx, input: updateInput(self, { role: "editor" }) }), ValidationError);
    expect(err.fieldErrors.role).toBeTruthy();
    expect(snapshot()).toEqual(before);

    // An inactive second admin does not count.
    const second = await seedUser(admin.ctx, "admin");
    setUserActive({ ctx: admin.ctx, input: { userId: second.id }, active: false });
    await failure(() => updateUser({ ctx: admin.ctx, input: updateInput(self, { role: "editor" }) }), ValidationError);

    setUserActive({ ctx: admin.ctx, input: { userId: second.id }, active: true });
    expect(updateUser({ ctx: admin.ctx, input: updateInput(self, { role: "editor" }) })).toEqual({ changed: true });
    expect(userRow(admin.id)!.role).toBe("editor");
  });

  it("a failing audit insert rolls back the row and the desks", () => {
    const before = snapshot();
    const restore = forceAuditInsertFailure();
    expect(() => updateUser({ ctx: admin.ctx, input: updateInput(jo, { name: "Z", role: "editor", deskIds: [admin.deskId] }) })).toThrow(
      /forced/,
    );
    restore();
    expect(snapshot()).toEqual(before);
    expect(userRow(jo.id)).toMatchObject({ name: jo.name, role: "journalist", session_version: 1 });
    expect(deskIdsOf(jo.id)).toEqual([kyiv]);
  });

  it("a failing audit insert after the first of several events still rolls everything back", () => {
    // Let user.updated through, fail on the role change: the earlier event and the row change must go too.
    sqlite().exec(
      `CREATE TRIGGER test_fail_role BEFORE INSERT ON audit_events WHEN NEW.action = 'user.role_changed' BEGIN SELECT RAISE(ABORT, 'forced'); END;`,
    );
    const before = snapshot();
    expect(() => updateUser({ ctx: admin.ctx, input: updateInput(jo, { name: "Z", role: "editor" }) })).toThrow(/forced/);
    sqlite().exec("DROP TRIGGER test_fail_role");
    expect(snapshot()).toEqual(before);
  });
});

describe("setUserActive", () => {
  let jo: SeededUser;
  beforeEach(async () => {
    jo = await seedUser(admin.ctx, "journalist");
  });

  it("deactivation bumps the session version and writes user.deactivated; repeating is a no-op", () => {
    const n = auditCount();
    expect(setUserActive({ ctx: later(admin.ctx), input: { userId: jo.id }, active: false })).toEqual({ changed: true });
    expect(userRow(jo.id)).toMatchObject({ active: 0, session_version: 2, updated_at: LATER });
    expect(auditSince(n).map((e) => [e.action, e.targetId, e.actorId])).toEqual([["user.deactivated", jo.id, admin.id]]);

    const before = snapshot();
    expect(setUserActive({ ctx: admin.ctx, input: { userId: jo.id }, active: false })).toEqual({ changed: false });
    expect(snapshot()).toEqual(before);
  });

  it("reactivation writes user.reactivated", () => {
    setUserActive({ ctx: admin.ctx, input: { userId: jo.id }, active: false });
    const n = auditCount();
    expect(setUserActive({ ctx: admin.ctx, input: { userId: jo.id }, active: true })).toEqual({ changed: true });
    expect(userRow(jo.id)!.active).toBe(1);
    expect(auditSince(n).map((e) => e.action)).toEqual(["user.reactivated"]);
  });

  it("an admin cannot deactivate themselves", async () => {
    const before = snapshot();
    const err = await failure(() => setUserActive({ ctx: admin.ctx, input: { userId: admin.id }, active: false }), ValidationError);
    expect(err.fieldErrors.form).toMatch(/own account/);
    expect(snapshot()).toEqual(before);
  });

  it("a failing audit insert leaves the user active with the same session version", () => {
    const before = snapshot();
    const restore = forceAuditInsertFailure();
    expect(() => setUserActive({ ctx: admin.ctx, input: { userId: jo.id }, active: false })).toThrow(/forced/);
    restore();
    expect(snapshot()).toEqual(before);
    expect(userRow(jo.id)).toMatchObject({ active: 1, session_version: 1 });
  });
});

describe("resetPassword", () => {
  it("sets a temporary password, forces a change and ends sessions", async () => {
    const jo = await seedUser(admin.ctx, "journalist");
    const n = auditCount();
    await resetPassword({
      ctx: admin.ctx,
      input: { userId: jo.id, password: "temporary juniper 99", confirmPassword: "temporary juniper 99" },
    });
    const row = userRow(jo.id)!;
    expect(row).toMatchObject({ must_change_password: 1, session_version: 2 });
    expect(await verifyPassword(row.password_hash, "temporary juniper 99")).toBe(true);
    expect(await verifyPassword(row.password_hash, jo.password)).toBe(false);
    const events = auditSince(n);
    expect(events.map((e) => [e.action, e.targetId, e.data])).toEqual([["user.password_reset", jo.id, { mustChangePassword: true }]]);
    expect(events[0]!.payload).not.toContain("temporary");
  });

  it("a weak or mismatched password is a field error and changes nothing", async () => {
    const jo = await seedUser(admin.ctx, "journalist");
    const before = snapshot();
    let err = await failure(
      () => resetPassword({ ctx: admin.ctx, input: { userId: jo.id, password: "qwerty123456", confirmPassword: "qwerty123456" } }),
      ValidationError,
    );
    expect(err.fieldErrors.password).toBeTruthy();
    err = await failure(
      () =>
        resetPassword({
          ctx: admin.ctx,
          input: { userId: jo.id, password: "temporary juniper 99", confirmPassword: "temporary juniper 98" },
        }),
      ValidationError,
    );
    expect(err.fieldErrors.confirmPassword).toBeTruthy();
    expect(snapshot()).toEqual(before);
  });

  it("a failing audit insert keeps the old password", async () => {
    const jo = await seedUser(admin.ctx, "journalist");
    const before = snapshot();
    const restore = forceAuditInsertFailure();
    await expect(
      resetPassword({
        ctx: admin.ctx,
        input: { userId: jo.id, password: "temporary juniper 99", confirmPassword: "temporary juniper 99" },
      }),
    ).rejects.toThrow(/forced/);
    restore();
    expect(snapshot()).toEqual(before);
    expect(await verifyPassword(userRow(jo.id)!.password_hash, jo.password)).toBe(true);
  });
});

describe("changePassword", () => {
  let jo: SeededUser;
  let joCtx: Ctx;
  beforeEach(async () => {
    jo = await seedUser(admin.ctx, "journalist", { mustChangePassword: true });
    joCtx = ctxOf(jo.id);
  });
  const input = (current: string, next = "brand new juniper 12") => ({
    currentPassword: current,
    newPassword: next,
    confirmPassword: next,
  });

  it("a wrong current password is a field error and changes nothing", async () => {
    const before = snapshot();
    const err = await failure(() => changePassword({ ctx: joCtx, input: input("not my password at all") }), ValidationError);
    expect(err.fieldErrors).toEqual({ currentPassword: expect.any(String) });
    expect(snapshot()).toEqual(before);
  });

  it("success stores the new password, clears mustChangePassword, bumps the session version and audits", async () => {
    const n = auditCount();
    await changePassword({ ctx: later(joCtx), input: input(jo.password) });
    const row = userRow(jo.id)!;
    expect(row).toMatchObject({ must_change_password: 0, session_version: 2, updated_at: LATER });
    expect(await verifyPassword(row.password_hash, "brand new juniper 12")).toBe(true);
    expect(auditSince(n).map((e) => [e.action, e.actorId, e.targetId, e.data])).toEqual([["user.password_changed", jo.id, jo.id, {}]]);
  });

  it.each([
    ["newPassword", input("x", "qwerty123456")],
    ["confirmPassword", { currentPassword: "x", newPassword: "brand new juniper 12", confirmPassword: "brand new juniper 13" }],
    ["currentPassword", { currentPassword: "", newPassword: "brand new juniper 12", confirmPassword: "brand new juniper 12" }],
  ])("a bad %s is a field error", async (field, bad) => {
    const err = await failure(() => changePassword({ ctx: joCtx, input: bad }), ValidationError);
    expect(Object.keys(err.fieldErrors)).toContain(field);
  });

  it("the new password must differ from the current one", async () => {
    const err = await failure(() => changePassword({ ctx: joCtx, input: input(jo.password, jo.password) }), ValidationError);
    expect(err.fieldErrors.newPassword).toBeTruthy();
  });

  it("a failing audit insert keeps the old password and the must-change flag", async () => {
    const before = snapshot();
    const restore = forceAuditInsertFailure();
    await expect(changePassword({ ctx: joCtx, input: input(jo.password) })).rejects.toThrow(/forced/);
    restore();
    expect(snapshot()).toEqual(before);
  });

  it("a signed-out caller is UnauthenticatedError", async () => {
    await failure(() => changePassword({ ctx: makeCtx(null), input: input(jo.password) }), UnauthenticatedError);
  });
});

describe("createDesk", () => {
  it("creates the desk and writes desk.created", () => {
    const n = auditCount();
    const { deskId } = createDesk({ ctx: admin.ctx, input: { name: "  Lviv bureau " } });
    expect(sqlite().prepare("select name from desks where id = ?").get(deskId)).toEqual({ name: "Lviv bureau" });
    expect(auditSince(n).map((e) => [e.action, e.targetType, e.targetId, e.actorId, e.data])).toEqual([
      ["desk.created", "desk", deskId, admin.id, { fields: ["name"] }],
    ]);
  });

  it.each(["Kyiv bureau", "kyiv BUREAU", " KYIV BUREAU "])("the duplicate %j is a field error", async (name) => {
    const before = snapshot();
    const err = await failure(() => createDesk({ ctx: admin.ctx, input: { name } }), ConflictError);
    expect(err.fieldErrors?.name).toMatch(/exists/);
    expect(snapshot()).toEqual(before);
  });

  it("a too short name is a field error", async () => {
    const err = await failure(() => createDesk({ ctx: admin.ctx, input: { name: "K" } }), ValidationError);
    expect(err.fieldErrors.name).toBeTruthy();
  });

  it("a failing audit insert does not create the desk", () => {
    const before = snapshot();
    const restore = forceAuditInsertFailure();
    expect(() => createDesk({ ctx: admin.ctx, input: { name: "Lviv bureau" } })).toThrow(/forced/);
    restore();
    expect(snapshot()).toEqual(before);
  });

  it("any signed-in user may list desks; nobody else", async () => {
    const jo = await seedUser(admin.ctx, "journalist");
    expect(listDesks({ ctx: ctxOf(jo.id) }).map((d) => d.name)).toEqual(["Kyiv bureau", "Seoul bureau"]);
    await failure(() => listDesks({ ctx: makeCtx(null) }), UnauthenticatedError);
  });
});

describe("authorization of the admin services", () => {
  type Call = (ctx: Ctx, targetId: string) => unknown;
  const calls: [string, Call][] = [
    [
      "createUser",
      (ctx) =>
        createUser({
          ctx,
          input: {
            name: "N",
            email: "n@newsroom.example",
            role: "admin",
            deskIds: [],
            password: "juniper harbour 7 mosaic",
            mustChangePassword: false,
          },
        }),
    ],
    [
      "updateUser",
      (ctx, id) => updateUser({ ctx, input: { userId: id, name: "N", email: "n@newsroom.example", role: "admin", deskIds: [] } }),
    ],
    ["setUserActive (deactivate)", (ctx, id) => setUserActive({ ctx, input: { userId: id }, active: false })],
    ["setUserActive (reactivate)", (ctx, id) => setUserActive({ ctx, input: { userId: id }, active: true })],
    [
      "resetPassword",
      (ctx, id) =>
        resetPassword({ ctx, input: { userId: id, password: "juniper harbour 7 mosaic", confirmPassword: "juniper harbour 7 mosaic" } }),
    ],
    ["createDesk", (ctx) => createDesk({ ctx, input: { name: "Sneaky desk" } })],
    ["listUsers", (ctx) => listUsers({ ctx })],
  ];

  describe.each(["journalist", "editor"] as const)("a %s", (role) => {
    it.each(calls)("calling %s gets ForbiddenError and changes nothing", async (_name, call) => {
      const caller = await seedUser(admin.ctx, role, { deskIds: [kyiv] });
      const victim = await seedUser(admin.ctx, "journalist", { deskIds: [kyiv] });
      const before = snapshot();
      await failure(() => call(ctxOf(caller.id), victim.id), ForbiddenError);
      expect(snapshot()).toEqual(before);
    });
  });

  it.each(calls)("a null actor calling %s gets UnauthenticatedError and changes nothing", async (_name, call) => {
    const victim = await seedUser(admin.ctx, "journalist");
    const before = snapshot();
    await failure(() => call(makeCtx(null), victim.id), UnauthenticatedError);
    expect(snapshot()).toEqual(before);
  });

  it("authorization is checked before validation (a forbidden caller learns nothing from field errors)", async () => {
    const caller = await seedUser(admin.ctx, "journalist");
    await failure(() => createUser({ ctx: ctxOf(caller.id), input: { email: "bad" } }), ForbiddenError);
    await failure(() => updateUser({ ctx: ctxOf(caller.id), input: {} }), ForbiddenError);
  });

  it.each(calls.filter(([name]) => /update|setUserActive|reset/.test(name)))(
    "%s on an unknown user id is NotFoundError",
    async (_name, call) => {
      const before = snapshot();
      await failure(() => call(admin.ctx, "00000000-0000-0000-0000-000000000000"), NotFoundError);
      expect(snapshot()).toEqual(before);
    },
  );
});

describe("audit payloads never hold an e-mail address or a password", () => {
  it("after every kind of user-admin change", async () => {
    const jo = await seedUser(admin.ctx, "journalist", {
      email: "jo.secret@newsroom.example",
      password: "juniper harbour 7 mosaic",
      deskIds: [kyiv],
    });
    updateUser({
      ctx: admin.ctx,
      input: updateInput(jo, { email: "jo.renamed@newsroom.example", name: "Jo R", role: "editor", deskIds: [admin.deskId] }),
    });
    setUserActive({ ctx: admin.ctx, input: { userId: jo.id }, active: false });
    setUserActive({ ctx: admin.ctx, input: { userId: jo.id }, active: true });
    await resetPassword({
      ctx: admin.ctx,
      input: { userId: jo.id, password: "temporary lantern 55", confirmPassword: "temporary lantern 55" },
    });
    await changePassword({
      ctx: ctxOf(jo.id),
      input: { currentPassword: "temporary lantern 55", newPassword: "final mosaic harbour 8", confirmPassword: "final mosaic harbour 8" },
    });
    await expect(
      createUser({
        ctx: admin.ctx,
        input: {
          name: "Dup",
          email: "jo.renamed@newsroom.example",
          role: "journalist",
          deskIds: [],
          password: "juniper harbour 7 mosaic",
          mustChangePassword: false,
        },
      }),
    ).rejects.toBeInstanceOf(ConflictError);

    const rows = auditRows();
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        "user.created",
        "user.updated",
        "user.role_changed",
        "user.desks_changed",
        "user.deactivated",
        "user.reactivated",
        "user.password_reset",
        "user.password_changed",
      ]),
    );
    const text = rows.map((r) => [r.actorId, r.targetId, r.targetType, r.action, r.payload].join("|")).join("\n");
    expect(text).not.toMatch(/@/);
    for (const secret of [
      "jo.secret",
      "jo.renamed",
      "newsroom.example",
      admin.email,
      "juniper harbour",
      "temporary lantern",
      "final mosaic",
      admin.password,
      "Jo R",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(verifyStoredChain()).toMatchObject({ intact: true, entries: rows.length });
  });
});
