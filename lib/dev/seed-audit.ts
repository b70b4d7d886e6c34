import { randomBytes } from "node:crypto";
import { count, desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditEvents, instanceSetup, userDesks, users } from "@/db/schema";
import { setupInstance } from "../auth/setup-instance";
import type { Actor } from "../auth/permissions";
import type { Ctx } from "../context";
import { createDesk } from "../desks/create-desk";
import { SOURCE_TYPES } from "../interviews/constants";
import { createInterview } from "../interviews/create-interview";
import { createUser } from "../users/create-user";
import { appendFakeEntries } from "./append-fake-entries";
import type { SeedDesk, SeedInterview, SeedWorld } from "./fake-audit-events";

/**
 * Development seeder for the audit log (`npm run cli -- dev seed-audit`, `npm run bench:audit`). It writes FAKE
 * data: desks, users and interviews through the real services, then `count` catalogue-valid audit entries
 * inserted directly in batches (one transaction per batch, one prepared statement), chained with the same
 * hash function as appendAuditEvent and signed with a checkpoint every `audit_checkpoint_interval` entries, so
 * `npm run cli -- audit verify` passes afterwards. Never for a real newsroom's database.
 */

export class SeedRefusedError extends Error {}

export interface SeedAuditOptions {
  count: number;
  desks?: number;
  interviews?: number;
  /** Run even though the database already has users. */
  force?: boolean;
  /** The entries' timestamps spread over this many days up to `now`, ascending. */
  spanDays?: number;
  now?: number;
  batch?: number;
  seed?: number;
  onProgress?: (done: number, total: number, elapsedMs: number) => void;
}

export interface SeedAuditResult {
  entries: number;
  fromSeq: number;
  toSeq: number;
  checkpoints: number;
  desks: number;
  users: { email: string; role: string }[];
  interviews: number;
  /** The password of every seeded account (fake data). */
  password: string;
  servicesMs: number;
  entriesMs: number;
}

const EDITORS_PER_DESK = 2;
const JOURNALISTS_PER_DESK = 4;
const DAY_MS = 86_400_000;

export async function seedAudit(options: SeedAuditOptions): Promise<SeedAuditResult> {
  const { count: total, desks: deskCount = 4, interviews: interviewCount = 200, spanDays = 730, batch = 10_000, seed = 1 } = options;
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError("count must be a whole number");
  if (deskCount < 1 || interviewCount < 1) throw new RangeError("at least one desk and one interview");
  const db = getDb();
  const existingUsers = db.select({ n: count() }).from(users).get()!.n;
  if (existingUsers > 0 && !options.force) {
    throw new SeedRefusedError(
      `This database already has ${existingUsers} user${existingUsers === 1 ? "" : "s"}: refusing to add fake data to it. Point DATA_DIR at an empty folder, or pass --force if this really is a throwaway database.`,
    );
  }

  const end = options.now ?? Date.now();
  const head = db.select({ at: auditEvents.occurredAt }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
  let clock = Math.max(end - spanDays * DAY_MS, (head?.at ?? 0) + 1);
  const tick = () => (clock += 1000);
  const ctxOf = (actor: Actor | null): Ctx => ({ actor, ip: "cli", now: () => clock });

  // The newsroom, through the real services (each change audited like any other).
  const startedServices = performance.now();
  const tag = randomBytes(2).toString("hex");
  const password = `seed ${randomBytes(9).toString("base64url")} fake`;
  const seeded: { email: string; role: string }[] = [];
  const world: SeedWorld = { admins: [], desks: [], interviews: [] };
  let admin: Ctx;
  const setUp = db.select({ id: instanceSetup.id }).from(instanceSetup).get();
  if (!setUp && existingUsers === 0) {
    const email = `admin.${tag}@seed.invalid`;
    const deskName = `Seed desk 1 (${tag})`;
    const { userId } = await setupInstance({
      ctx: ctxOf(null),
      input: { name: "Seed Admin", email, password, confirmPassword: password, deskName },
    });
    const deskId = db.select({ deskId: userDesks.deskId }).from(userDesks).where(eq(userDesks.userId, userId)).get()!.deskId;
    admin = ctxOf({ id: userId, role: "admin", deskIds: [deskId] });
    world.admins.push(userId);
    world.desks.push({ id: deskId, editors: [], journalists: [] });
    seeded.push({ email, role: "admin" });
  } else {
    // An existing instance (--force): act like `npm run cli -- user create`, then as a seeded admin.
    const cli = ctxOf({ id: "cli", role: "admin", deskIds: [] });
    const email = `admin.${tag}@seed.invalid`;
    const { userId } = await createUser({
      ctx: cli,
      input: { name: `Seed Admin ${tag}`, email, role: "admin", deskIds: [], password, mustChangePassword: false },
    });
    admin = ctxOf({ id: userId, role: "admin", deskIds: [] });
    world.admins.push(userId);
    seeded.push({ email, role: "admin" });
  }
  tick();
  while (world.desks.length < deskCount) {
    const { deskId } = createDesk({ ctx: admin, input: { name: `Seed desk ${world.desks.length + 1} (${tag})` } });
    world.desks.push({ id: deskId, editors: [], journalists: [] });
    tick();
  }
  for (const [d, desk] of world.desks.entries()) {
    for (const [role, n, into] of [
      ["editor", EDITORS_PER_DESK, desk.editors],
      ["journalist", JOURNALISTS_PER_DESK, desk.journalists],
    ] as const) {
      for (let i = 1; i <= n; i++) {
        const email = `${role}${i}.desk${d + 1}.${tag}@seed.invalid`;
        const input = { name: `Seed ${role} ${i} desk ${d + 1}`, email, role, deskIds: [desk.id], password, mustChangePassword: false };
        into.push((await createUser({ ctx: admin, input })).userId);
        seeded.push({ email, role });
        tick();
      }
    }
  }
  for (let k = 0; k < interviewCount; k++) {
    const d = k % world.desks.length;
    const desk: SeedDesk = world.desks[d]!;
    const owner = desk.journalists[Math.floor(k / world.desks.length) % desk.journalists.length]!;
    const sourceType = SOURCE_TYPES[k % SOURCE_TYPES.length]!;
    const { interviewId } = createInterview({
      ctx: ctxOf({ id: owner, role: "journalist", deskIds: [desk.id] }),
      input: {
        codeName: `Seed ${tag} ${String(k + 1).padStart(4, "0")}`,
        sourceType,
        minor: false,
        inCustody: sourceType === "pow",
        recentTrauma: false,
        custodyHolder: sourceType === "pow" ? "Seed custody" : "",
        outlet: "Seed outlet",
        deskId: desk.id,
        plannedDate: "",
        setting: "safe_location",
        sourceLanguage: "Korean",
        interviewLanguage: "Korean",
        interpreter: "independent",
        notes: "",
      },
    });
    world.interviews.push({ id: interviewId, desk: d, owner } satisfies SeedInterview);
    tick();
  }
  const servicesMs = performance.now() - startedServices;

  const started = performance.now();
  const appended = appendFakeEntries(world, {
    total,
    batch,
    seed,
    from: clock,
    to: Math.max(end, clock + total),
    onProgress: options.onProgress,
  });
  return {
    ...appended,
    desks: world.desks.length,
    users: seeded,
    interviews: world.interviews.length,
    password,
    servicesMs,
    entriesMs: performance.now() - started,
  };
}
