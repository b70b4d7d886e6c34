import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const ROLES = ["journalist", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Newsroom users. Never deleted: the audit log refers to them by id. */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
    /** Bumped on deactivation, role or password change: tokens carrying an older version stop working. */
    sessionVersion: integer("session_version").notNull().default(1),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [check("users_role_check", sql`${t.role} in ('journalist','editor','admin')`)],
);

export const desks = sqliteTable("desks", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  createdAt: integer("created_at").notNull(),
});

export const userDesks = sqliteTable(
  "user_desks",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    deskId: text("desk_id")
      .notNull()
      .references(() => desks.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.deskId] }), index("user_desks_desk_idx").on(t.deskId)],
);

/**
 * The first-run marker: a single row (id = 1) inserted in the transaction that creates the first admin.
 * The primary key makes a second setup impossible even if two requests race.
 */
export const instanceSetup = sqliteTable(
  "instance_setup",
  {
    id: integer("id").primaryKey(),
    completedAt: integer("completed_at").notNull(),
    adminUserId: text("admin_user_id").notNull(),
  },
  (t) => [check("instance_setup_singleton", sql`${t.id} = 1`)],
);

/** Failed sign-in attempts, kept briefly for throttling. Keys are hashes, never the e-mail address itself. */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountKey: text("account_key").notNull(),
    ipKey: text("ip_key").notNull(),
    occurredAt: integer("occurred_at").notNull(),
  },
  (t) => [index("sign_in_failures_account_idx").on(t.accountKey, t.occurredAt), index("sign_in_failures_ip_idx").on(t.ipKey, t.occurredAt)],
);

/** Active lockouts, one row per locked account or address key. */
export const signInLocks = sqliteTable("sign_in_locks", {
  key: text("key").primaryKey(),
  lockedUntil: integer("locked_until").notNull(),
});

/**
 * A user's TOTP second factor (RFC 6238). One row per enrolled user; the secret is sealed with the data key and
 * bound to the user id (see lib/crypto/seal.ts). `last_used_step` is the highest time step accepted so far: a
 * code for that step or an earlier one is refused, so a code works once.
 */
export const userMfa = sqliteTable("user_mfa", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id),
  secretSealed: text("secret_sealed").notNull(),
  enabledAt: integer("enabled_at").notNull(),
  lastUsedStep: integer("last_used_step").notNull().default(0),
});

/** One-time recovery codes, stored as keyed hashes (HMAC bound to the user id), never in clear. */
export const mfaRecoveryCodes = sqliteTable(
  "mfa_recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: text("code_hash").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("mfa_recovery_codes_user_idx").on(t.userId)],
);
