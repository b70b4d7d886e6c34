import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { loadSessionUser } from "@/lib/auth/load-session-user";
import type { Actor } from "@/lib/auth/permissions";
import type { RoleName } from "@/lib/auth/roles";
import { setupInstance } from "@/lib/auth/setup-instance";
import type { Ctx } from "@/lib/context";
import { createDesk } from "@/lib/desks/create-desk";
import { createInterview } from "@/lib/interviews/create-interview";
import type { CreateInterviewInput } from "@/lib/interviews/schema";
import { createUser } from "@/lib/users/create-user";

/** Seeds go through the real services, so every seeded row is audited like any other change. */

export const T0 = Date.UTC(2030, 0, 15, 9, 0, 0);

/** A controllable clock for ctx.now: tests move time instead of sleeping. */
export function makeClock(start = T0) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
  };
}

export function makeCtx(actor: Actor | null, options: { ip?: string; now?: () => number } = {}): Ctx {
  return { actor, ip: options.ip ?? "198.51.100.7", now: options.now ?? (() => T0) };
}

/** The actor of a user as the session layer would build it (role and desks from the database). */
export function actorOf(userId: string): Actor {
  const row = getDb().select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId)).get();
  if (!row) throw new Error(`actorOf: no user ${userId}`);
  const session = loadSessionUser(userId, row.v);
  if (!session) throw new Error(`actorOf: user ${userId} is inactive`);
  return session.actor;
}

export function ctxOf(userId: string, options: { ip?: string; now?: () => number } = {}): Ctx {
  return makeCtx(actorOf(userId), options);
}

export const ADMIN_PASSWORD = "violet tractor omelette 42";

export function setupInput(overrides: Partial<Record<"name" | "email" | "password" | "confirmPassword" | "deskName", string>> = {}) {
  const password = overrides.password ?? ADMIN_PASSWORD;
  return {
    name: "Ada Admin",
    email: "ada@newsroom.example",
    password,
    confirmPassword: overrides.confirmPassword ?? password,
    deskName: "Seoul bureau",
    ...overrides,
  };
}

export interface SeededAdmin {
  id: string;
  deskId: string;
  email: string;
  password: string;
  ctx: Ctx;
}

/** Runs first-run setup and returns the admin with a ready context. */
export async function setupAdmin(options: { now?: () => number } = {}): Promise<SeededAdmin> {
  const input = setupInput();
  const { userId } = await setupInstance({ ctx: makeCtx(null, options), input });
  const ctx = ctxOf(userId, options);
  return { id: userId, deskId: ctx.actor!.deskIds[0]!, email: input.email, password: input.password, ctx };
}

export function seedDesk(ctx: Ctx, name: string): string {
  return createDesk({ ctx, input: { name } }).deskId;
}

export interface SeededUser {
  id: string;
  email: string;
  name: string;
  password: string;
  role: RoleName;
  deskIds: string[];
}

let counter = 0;

export async function seedUser(
  ctx: Ctx,
  role: RoleName,
  options: { deskIds?: string[]; email?: string; name?: string; password?: string; mustChangePassword?: boolean } = {},
): Promise<SeededUser> {
  counter += 1;
  const user = {
    email: options.email ?? `${role}${counter}@newsroom.example`,
    name: options.name ?? `${role} ${counter}`,
    password: options.password ?? `quiet lantern mosaic ${counter}`,
    role,
    deskIds: options.deskIds ?? [],
  };
  const { userId } = await createUser({ ctx, input: { ...user, mustChangePassword: options.mustChangePassword ?? false } });
  return { id: userId, ...user };
}

/* ---------- Interviews (issue 3) ---------- */

/** A valid createInterview input: a POW held by "Ukrainian authorities", at a custodial facility. */
export function interviewInput(deskId: string, overrides: Partial<CreateInterviewInput> = {}): CreateInterviewInput {
  return {
    codeName: "Birch",
    sourceType: "pow",
    minor: false,
    inCustody: true,
    recentTrauma: false,
    custodyHolder: "Ukrainian authorities",
    outlet: "The Daily Example",
    deskId,
    plannedDate: "2030-02-01",
    setting: "custodial_facility",
    sourceLanguage: "Korean",
    interviewLanguage: "Korean",
    interpreter: "independent",
    notes: "",
    ...overrides,
  };
}

/** A defector living in Seoul: no custody, safe location, no interpreter. */
export function defectorInput(deskId: string, overrides: Partial<CreateInterviewInput> = {}): CreateInterviewInput {
  return interviewInput(deskId, {
    codeName: "Magpie",
    sourceType: "defector",
    inCustody: false,
    custodyHolder: "",
    setting: "safe_location",
    interpreter: "none",
    ...overrides,
  });
}

export function seedInterview(ctx: Ctx, input: CreateInterviewInput): string {
  return createInterview({ ctx, input }).interviewId;
}

/**
 * A newsroom for interview tests: the set-up admin (Seoul desk only), a Kyiv desk with two journalists, two
 * editors and an admin, and an editor of the Seoul desk. Every context shares one movable clock.
 */
export async function seedNewsroom() {
  const clock = makeClock();
  const admin = await setupAdmin({ now: clock.now });
  const seoul = admin.deskId;
  const kyiv = seedDesk(admin.ctx, "Kyiv bureau");
  const jo = await seedUser(admin.ctx, "journalist", { deskIds: [kyiv], name: "Jo Journalist" });
  const jay = await seedUser(admin.ctx, "journalist", { deskIds: [kyiv], name: "Jay Journalist" });
  const ed = await seedUser(admin.ctx, "editor", { deskIds: [kyiv], name: "Eda Editor" });
  const ed2 = await seedUser(admin.ctx, "editor", { deskIds: [kyiv], name: "Eli Editor" });
  const seoulEd = await seedUser(admin.ctx, "editor", { deskIds: [seoul], name: "Sun Editor" });
  const kyivAdmin = await seedUser(admin.ctx, "admin", { deskIds: [kyiv], name: "Kim Admin" });
  const ctx = (user: { id: string }) => ctxOf(user.id, { now: clock.now });
  /** A ready context per person, for `({ jo, ed } = n.ctxs)`. */
  const ctxs = { jo: ctx(jo), jay: ctx(jay), ed: ctx(ed), ed2: ctx(ed2), seoulEd: ctx(seoulEd), kyivAdmin: ctx(kyivAdmin) };
  return { clock, admin, seoul, kyiv, jo, jay, ed, ed2, seoulEd, kyivAdmin, ctx, ctxs };
}
export type Newsroom = Awaited<ReturnType<typeof seedNewsroom>>;
