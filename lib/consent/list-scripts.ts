import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { UnauthenticatedError } from "../errors";
import type { Ctx } from "../context";
import { SCRIPT_SECTIONS, type ScriptSection } from "./script-types";
import { getScriptVersion, listScriptVersions, type ScriptVersion } from "./scripts";

/** Consent script versions are not sensitive: any signed-in user may read and print them. */
export function listScripts({ ctx }: { ctx: Ctx }): ScriptVersion[] {
  if (!ctx.actor) throw new UnauthenticatedError();
  return listScriptVersions(getDb());
}

export function getScript({ ctx, scriptId }: { ctx: Ctx; scriptId: string }): ScriptVersion | null {
  if (!ctx.actor) throw new UnauthenticatedError();
  return getScriptVersion(getDb(), String(scriptId).slice(0, 64));
}

export interface ScriptDetail extends ScriptVersion {
  creatorName: string | null;
  base: { id: string; label: string } | null;
  /** Per language: the sections (and "title") whose text differs from the base version; every one for a new language. */
  changed: Record<string, (ScriptSection | "title")[]>;
}

/** One version with what a reviewer needs: who wrote it and what changed from the version it was based on. */
export function getScriptDetail({ ctx, scriptId }: { ctx: Ctx; scriptId: string }): ScriptDetail | null {
  const script = getScript({ ctx, scriptId });
  if (!script) return null;
  const db = getDb();
  const creatorName = script.createdBy ? (db.select({ name: users.name }).from(users).where(eq(users.id, script.createdBy)).get()?.name ?? null) : null;
  const base = script.basedOn ? getScriptVersion(db, script.basedOn) : null;
  const changed: ScriptDetail["changed"] = {};
  if (base) {
    for (const lang of script.languages) {
      const before = base.content.texts[lang];
      const list: (ScriptSection | "title")[] = [];
      if ((base.content.title[lang] ?? "") !== (script.content.title[lang] ?? "")) list.push("title");
      for (const section of SCRIPT_SECTIONS) if (before?.[section] !== script.content.texts[lang]?.[section]) list.push(section);
      changed[lang] = list;
    }
  }
  return { ...script, creatorName, base: base ? { id: base.id, label: base.label } : null, changed };
}
