import type {
  GateChecklistItem,
  GateConsent,
  GateDocument,
  GateImage,
  GateInput,
  GatePriorExposureKeep,
} from "@/lib/publication/evaluate-gate";
import type { ReviewState } from "@/lib/review/rules";

/** Builders for the publication gate's pure input (issue 9): a clear interview, and the pieces to break it. */

export const INTERVIEW_ID = "iv-42";
export const OWNER_ID = "u-owner";
export const COLLABORATOR_ID = "u-collab";
export const EDITOR_ID = "u-editor";
export const DESK_ID = "desk-nk";
export const OTHER_DESK_ID = "desk-sports";
export const CONSENT_ID = "cr-7";
/** 1 March 2026, 12:00 UTC: only ever compared, never read from a clock. */
export const RECONFIRMED_AT = Date.UTC(2026, 2, 1, 12);

/** A scanned, current document state with every finding decided. */
export function reviewState(overrides: Partial<ReviewState> = {}): ReviewState {
  return {
    scanned: true,
    staleReasons: [],
    total: 3,
    undecided: 0,
    undecidedHigh: 0,
    awaitingApproval: 0,
    notKeepable: 0,
    clear: true,
    ...overrides,
  };
}

/** A blocking checklist item, done unless overridden. */
export function checklistItem(overrides: Partial<GateChecklistItem> = {}): GateChecklistItem {
  return { itemId: "scanner-clean", title: "Scanner clean", gate: "block", state: "done", naApproval: "none", ...overrides };
}

/** A draft attached for review whose latest version is scanned and clear. */
export function gateDocument(overrides: Omit<Partial<GateDocument>, "state"> & { state?: Partial<ReviewState> } = {}): GateDocument {
  const { state, ...rest } = overrides;
  return { id: "doc-1", title: "Draft story", versionId: "ver-1", decisionsDigest: "0".repeat(64), ...rest, state: reviewState(state) };
}

/** An image an editor marked de-identified, not kept for any earlier publication. */
export function gateImage(overrides: Partial<GateImage> = {}): GateImage {
  return {
    id: "img-1",
    label: "Hands at the table",
    deidentified: true,
    priorExposure: { claimed: false, justified: false },
    ...overrides,
  };
}

export function priorExposureKeep(overrides: Partial<GatePriorExposureKeep> = {}): GatePriorExposureKeep {
  return { documentId: "doc-1", findingId: "f-9", justified: false, ...overrides };
}

/** Consent reconfirmed within the configured days, no captor present, photographs agreed with the face masked. */
export function standingConsent(overrides: Partial<GateConsent> = {}): GateConsent {
  return {
    status: "reconfirmed",
    recordId: CONSENT_ID,
    captorPresent: false,
    captorOverride: { requested: false, approved: false },
    powOverridePending: false,
    reconfirmation: { required: true, days: 30, lastReconfirmedAt: RECONFIRMED_AT, current: true },
    choices: { name: "pseudonym", face: "blurred", voice: "altered", media: ["text", "stills"] },
    ...overrides,
  };
}

export interface GateOverrides {
  interview?: Partial<GateInput["interview"]>;
  signer?: GateInput["signer"];
  checklist?: readonly GateChecklistItem[];
  consent?: Partial<GateConsent>;
  documents?: readonly GateDocument[];
  images?: readonly GateImage[];
  priorExposureKeeps?: readonly GatePriorExposureKeep[];
}

/**
 * An input with no reason at all: a defector (or, with `interview: { sourceType: "pow" }`, a prisoner of war) with
 * every blocking item done, consent reconfirmed and current, no captor, two documents scanned and clear, one image
 * de-identified, no prior exposure, and no signer (the report alone). `interview` and `consent` are merged; the
 * lists replace the defaults.
 */
export function clearInput(overrides: GateOverrides = {}): GateInput {
  return {
    interview: {
      id: INTERVIEW_ID,
      status: "in_review",
      sourceType: "defector",
      ownerId: OWNER_ID,
      collaboratorIds: [COLLABORATOR_ID],
      deskId: DESK_ID,
      ...overrides.interview,
    },
    signer: overrides.signer === undefined ? null : overrides.signer,
    checklist: overrides.checklist ?? [
      checklistItem(),
      checklistItem({ itemId: "faces-irreversibly-masked", title: "Faces irreversibly masked" }),
      checklistItem({ itemId: "repatriation-impact", title: "Repatriation impact", gate: "warn" }),
    ],
    consent: standingConsent(overrides.consent),
    documents: overrides.documents ?? [
      gateDocument(),
      gateDocument({ id: "doc-2", title: "Photo captions", versionId: "ver-5", state: { total: 0 } }),
    ],
    images: overrides.images ?? [gateImage()],
    priorExposureKeeps: overrides.priorExposureKeeps ?? [],
  };
}

/** A signer who may clear: an editor of the interview's desk, neither owner nor collaborator. */
export const deskEditor = (overrides: Partial<NonNullable<GateInput["signer"]>> = {}): NonNullable<GateInput["signer"]> => ({
  id: EDITOR_ID,
  deskIds: [DESK_ID],
  isEditor: true,
  ...overrides,
});

/** Freezes a value and everything reachable from it, so any write throws (strict-mode modules). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}
