import { systemCtx } from "../context";
import { expireDueConsents } from "../consent/expire-consents";
import { EXIT_OK, EXIT_USAGE, type CliIO } from "./io";

/** `consent expire`: records the expiry of every consent whose agreed expiry date has passed (the server also does it hourly). */
export async function consentCommand(args: string[], io: CliIO): Promise<number> {
  if (args[0] !== "expire" || args.length > 1) {
    io.stderr("Usage: npm run cli -- consent expire\n");
    return EXIT_USAGE;
  }
  const { expired } = expireDueConsents(systemCtx());
  io.stdout(expired === 0 ? "No consent has passed its expiry date.\n" : `Recorded the expiry of ${expired} consent record${expired === 1 ? "" : "s"}.\n`);
  return EXIT_OK;
}
