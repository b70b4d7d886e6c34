import { ForbiddenError, UnauthenticatedError } from "../errors";
import type { RoleName } from "./roles";

/** Every capability the server checks. Pages only hide what a role cannot do; services enforce it. */
export const CAPABILITIES = [
  "user:manage",
  "desk:manage",
  "audit:read",
  "audit:read_all",
  "account:change_password",
  "account:manage_mfa",
  "interview:create",
  "interview:work",
  "interview:read_desk",
  "interview:archive_any",
  "interview:erase",
  "checklist:decide_na",
  "consent:revoke",
  "consent:approve_override",
  "consent_script:manage",
  "settings:manage",
  "review:approve_keep",
  "consent:export_sensitive",
  "publication:sign_off",
  "publication:review_media",
  "publication:override",
  "takedown:resolve",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const MATRIX: Record<RoleName, readonly Capability[]> = {
  journalist: ["account:change_password", "account:manage_mfa", "interview:create", "interview:work"],
  editor: [
    "account:change_password",
    "account:manage_mfa",
    "audit:read",
    "interview:create",
    "interview:work",
    "interview:read_desk",
    "interview:erase",
    "checklist:decide_na",
    "consent:revoke",
    "consent:approve_override",
    "consent_script:manage",
    "review:approve_keep",
    "consent:export_sensitive",
    "publication:sign_off",
    "publication:review_media",
    "publication:override",
    "takedown:resolve",
  ],
  admin: [
    "account:change_password",
    "account:manage_mfa",
    "audit:read",
    "audit:read_all",
    "user:manage",
    "desk:manage",
    "interview:create",
    "interview:work",
    "interview:read_desk",
    "interview:archive_any",
    "interview:erase",
    "checklist:decide_na",
    "consent:revoke",
    "consent:approve_override",
    "consent_script:manage",
    "settings:manage",
    "review:approve_keep",
    "consent:export_sensitive",
    "publication:sign_off",
    "publication:review_media",
    "publication:override",
    "takedown:resolve",
  ],
};

export interface Actor {
  id: string;
  role: RoleName;
  deskIds: readonly string[];
}

export function can(actor: Actor | null | undefined, capability: Capability): boolean {
  return !!actor && MATRIX[actor.role].includes(capability);
}

/** Throws unless the actor holds the capability. Every service calls this before anything else. */
export function assertCan(actor: Actor | null | undefined, capability: Capability): asserts actor is Actor {
  if (!actor) throw new UnauthenticatedError();
  if (!MATRIX[actor.role].includes(capability)) throw new ForbiddenError();
}

export function capabilitiesOf(role: RoleName): readonly Capability[] {
  return MATRIX[role];
}
