import { z } from "zod";

/**
 * Client-safe definitions of the instance settings: key, label, help text, schema and default. Values are small
 * and never sensitive (they are written to the audit log as they are).
 */
export const SETTING_DEFINITIONS = {
  consent_reconfirmation_days: {
    label: "Days a consent reconfirmation stays valid",
    help: "Before an interview can be cleared for publication, the source must have reconfirmed consent within this many days. Circumstances change fast for a prisoner of war or a refugee; the default is 14.",
    schema: z.coerce
      .number<number>({ message: "Enter a number of days." })
      .int("Whole days only.")
      .min(1, "At least 1 day.")
      .max(365, "At most 365 days."),
    default: 14,
  },
  audit_checkpoint_interval: {
    label: "Audit entries between signed checkpoints",
    help: "The instance signs the head of the audit log after this many entries (and at least once a day when anything changed). Smaller means less can be removed from the end unnoticed; each checkpoint is one small row.",
    schema: z.coerce
      .number<number>({ message: "Enter a number of entries." })
      .int("Whole entries only.")
      .min(10, "At least 10.")
      .max(100_000, "At most 100,000."),
    default: 1000,
  },
  takedown_due_hours: {
    label: "Hours to act on a withdrawal after publication",
    help: "When a source withdraws consent after publication, the desk's editors get a takedown task due within this many hours; overdue tasks are highlighted on every editor's start page. The default is 24.",
    schema: z.coerce
      .number<number>({ message: "Enter a number of hours." })
      .int("Whole hours only.")
      .min(1, "At least 1 hour.")
      .max(720, "At most 720 hours (30 days)."),
    default: 24,
  },
  mfa_required_for_editors: {
    label: "Require two-step sign-in for editors and administrators",
    help: "Editors and administrators must add an authenticator app (a time-based code) before they can use Sourcekeeper; journalists may add one. Strongly recommended: a stolen password alone then does not open sign-offs, exports or user administration.",
    schema: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ message: "Choose yes or no." })),
    default: true,
  },
} as const;

export type SettingKey = keyof typeof SETTING_DEFINITIONS;
export const SETTING_KEYS = Object.keys(SETTING_DEFINITIONS) as SettingKey[];
export type SettingValue<K extends SettingKey> = (typeof SETTING_DEFINITIONS)[K]["default"];
export type Settings = { [K in SettingKey]: SettingValue<K> };

export const DEFAULT_SETTINGS = Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTING_DEFINITIONS[k].default])) as Settings;

/** The settings form: every key, each validated by its own schema. */
export const settingsInputSchema = z.object(
  Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTING_DEFINITIONS[k].schema])) as {
    [K in SettingKey]: (typeof SETTING_DEFINITIONS)[K]["schema"];
  },
);
export type SettingsInput = z.input<typeof settingsInputSchema>;
