import { asc } from "drizzle-orm";
import { getDb } from "@/db/client";
import { desks } from "@/db/schema";
import { UnauthenticatedError } from "../errors";
import type { Ctx } from "../context";

/** Desk names are not sensitive: any signed-in user may list them (forms need them). */
export function listDesks({ ctx }: { ctx: Ctx }): { id: string; name: string }[] {
  if (!ctx.actor) throw new UnauthenticatedError();
  return getDb().select({ id: desks.id, name: desks.name }).from(desks).orderBy(asc(desks.name)).all();
}
