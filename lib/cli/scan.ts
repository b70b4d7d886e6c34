// Placeholder: the redaction scanner's CLI command is being written in parallel and replaces this file.
import { EXIT_USAGE, type CliIO } from "./io";

export async function scanCommand(_args: string[], io: CliIO): Promise<number> {
  io.stderr("scan is not available yet\n");
  return EXIT_USAGE;
}
