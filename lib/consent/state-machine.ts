/**
 * The consent state machine, after the W3C DPV / ISO/IEC TS 27560 vocabulary. Pure: no I/O.
 * A record's status is the result of its append-only event history; terms never change once given
 * (changing the scope means a new record that points to the previous one).
 */
export const CONSENT_STATES = ["requested", "given", "refused", "reconfirmed", "withdrawn", "revoked", "expired"] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** Events carry the name of the state they lead to. */
export type ConsentEventType = ConsentState;

/** Who may cause each event: the source (given, refused, withdrawn…) is recorded by newsroom staff. */
const TRANSITIONS: Record<ConsentState | "none", readonly ConsentEventType[]> = {
  none: ["requested"],
  requested: ["given", "refused", "withdrawn", "revoked"],
  given: ["reconfirmed", "withdrawn", "revoked", "expired"],
  reconfirmed: ["reconfirmed", "withdrawn", "revoked", "expired"],
  refused: [],
  withdrawn: [],
  revoked: [],
  expired: [],
};

export const CONSENT_STATE_LABELS: Record<ConsentState, string> = {
  requested: "Explained, decision pending",
  given: "Given",
  refused: "Refused",
  reconfirmed: "Reconfirmed",
  withdrawn: "Withdrawn by the source",
  revoked: "Revoked by the newsroom",
  expired: "Expired",
};

export function allowedEvents(from: ConsentState | "none"): readonly ConsentEventType[] {
  return TRANSITIONS[from];
}

export function canApply(from: ConsentState | "none", event: ConsentEventType): boolean {
  return TRANSITIONS[from].includes(event);
}

/** True when consent currently allows publication work to go on (subject to the publication gate's checks). */
export function isActive(state: ConsentState | "none"): boolean {
  return state === "given" || state === "reconfirmed";
}

/** True when nothing can ever happen to the record again: a new record is needed. */
export function isFinal(state: ConsentState): boolean {
  return TRANSITIONS[state].length === 0;
}

/**
 * Folds an event history into the current state, or reports the first illegal step. Used to check a stored
 * history, and by the server before appending.
 */
export function replay(events: readonly ConsentEventType[]): { ok: true; state: ConsentState | "none" } | { ok: false; index: number; from: ConsentState | "none"; event: ConsentEventType } {
  let state: ConsentState | "none" = "none";
  for (const [index, event] of events.entries()) {
    if (!canApply(state, event)) return { ok: false, index, from: state, event };
    state = event;
  }
  return { ok: true, state };
}
