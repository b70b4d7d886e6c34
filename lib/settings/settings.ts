import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import { instanceSettings } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { parseInput } from "../validation";
import { DEFAULT_SETTINGS, SETTING_DEFINITIONS, SETTING_KEYS, settingsInputSchema, type SettingKey, type Settings } from "./definitions";

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

/** Administrators change settings; each changed key is one audit entry with its old and new value. */
export function updateSettings({ ctx, input }: { ctx: Ctx; input: unknown }): { changed: SettingKey[] } {
  assertCan(ctx.actor, "settings:manage");
  const actor = ctx.actor;
  const data = parseInput(settingsInputSchema, input);
  return withTransaction((tx) => {
    const current = readSettings(tx);
    const changed: SettingKey[] = [];
    for (const key of SETTING_KEYS) {
      const to = data[key];
      const from = current[key];
      if (to === from) continue;
      const now = ctx.now();
      tx.insert(instanceSettings)
        .values({ key, valueJson: JSON.stringify(to), updatedBy: actor.id, updatedAt: now })
        .onConflictDoUpdate({ target: instanceSettings.key, set: { valueJson: JSON.stringify(to), updatedBy: actor.id, updatedAt: now } })
        .run();
      appendAuditEvent(tx, ctx, { action: "settings.updated", targetId: null, payload: { key, from, to } });
      changed.push(key);
    }
    return { changed };
  });
}
