/**
 * Runs once when the server starts: loads (or generates) the instance secrets and opens the database, which
 * applies pending migrations, moves any value sealed before per-interview data keys under them, then starts the hourly maintenance (recording consents whose expiry date passed).
 * Never runs during `next build`.
 */
const HOUR_MS = 60 * 60_000;

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getSecrets } = await import("./lib/secrets");
  const { getConnection } = await import("./db/client");
  const { databaseFile } = await import("./lib/env");
  const { runMaintenance } = await import("./lib/maintenance");
  const { migrateToDataKeys } = await import("./lib/crypto/migrate-values");
  const { systemCtx } = await import("./lib/context");
  getSecrets();
  getConnection();
  console.log(`[sourcekeeper] Database ready: ${databaseFile()}`);
  // Once per start: values sealed before per-interview data keys existed are sealed again with them (audited).
  const migrated = migrateToDataKeys(systemCtx(null, "startup"));
  if (migrated.values + migrated.files + migrated.keysCreated > 0) {
    console.log(`[sourcekeeper] Sealed ${migrated.values} value(s) and ${migrated.files} file(s) again under per-interview data keys (${migrated.keysCreated} key(s) created).`);
  }
  runMaintenance();
  setInterval(runMaintenance, HOUR_MS).unref();
}
