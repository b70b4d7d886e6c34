/** Client-safe interview vocabularies (the database schema and zod schemas use the same lists). */
export const SOURCE_TYPES = ["pow", "defector", "family_in_dprk", "other_at_risk", "other"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const SOURCE_TYPE_LABELS: Record<SourceType, string> = {
  pow: "Prisoner of war",
  defector: "Defector or refugee",
  family_in_dprk: "Family member inside North Korea",
  other_at_risk: "Other person at risk",
  other: "Other",
};

export const INTERVIEW_STATUSES = ["preparing", "interviewed", "in_review", "cleared", "published", "cancelled"] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];

export const STATUS_LABELS: Record<InterviewStatus, string> = {
  preparing: "Preparing",
  interviewed: "Interviewed",
  in_review: "In review",
  cleared: "Cleared",
  published: "Published",
  cancelled: "Cancelled",
};

export const SETTINGS = ["custodial_facility", "safe_location", "remote_call", "other"] as const;
export type Setting = (typeof SETTINGS)[number];
export const SETTING_LABELS: Record<Setting, string> = {
  custodial_facility: "Custodial facility",
  safe_location: "Safe location",
  remote_call: "Remote call",
  other: "Other",
};

export const INTERPRETER_ARRANGEMENTS = ["none", "independent", "detaining_authority", "other"] as const;
export type InterpreterArrangement = (typeof INTERPRETER_ARRANGEMENTS)[number];
export const INTERPRETER_LABELS: Record<InterpreterArrangement, string> = {
  none: "No interpreter",
  independent: "Independent interpreter",
  detaining_authority: "Provided by the detaining authority",
  other: "Other arrangement",
};

/** What the checklist needs to know about a source to decide which items apply. */
export interface SourceProfile {
  sourceType: SourceType;
  minor: boolean;
  /** Always true for prisoners of war. */
  inCustody: boolean;
  recentTrauma: boolean;
  interpreter: InterpreterArrangement;
  setting: Setting;
}
