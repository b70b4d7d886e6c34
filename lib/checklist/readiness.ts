import { CURRENT_GUIDANCE } from "./items";
import { PHASES, type Gate, type GuidanceVersion, type Phase } from "./types";

/**
 * Readiness of an interview's checklist: how many blocking items are still open. Pure and client-safe.
 * The interview page shows it; the publication gate reuses it (`ready` must be true to clear).
 */

export const ITEM_STATES = ["open", "done", "not_applicable"] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export const NA_APPROVALS = ["none", "pending", "approved", "refused"] as const;
export type NaApproval = (typeof NA_APPROVALS)[number];

/** One instantiated checklist item (only the rows that currently apply). */
export interface ItemStatus {
  itemId: string;
  gate: Gate;
  state: ItemState;
  naApproval: NaApproval;
  /** Optional: looked up in the guidance version when absent. */
  phase?: Phase;
}

export interface PhaseProgress {
  /** Settled items: done, or not applicable and accepted (see `isSettled`). */
  done: number;
  total: number;
  blockingOpen: number;
}

export interface Readiness {
  /** `block` items not settled. Any of these keeps the interview from being cleared. */
  blockingOpen: number;
  /** `warn` items not settled. Never block. */
  warnOpen: number;
  /** Settled items: done, or not applicable and accepted. */
  done: number;
  total: number;
  /** `block` items marked not applicable and waiting for an editor (they count in blockingOpen). */
  pendingApproval: number;
  byPhase: Record<Phase, PhaseProgress>;
  ready: boolean;
  /** e.g. "3 blocking items open" or "Ready: no blocking items open". */
  summary: string;
}

/**
 * Whether an item no longer needs work.
 * - `done` always settles it.
 * - `not_applicable` settles a `block` item only once an editor approved it (pending or refused counts as open).
 * - `not_applicable` settles a `warn` item (no approval needed) unless an editor refused it.
 */
export function isSettled(item: Pick<ItemStatus, "gate" | "state" | "naApproval">): boolean {
  if (item.state === "done") return true;
  if (item.state !== "not_applicable") return false;
  return item.gate === "block" ? item.naApproval === "approved" : item.naApproval !== "refused";
}

export function readinessSummary(blockingOpen: number): string {
  if (blockingOpen <= 0) return "Ready: no blocking items open";
  return `${blockingOpen} blocking ${blockingOpen === 1 ? "item" : "items"} open`;
}

/**
 * Counts over the interview's applicable items. `version` is the guidance the interview uses (for the phase of
 * items given without one). An item whose phase cannot be found still counts in the totals, so an unknown
 * blocking item keeps the interview not ready (fail safe), but it is in no phase.
 */
export function computeReadiness(items: readonly ItemStatus[], version: GuidanceVersion = CURRENT_GUIDANCE): Readiness {
  const phaseOf = new Map<string, Phase>(version.items.map((i) => [i.id, i.phase]));
  const byPhase = Object.fromEntries(PHASES.map((p) => [p, { done: 0, total: 0, blockingOpen: 0 }])) as Record<Phase, PhaseProgress>;
  let blockingOpen = 0;
  let warnOpen = 0;
  let done = 0;
  let pendingApproval = 0;

  for (const item of items) {
    const settled = isSettled(item);
    const blocking = item.gate === "block" && !settled;
    if (settled) done += 1;
    else if (item.gate === "block") blockingOpen += 1;
    else warnOpen += 1;
    if (item.gate === "block" && item.state === "not_applicable" && item.naApproval === "pending") pendingApproval += 1;

    const phase = item.phase ?? phaseOf.get(item.itemId);
    const bucket = phase ? byPhase[phase] : undefined;
    if (bucket) {
      bucket.total += 1;
      if (settled) bucket.done += 1;
      if (blocking) bucket.blockingOpen += 1;
    }
  }

  return {
    blockingOpen,
    warnOpen,
    done,
    total: items.length,
    pendingApproval,
    byPhase,
    ready: blockingOpen === 0,
    summary: readinessSummary(blockingOpen),
  };
}
