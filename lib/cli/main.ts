/**
 * Command-line entry: `npm run cli -- <command> [...]`.
 * Each command lives in its own module and is imported lazily, so `scan` never opens the database.
 */
import { EXIT_USAGE, processIO, type CliIO } from "./io";

type Command = (args: string[], io: CliIO) => Promise<number>;

const commands: Record<string, { usage: string; load: () => Promise<Command> }> = {
  start: {
    usage: "start                                            build if needed and serve the app",
    load: async () => (await import("./start")).startCommand,
  },
  serve: {
    usage: "serve                                            serve the existing build (no build check)",
    load: async () => (await import("./start")).serveCommand,
  },
  db: {
    usage: "db migrate                                       create or migrate the database under DATA_DIR",
    load: async () => (await import("./db")).dbCommand,
  },
  user: {
    usage: "user create --email E --name N --role R [--desk D]   create a user (password on stdin)",
    load: async () => (await import("./user")).userCommand,
  },
  audit: {
    usage: "audit verify|checkpoint|public-key|rotate-key     audit chain, signed checkpoints, signing key",
    load: async () => (await import("./audit")).auditCommand,
  },
  keys: {
    usage: "keys status|migrate|rotate                       per-interview data keys and the master key that wraps them",
    load: async () => (await import("./keys")).keysCommand,
  },
  consent: {
    usage: "consent expire                                   record consents whose expiry date has passed",
    load: async () => (await import("./consent")).consentCommand,
  },
  export: {
    usage: "export verify FILE.zip [--pubkey KEY.pem]         verify a consent export bundle offline",
    load: async () => (await import("./export")).exportCommand,
  },
  backup: {
    usage: "backup FILE.zip [--with-secrets]                 online backup of the database and uploads (secrets apart)",
    load: async () => (await import("./backup")).backupCommand,
  },
  restore: {
    usage: "restore FILE.zip [--allow-broken-chain]          restore a backup into an empty DATA_DIR, then verify it",
    load: async () => (await import("./backup")).restoreCommand,
  },
  dev: {
    usage: "dev seed-audit --count N [--desks D] [--interviews I] [--force]   FAKE data for development (never on a real newsroom)",
    load: async () => (await import("./dev")).devCommand,
  },
  scan: {
    usage: "scan [--json] [--identifiers IDS.json] FILE|-   scan a UTF-8 text for identifying details",
    load: async () => (await import("./scan")).scanCommand,
  },
};

export function usage(): string {
  const lines = Object.values(commands).map((c) => `  npm run cli -- ${c.usage}`);
  return `Usage:\n${lines.join("\n")}\n`;
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    io.stderr(name ? `Unknown command "${name}".\n${usage()}` : usage());
    return EXIT_USAGE;
  }
  const run = await command.load();
  return run(rest, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
