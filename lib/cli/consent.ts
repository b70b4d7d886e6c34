import { systemCtx } from "../context";
import { expireDueConsents } from "../consent/expire-consents";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO } from "./io";

/** `consent expire`: records the expiry of every consent whose agreed expiry date has passed (the server also does it hourly). */
export async function consentCommand(args: string[], io: CliIO): Promise<number> {
  if (args[0] !== "expire" || args.length > 1) {
    io.stderr("Usage: npm run cli -- consent expire\n");
    return EXIT_USAGE;
  }
  const { expired, failed } = expireDueConsents(systemCtx());
  io.stdout(expired === 0 ? "No consent has passed its expiry date.\n" : `Recorded the expiry of ${expired} consent record${expired === 1 ? "" : "s"}.\n`);
  if (failed > 0) {
    io.stderr(`${failed} consent record(s) could not be updated (see above); the next run tries again.\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
