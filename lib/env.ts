import path from "node:path";

/** Where the database and generated secrets live. Resolved at call time so tests can point it elsewhere. */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR?.trim() || "data");
}

export function databaseFile(): string {
  return path.join(/*turbopackIgnore: true*/ dataDir(), "sourcekeeper.db");
}

export function migrationsDir(): string {
  const fromEnv = process.env.SOURCEKEEPER_MIGRATIONS_DIR?.trim();
  return fromEnv ? path.resolve(/*turbopackIgnore: true*/ fromEnv) : path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");
}
