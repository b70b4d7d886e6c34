import { getDb } from "@/db/client";
import { UnauthenticatedError } from "../errors";
import type { Ctx } from "../context";
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
