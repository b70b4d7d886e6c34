import type { InterviewStatus } from "./constants";

/**
 * Status transitions this version allows by hand. The publication gate (a later issue) adds
 * interviewed → in_review → cleared → published behind its checks.
 */
const MANUAL_TRANSITIONS: Partial<Record<InterviewStatus, readonly InterviewStatus[]>> = {
  preparing: ["interviewed", "cancelled"],
  interviewed: ["preparing", "cancelled"],
  cancelled: ["preparing"],
};

export function allowedManualTransitions(from: InterviewStatus): readonly InterviewStatus[] {
  return (Object.hasOwn(MANUAL_TRANSITIONS, from) ? MANUAL_TRANSITIONS[from] : undefined) ?? [];
}

export function canTransition(from: InterviewStatus, to: InterviewStatus): boolean {
  return allowedManualTransitions(from).includes(to);
}
