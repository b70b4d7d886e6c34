import { describe, expect, it } from "vitest";
import { INTERVIEW_STATUSES, type InterviewStatus } from "@/lib/interviews/constants";
import { allowedManualTransitions, canTransition } from "@/lib/interviews/status";

/**
 * The statuses a person may set by hand. Everything towards publication (in_review, cleared, published) belongs to
 * the publication gate and must never be reachable here; a submission can be taken back, and anything not yet
 * published can be cancelled.
 */
const ALLOWED: Record<InterviewStatus, InterviewStatus[]> = {
  preparing: ["interviewed", "cancelled"],
  interviewed: ["preparing", "cancelled"],
  cancelled: ["preparing"],
  in_review: ["interviewed", "cancelled"],
  cleared: ["cancelled"],
  published: [],
};

const pairs = INTERVIEW_STATUSES.flatMap((from) => INTERVIEW_STATUSES.map((to) => [from, to, ALLOWED[from].includes(to)] as const));

describe("interview status transitions", () => {
  it.each(pairs)("%s → %s allowed: %s", (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it.each(INTERVIEW_STATUSES)("allowedManualTransitions(%s) lists exactly the allowed targets", (from) => {
    expect([...allowedManualTransitions(from)].sort()).toEqual([...ALLOWED[from]].sort());
  });

  it("never allows staying in place or reaching the publication statuses by hand", () => {
    for (const from of INTERVIEW_STATUSES) {
      expect(canTransition(from, from)).toBe(false);
      for (const to of ["in_review", "cleared", "published"] as const) expect(canTransition(from, to)).toBe(false);
    }
  });

  it("refuses statuses that do not exist", () => {
    expect(canTransition("preparing", "deleted" as InterviewStatus)).toBe(false);
    expect(allowedManualTransitions("toString" as InterviewStatus)).toEqual([]);
    expect(allowedManualTransitions("__proto__" as InterviewStatus)).toEqual([]);
  });
});
