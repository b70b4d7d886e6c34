/** Client-safe role list and labels (the database schema re-states the same values). */
export const ROLE_VALUES = ["journalist", "editor", "admin"] as const;
export type RoleName = (typeof ROLE_VALUES)[number];

export const ROLE_LABELS: Record<RoleName, string> = {
  journalist: "Journalist",
  editor: "Editor",
  admin: "Administrator",
};
