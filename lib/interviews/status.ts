import type { InterviewStatus } from "./constants";

/**
 * Status transitions allowed by hand. The publication gate (lib/publication/workflow.ts) moves
 * interviewed → in_review (submit) → cleared (an editor's sign-off) → published behind its checks, and moves a
 * cleared interview back to review when something changes. A submission can be taken back; anything not yet
 * published can be cancelled.
 */
const MANUAL_TRANSITIONS: Partial<Record<InterviewStatus, readonly InterviewStatus[]>> = {
  preparing: ["interviewed", "cancelled"],
  interviewed: ["preparing", "cancelled"],
  in_review: ["interviewed", "cancelled"],
  cleared: ["cancelled"],
  cancelled: ["preparing"],
};

export function allowedManualTransitions(from: InterviewStatus): readonly InterviewStatus[] {
  return (Object.hasOwn(MANUAL_TRANSITIONS, from) ? MANUAL_TRANSITIONS[from] : undefined) ?? [];
}

export function canTransition(from: InterviewStatus, to: InterviewStatus): boolean {
  return allowedManualTransitions(from).includes(to);
}
