import type { SourceProfile } from "./constants";
import type { InterviewRow } from "./access";

/** The part of an interview the checklist depends on. */
export function profileOf(row: Pick<InterviewRow, "sourceType" | "minor" | "inCustody" | "recentTrauma" | "interpreter" | "setting">): SourceProfile {
  return {
    sourceType: row.sourceType,
    minor: row.minor,
    inCustody: row.inCustody || row.sourceType === "pow",
    recentTrauma: row.recentTrauma,
    interpreter: row.interpreter,
    setting: row.setting,
  };
}

export const PROFILE_FIELDS = ["sourceType", "minor", "inCustody", "recentTrauma", "interpreter", "setting"] as const;
