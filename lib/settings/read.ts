import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import { instanceSettings } from "@/db/schema";
import { DEFAULT_SETTINGS, SETTING_DEFINITIONS, type SettingKey, type Settings } from "./definitions";

/** A stored value, or the default when it is missing or no longer valid (a bad row never breaks a check). */
function valueOf<K extends SettingKey>(key: K, valueJson: string | undefined): Settings[K] {
  if (valueJson === undefined) return DEFAULT_SETTINGS[key];
  let raw: unknown;
  try {
    raw = JSON.parse(valueJson);
  } catch {
    return DEFAULT_SETTINGS[key];
  }
  const parsed = SETTING_DEFINITIONS[key].schema.safeParse(raw);
  return parsed.success ? (parsed.data as Settings[K]) : DEFAULT_SETTINGS[key];
}

/** Reads every setting. Settings are not secret; services read them freely. */
export function readSettings(db: Db = getDb()): Settings {
  const rows = new Map(
    db
      .select()
      .from(instanceSettings)
      .all()
      .map((r) => [r.key, r.valueJson] as const),
  );
  return Object.fromEntries((Object.keys(SETTING_DEFINITIONS) as SettingKey[]).map((k) => [k, valueOf(k, rows.get(k))])) as Settings;
}

/** One setting, one indexed row read (the audit writer asks for the checkpoint interval on every entry). */
export function readSetting<K extends SettingKey>(key: K, db: Db = getDb()): Settings[K] {
  return valueOf(key, db.select().from(instanceSettings).where(eq(instanceSettings.key, key)).get()?.valueJson);
}
