import { getConnection } from "@/db/client";
import { databaseFile } from "../env";
import { EXIT_OK, EXIT_USAGE, type CliIO } from "./io";

/** `db migrate`: opens the database (creating it under DATA_DIR if needed) and applies pending migrations. */
export async function dbCommand(args: string[], io: CliIO): Promise<number> {
  if (args[0] !== "migrate" || args.length > 1) {
    io.stderr("Usage: npm run db:migrate   (or: npm run cli -- db migrate)\n");
    return EXIT_USAGE;
  }
  getConnection();
  io.stdout(`Database ready and migrated: ${databaseFile()}\n`);
  return EXIT_OK;
}
