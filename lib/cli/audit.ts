import { verifyStoredChain } from "../audit/verify-stored-chain";
import { describeVerdict } from "../audit/verify-chain";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO } from "./io";

/** `audit verify`: recomputes the whole chain; exit 0 when intact, 1 naming the first broken entry. */
export async function auditCommand(args: string[], io: CliIO): Promise<number> {
  if (args[0] !== "verify" || args.length > 1) {
    io.stderr("Usage: npm run cli -- audit verify\n");
    return EXIT_USAGE;
  }
  const verdict = verifyStoredChain();
  const line = describeVerdict(verdict);
  if (verdict.intact) {
    io.stdout(`${line}\n`);
    return EXIT_OK;
  }
  io.stderr(`${line}\n`);
  return EXIT_FAILURE;
}
