import { SOURCE_TYPES, type SourceProfile, type SourceType } from "../interviews/constants";
import type { Gate } from "./types";

/**
 * Small builders that keep the checklist table in items.ts readable. Pure and client-safe.
 *
 * A `Condition` is either a source type ("pow") or a predicate over the whole profile (`isMinor`).
 */
export type ProfilePredicate = (profile: SourceProfile) => boolean;
export type GateRule = (profile: SourceProfile) => Gate;
export type Condition = SourceType | ProfilePredicate;

/** Source types whose people (or whose relatives) face reprisals if identified. Everything except `other`. */
export const AT_RISK_TYPES = ["pow", "defector", "family_in_dprk", "other_at_risk"] as const satisfies readonly SourceType[];

function toPredicate(condition: Condition): ProfilePredicate {
  if (typeof condition === "function") return condition;
  if (!(SOURCE_TYPES as readonly string[]).includes(condition)) throw new Error(`Unknown source type in checklist condition: ${condition}`);
  return (p) => p.sourceType === condition;
}

/** Applies to every source. */
export const always: ProfilePredicate = () => true;

/** Applies to the listed source types only. */
export function forTypes(...types: SourceType[]): ProfilePredicate {
  return anyOf(...types);
}

/** Applies when any of the conditions holds (source types and/or predicates). */
export function anyOf(...conditions: Condition[]): ProfilePredicate {
  if (conditions.length === 0) throw new Error("anyOf needs at least one condition");
  const predicates = conditions.map(toPredicate);
  return (p) => predicates.some((pred) => pred(p));
}

/** The person is or may be under 18. */
export const isMinor: ProfilePredicate = (p) => p.minor;

/**
 * The person is held by someone: a prisoner of war (always in custody, even if a stale profile says otherwise),
 * anyone flagged as in custody, or anyone interviewed inside a custodial facility.
 */
export const inCustody: ProfilePredicate = (p) => p.sourceType === "pow" || p.inCustody || p.setting === "custodial_facility";

/** Recent trauma or injury. */
export const recentTrauma: ProfilePredicate = (p) => p.recentTrauma;

/** The interpreter was provided by the detaining authority. */
export const authorityInterpreter: ProfilePredicate = (p) => p.interpreter === "detaining_authority";

/** Some interpreter is involved. */
export const usesInterpreter: ProfilePredicate = (p) => p.interpreter !== "none";

/** The source or their relatives face reprisals if identified (every type except `other`). */
export const atRisk: ProfilePredicate = forTypes(...AT_RISK_TYPES);

/** Gate rules. */
export const block: GateRule = () => "block";
export const warn: GateRule = () => "warn";

/** `block` when any condition holds, otherwise `warn`. */
export function blockFor(...conditions: Condition[]): GateRule {
  const pred = anyOf(...conditions);
  return (p) => (pred(p) ? "block" : "warn");
}
