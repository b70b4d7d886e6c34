/**
 * Runs once when the server starts: loads (or generates) the instance secrets and opens the database, which
 * applies pending migrations, then starts the hourly maintenance (recording consents whose expiry date passed).
 * Never runs during `next build`.
 */
const HOUR_MS = 60 * 60_000;

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getSecrets } = await import("./lib/secrets");
  const { getConnection } = await import("./db/client");
  const { databaseFile } = await import("./lib/env");
  const { runMaintenance } = await import("./lib/maintenance");
  getSecrets();
  getConnection();
  console.log(`[sourcekeeper] Database ready: ${databaseFile()}`);
  runMaintenance();
  setInterval(runMaintenance, HOUR_MS).unref();
}
