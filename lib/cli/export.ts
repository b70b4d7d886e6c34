import { verifyConsentExport } from "../exports/verify-bundle";
import { parseFlags } from "./args";
import { EXIT_USAGE, type CliIO } from "./io";
import { reportVerdict, verifyInputs } from "./verdict";

const USAGE = `Usage:
  npm run cli -- export verify FILE.zip [--pubkey KEY.pem]
      verify a consent export bundle offline, without the database: signature, key history, every file's
      SHA-256, the JSON records against their schema and fingerprints, and the record counts
`;

/** `export verify FILE [--pubkey KEY]`: exit 0 verified, 1 naming the file that fails, 2 on misuse. */
export async function exportCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  const { flags, positional, error } = parseFlags(rest, { pubkey: "string" });
  if (sub !== "verify" || error || positional.length !== 1) {
    io.stderr(error ? `${error}\n${USAGE}` : USAGE);
    return EXIT_USAGE;
  }
  const inputs = verifyInputs(positional[0]!, flags.pubkey, io);
  if (typeof inputs === "number") return inputs;
  return reportVerdict(await verifyConsentExport(positional[0]!, inputs), io);
}
