import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import { instanceSettings } from "@/db/schema";
import { DEFAULT_SETTINGS, SETTING_DEFINITIONS, type SettingKey, type Settings } from "./definitions";

/**
 * Reads every setting, falling back to the default for keys never set or holding a value this version no longer
 * accepts (so a bad row can never break consent checks). Settings are not secret; services read them freely.
 */
export function readSettings(db: Db = getDb()): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const row of db.select().from(instanceSettings).all()) {
    if (!Object.hasOwn(SETTING_DEFINITIONS, row.key)) continue;
    const key = row.key as SettingKey;
    let raw: unknown;
    try {
      raw = JSON.parse(row.valueJson);
    } catch {
      continue;
    }
    const parsed = SETTING_DEFINITIONS[key].schema.safeParse(raw);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as Settings;
}

export function readSetting<K extends SettingKey>(key: K, db: Db = getDb()): Settings[K] {
  return readSettings(db)[key];
}
