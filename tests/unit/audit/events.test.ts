import type { z } from "zod";
import { describe, expect, it } from "vitest";
import { auditEventSchema, describeAction, targetTypeOf, type AuditAction, type AuditEvent } from "@/lib/audit/events";

const HASH = "a".repeat(64);

/** One valid example per action of the foundation (issue 2). Later features test their own events. */
const VALID: Partial<Record<AuditAction, AuditEvent>> = {
  "instance.setup": { action: "instance.setup", targetId: null, payload: { adminUserId: "u1" } },
  "auth.sign_in_succeeded": { action: "auth.sign_in_succeeded", targetId: "u1", payload: {} },
  "auth.sign_in_failed": { action: "auth.sign_in_failed", targetId: null, payload: { emailHash: HASH, reason: "bad_credentials" } },
  "auth.locked_out": { action: "auth.locked_out", targetId: null, payload: { scope: "account", keyHash: HASH, lockedUntil: 1 } },
  "auth.signed_out": { action: "auth.signed_out", targetId: "u1", payload: {} },
  "user.created": { action: "user.created", targetId: "u2", payload: { role: "journalist", deskIds: ["d1"], mustChangePassword: true } },
  "user.updated": { action: "user.updated", targetId: "u2", payload: { fields: ["name", "email"] } },
  "user.role_changed": { action: "user.role_changed", targetId: "u2", payload: { from: "journalist", to: "editor" } },
  "user.desks_changed": { action: "user.desks_changed", targetId: "u2", payload: { added: ["d2"], removed: [] } },
  "user.deactivated": { action: "user.deactivated", targetId: "u2", payload: {} },
  "user.reactivated": { action: "user.reactivated", targetId: "u2", payload: {} },
  "user.password_reset": { action: "user.password_reset", targetId: "u2", payload: { mustChangePassword: true } },
  "user.password_changed": { action: "user.password_changed", targetId: "u2", payload: {} },
  "desk.created": { action: "desk.created", targetId: "d1", payload: { fields: ["name"] } },
};

const EXAMPLES = Object.values(VALID) as AuditEvent[];
const catalogueActions = auditEventSchema.options.map((o) => o.shape.action.value);

describe("audit event catalogue", () => {
  it("contains every event the foundation writes", () => {
    expect(catalogueActions).toEqual(expect.arrayContaining(Object.keys(VALID)));
    expect(new Set(catalogueActions).size).toBe(catalogueActions.length);
  });

  it("every catalogued event — including ones added later — is strict in its envelope and its payload", () => {
    // z.strictObject sets a `never` catchall: unknown keys (an `email`, a quote…) are rejected, not stripped.
    for (const option of auditEventSchema.options) {
      const action = option.shape.action.value;
      const catchallType = (schema: z.ZodObject) => (schema.def.catchall as z.ZodType | undefined)?.def.type;
      expect(catchallType(option), `${action} envelope`).toBe("never");
      expect(catchallType(option.shape.payload as z.ZodObject), `${action} payload`).toBe("never");
    }
  });

  it("names every action entity.verb in lower snake case", () => {
    for (const action of catalogueActions) expect(action).toMatch(/^[a-z]+\.[a-z_]+$/);
  });

  it.each(EXAMPLES)("accepts a valid $action", (event) => {
    expect(auditEventSchema.parse(event)).toEqual(event);
  });

  it.each(EXAMPLES)("rejects an e-mail address sneaking into the $action payload", (event) => {
    const withEmail = { ...event, payload: { ...event.payload, email: "source@example.org" } };
    expect(auditEventSchema.safeParse(withEmail).success).toBe(false);
  });

  it.each(EXAMPLES)("rejects an extra top-level key on $action", (event) => {
    expect(auditEventSchema.safeParse({ ...event, password: "hunter2hunter2" }).success).toBe(false);
  });

  it.each([
    ["an unknown action", { action: "user.deleted", targetId: "u1", payload: {} }],
    ["a missing targetId", { action: "user.deactivated", payload: {} }],
    ["an empty targetId", { action: "user.deactivated", targetId: "", payload: {} }],
    ["a too long targetId", { action: "user.deactivated", targetId: "x".repeat(65), payload: {} }],
    ["a missing payload", { action: "user.deactivated", targetId: "u1" }],
    [
      "an emailHash that is not a hash",
      { action: "auth.sign_in_failed", targetId: null, payload: { emailHash: "source@example.org", reason: "bad_credentials" } },
    ],
    [
      "an upper-case emailHash",
      { action: "auth.sign_in_failed", targetId: null, payload: { emailHash: "A".repeat(64), reason: "locked" } },
    ],
    ["an unknown failure reason", { action: "auth.sign_in_failed", targetId: null, payload: { emailHash: HASH, reason: "typo" } }],
    ["a fractional lockedUntil", { action: "auth.locked_out", targetId: null, payload: { scope: "ip", keyHash: HASH, lockedUntil: 1.5 } }],
    ["an unknown role", { action: "user.role_changed", targetId: "u1", payload: { from: "journalist", to: "owner" } }],
    ["an empty field list", { action: "user.updated", targetId: "u1", payload: { fields: [] } }],
    ["a field name outside the catalogue", { action: "user.updated", targetId: "u1", payload: { fields: ["password"] } }],
    ["a reset without mustChangePassword", { action: "user.password_reset", targetId: "u1", payload: { mustChangePassword: false } }],
    ["a missing payload key", { action: "user.created", targetId: "u1", payload: { role: "admin", deskIds: [] } }],
    [
      "contact details in user.created",
      { action: "user.created", targetId: "u1", payload: { role: "admin", deskIds: [], mustChangePassword: false, phone: "+82 10" } },
    ],
  ])("rejects %s", (_label, event) => {
    expect(auditEventSchema.safeParse(event).success).toBe(false);
  });
});

describe("targetTypeOf", () => {
  it.each([
    ["instance.setup", "instance"],
    ["auth.sign_in_failed", "auth"],
    ["auth.locked_out", "auth"],
    ["user.created", "user"],
    ["user.password_changed", "user"],
    ["desk.created", "desk"],
  ] as const)("%s → %s", (action, type) => {
    expect(targetTypeOf(action)).toBe(type);
  });

  it("is the part before the dot for every catalogued action", () => {
    for (const action of catalogueActions) expect(targetTypeOf(action)).toBe(action.split(".")[0]);
  });
});

describe("describeAction", () => {
  it("has a plain-words label for every catalogued action", () => {
    const labels = catalogueActions.map(describeAction);
    for (const [i, action] of catalogueActions.entries()) {
      expect(labels[i]).not.toBe(action);
      expect(labels[i]).toMatch(/^[A-Z]/);
    }
    expect(new Set(labels).size).toBe(labels.length);
  });

  it.each([
    ["user.created", "User created"],
    ["auth.sign_in_failed", "Sign-in failed"],
    ["user.password_reset", "Password reset by an administrator"],
  ])("%s → %s", (action, label) => {
    expect(describeAction(action)).toBe(label);
  });

  it("shows unknown actions (from newer versions) as they are", () => {
    expect(describeAction("export.signed")).toBe("export.signed");
    expect(describeAction("toString")).toBe("toString");
    expect(describeAction("constructor")).toBe("constructor");
    expect(describeAction("__proto__")).toBe("__proto__");
  });
});
