import { dataDir } from "../env";
import { seedAudit, SeedRefusedError } from "../dev/seed-audit";
import { parseFlags } from "./args";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO } from "./io";

const USAGE = `Usage:
  npm run cli -- dev seed-audit --count N [--desks D] [--interviews I] [--force]
      FAKE data for development and benchmarks: D desks (default 4) with 2 editors and 4 journalists each,
      I interviews (default 200), then N audit entries over the last two years. Refuses a database that
      already has users unless --force is given.
`;

const WARNING = `WARNING: dev seed-audit writes FAKE users, interviews and audit entries into the database under
  {dir}
Audit entries can never be removed. Never run this on a real newsroom's data.
`;

const number = (v: string | boolean | undefined, fallback: number): number | null => {
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !/^\d[\d_,]*$/.test(v)) return null;
  return Number(v.replace(/[_,]/g, ""));
};

/** `dev seed-audit …`: development data. Exit 0 when seeded, 1 when refused, 2 on misuse. */
export async function devCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  const { flags, positional, error } = parseFlags(rest, { count: "string", desks: "string", interviews: "string", force: "boolean" });
  const count = number(flags.count, -1);
  const desks = number(flags.desks, 4);
  const interviews = number(flags.interviews, 200);
  if (sub !== "seed-audit" || error || positional.length > 0 || count === null || count < 0 || !desks || !interviews) {
    io.stderr(`${error ? `${error}\n` : ""}${USAGE}`);
    return EXIT_USAGE;
  }
  io.stderr(WARNING.replace("{dir}", dataDir()));
  try {
    let lastReport = 0;
    const result = await seedAudit({
      count,
      desks,
      interviews,
      force: flags.force === true,
      onProgress: (done, total, ms) => {
        if (done !== total && ms - lastReport < 2000) return;
        lastReport = ms;
        const rate = Math.round(done / (ms / 1000));
        io.stdout(`  ${done.toLocaleString("en")} / ${total.toLocaleString("en")} entries, ${rate.toLocaleString("en")} entries/s\n`);
      },
    });
    const rate = result.entries === 0 ? 0 : Math.round(result.entries / (result.entriesMs / 1000));
    io.stdout(
      [
        `Seeded ${result.desks} desks, ${result.users.length} users and ${result.interviews} interviews through the services in ${(result.servicesMs / 1000).toFixed(1)} s.`,
        `Appended ${result.entries.toLocaleString("en")} audit entries (#${result.fromSeq}–#${result.toSeq}) in ${(result.entriesMs / 1000).toFixed(1)} s (${rate.toLocaleString("en")} entries/s), ${result.checkpoints} signed checkpoints.`,
        `Seeded accounts (all with the password "${result.password}"):`,
        ...result.users.map((u) => `  ${u.role.padEnd(10)} ${u.email}`),
        "Check the chain with: npm run cli -- audit verify",
        "",
      ].join("\n"),
    );
    return EXIT_OK;
  } catch (err) {
    if (err instanceof SeedRefusedError) {
      io.stderr(`${err.message}\n`);
      return EXIT_FAILURE;
    }
    throw err;
  }
}
