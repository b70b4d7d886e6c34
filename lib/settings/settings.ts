import { instanceSettings } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { parseInput } from "../validation";
import { SETTING_KEYS, settingsInputSchema, type SettingKey } from "./definitions";
import { readSettings } from "./read";

export { readSetting, readSettings } from "./read";

/** Administrators change settings; each changed key is one audit entry with its old and new value. */
export function updateSettings({ ctx, input }: { ctx: Ctx; input: unknown }): { changed: SettingKey[] } {
  assertCan(ctx.actor, "settings:manage");
  const actor = ctx.actor;
  // Only the settings given are changed (the form sends them all; the command line or tests may send one).
  const data = parseInput(settingsInputSchema.partial(), input);
  return withTransaction((tx) => {
    const current = readSettings(tx);
    const changed: SettingKey[] = [];
    for (const key of SETTING_KEYS) {
      const to = data[key];
      if (to === undefined) continue;
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
