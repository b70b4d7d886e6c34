import { describe, expect, it } from "vitest";
import { assertCan, can, CAPABILITIES, capabilitiesOf, type Actor, type Capability } from "@/lib/auth/permissions";
import { ROLE_VALUES, type RoleName } from "@/lib/auth/roles";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";

/** The whole role × capability matrix, spelled out. Changing a role's powers must change this table. */
const MATRIX: Record<Capability, Record<RoleName, boolean>> = {
  "account:change_password": { journalist: true, editor: true, admin: true },
  // Everyone manages their own second factor (issue 10).
  "account:manage_mfa": { journalist: true, editor: true, admin: true },
  "audit:read": { journalist: false, editor: true, admin: true },
  "audit:read_all": { journalist: false, editor: false, admin: true },
  "user:manage": { journalist: false, editor: false, admin: true },
  "desk:manage": { journalist: false, editor: false, admin: true },
  // Added with the interviews feature (issue 3); kept here so the matrix stays complete.
  "interview:create": { journalist: true, editor: true, admin: true },
  "interview:work": { journalist: true, editor: true, admin: true },
  "interview:read_desk": { journalist: false, editor: true, admin: true },
  "interview:archive_any": { journalist: false, editor: false, admin: true },
  "interview:erase": { journalist: false, editor: true, admin: true },
  "checklist:decide_na": { journalist: false, editor: true, admin: true },
  // Consent (issue 4).
  "consent:revoke": { journalist: false, editor: true, admin: true },
  "consent:approve_override": { journalist: false, editor: true, admin: true },
  "consent_script:manage": { journalist: false, editor: true, admin: true },
  // Instance settings (consent reconfirmation window, …): administrators only.
  "settings:manage": { journalist: false, editor: false, admin: true },
  // Document review (issue 6): keeping a high-severity finding needs an editor's approval.
  "review:approve_keep": { journalist: false, editor: true, admin: true },
  "consent:export_sensitive": { journalist: false, editor: true, admin: true },
  "publication:sign_off": { journalist: false, editor: true, admin: true },
  "publication:review_media": { journalist: false, editor: true, admin: true },
  "publication:override": { journalist: false, editor: true, admin: true },
  "takedown:resolve": { journalist: false, editor: true, admin: true },
};

const actor = (role: RoleName): Actor => ({ id: `${role}-1`, role, deskIds: ["d1"] });

const cases = CAPABILITIES.flatMap((capability) => ROLE_VALUES.map((role) => [role, capability, MATRIX[capability][role]] as const));

describe("permission matrix", () => {
  it("the table covers every capability and role", () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...CAPABILITIES].sort());
    expect(cases).toHaveLength(CAPABILITIES.length * ROLE_VALUES.length);
  });

  it.each(cases)("%s → %s: %s", (role, capability, allowed) => {
    expect(can(actor(role), capability)).toBe(allowed);
    expect(capabilitiesOf(role).includes(capability)).toBe(allowed);
    if (allowed) {
      expect(() => assertCan(actor(role), capability)).not.toThrow();
    } else {
      expect(() => assertCan(actor(role), capability)).toThrow(ForbiddenError);
    }
  });

  it.each(ROLE_VALUES)("%s holds no capability outside the catalogue", (role) => {
    for (const c of capabilitiesOf(role)) expect(CAPABILITIES).toContain(c);
  });

  it("roles are strictly nested: journalist ⊂ editor ⊂ admin", () => {
    const j = capabilitiesOf("journalist");
    const e = capabilitiesOf("editor");
    const a = capabilitiesOf("admin");
    expect(j.every((c) => e.includes(c))).toBe(true);
    expect(e.every((c) => a.includes(c))).toBe(true);
    expect(e.length).toBeGreaterThan(j.length);
    expect(a.length).toBeGreaterThan(e.length);
  });
});

describe("assertCan and can without an actor", () => {
  it.each(CAPABILITIES)("null actor and %s → UnauthenticatedError, not Forbidden", (capability) => {
    expect(() => assertCan(null, capability)).toThrow(UnauthenticatedError);
    expect(() => assertCan(undefined, capability)).toThrow(UnauthenticatedError);
    let thrown: unknown;
    try {
      assertCan(null, capability);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).not.toBeInstanceOf(ForbiddenError);
    expect(can(null, capability)).toBe(false);
    expect(can(undefined, capability)).toBe(false);
  });

  it("errors carry stable codes for the action layer", () => {
    expect(() => assertCan(actor("journalist"), "user:manage")).toThrow(expect.objectContaining({ code: "forbidden" }));
    expect(() => assertCan(null, "user:manage")).toThrow(expect.objectContaining({ code: "unauthenticated" }));
  });
});
