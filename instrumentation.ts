/**
 * Runs once when the server starts: loads (or generates) the instance secrets and opens the database, which
 * applies pending migrations. Never runs during `next build`.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getSecrets } = await import("./lib/secrets");
  const { getConnection } = await import("./db/client");
  const { databaseFile } = await import("./lib/env");
  getSecrets();
  getConnection();
  console.log(`[sourcekeeper] Database ready: ${databaseFile()}`);
}
