import { and, asc, eq, ne } from "drizzle-orm";
import { getDb } from "@/db/client";
import { userDesks, users } from "@/db/schema";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { loadInterviewForActor } from "./access";

/** Active users of an interview's desk, other than its owner: who the owner may add as a collaborator. */
export function listDeskColleagues({ ctx, interviewId }: { ctx: Ctx; interviewId: string }): { id: string; name: string }[] {
  assertCan(ctx.actor, "interview:work");
  const db = getDb();
  const { interview } = loadInterviewForActor(db, ctx.actor, interviewId, "read");
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userDesks, and(eq(userDesks.userId, users.id), eq(userDesks.deskId, interview.deskId)))
    .where(and(eq(users.active, true), ne(users.id, interview.ownerId)))
    .orderBy(asc(users.name))
    .all();
}
