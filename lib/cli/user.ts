import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { desks } from "@/db/schema";
import { systemCtx } from "../context";
import { DomainError, ValidationError } from "../errors";
import { createUser } from "../users/create-user";
import { createDesk } from "../desks/create-desk";
import { createUserSchema } from "../users/schema";
import { parseInput } from "../validation";
import { parseFlags } from "./args";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO } from "./io";

const USAGE = "Usage: npm run cli -- user create --email E --name N --role journalist|editor|admin [--desk D]... (password on stdin)\n";

/**
 * `user create`: headless account creation with the same rules as the admin page. The CLI acts as a system
 * administrator (actor id "cli"), and the audit log records that. A desk named with --desk is created if missing.
 */
export async function userCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "create") {
    io.stderr(USAGE);
    return EXIT_USAGE;
  }
  const { flags, positional, error } = parseFlags(rest, { email: "string", name: "string", role: "string", desk: "string" });
  if (error || positional.length > 0) {
    io.stderr(`${error ?? `Unexpected argument "${positional[0]}".`}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const password = (await io.readStdin()).replace(/\r?\n$/, "");
  const ctx = systemCtx({ id: "cli", role: "admin", deskIds: [] });
  try {
    const deskIds: string[] = [];
    const input = {
      email: flags.email ?? "",
      name: flags.name ?? "",
      role: flags.role ?? "",
      deskIds,
      password,
      mustChangePassword: false,
    };
    // Validate first: a weak password or a bad role must not leave a newly created (and audited) desk behind.
    parseInput(createUserSchema, input);
    if (typeof flags.desk === "string") deskIds.push(findOrCreateDesk(flags.desk, ctx));
    const { userId } = await createUser({ ctx, input });
    io.stdout(`Created user ${userId} (${String(flags.role)}).\n`);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ValidationError) {
      const lines = Object.entries(err.fieldErrors).map(([field, msg]) => `  ${field}: ${msg}`);
      io.stderr(`${err.message}\n${lines.join("\n")}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof DomainError) {
      io.stderr(`${err.message}\n`);
      return EXIT_FAILURE;
    }
    throw err;
  }
}

function findOrCreateDesk(name: string, ctx: ReturnType<typeof systemCtx>): string {
  const trimmed = name.trim();
  const existing = getDb()
    .select({ id: desks.id })
    .from(desks)
    .where(sql`lower(${desks.name}) = lower(${trimmed})`)
    .get();
  return existing?.id ?? createDesk({ ctx, input: { name: trimmed } }).deskId;
}
