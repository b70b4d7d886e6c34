import fs from "node:fs";
import type { ExportVerdict } from "../audit/export-verify";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO } from "./io";

/** Reads a small text file given on the command line; null when it cannot be read. */
export function readTextFile(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** The archive to verify and the `--pubkey` file: a usage exit code when either is unusable. */
export function verifyInputs(file: string, pubkeyFlag: unknown, io: CliIO): { publicKey: string | undefined } | number {
  if (!fs.existsSync(file)) {
    io.stderr(`No such file: ${file}\n`);
    return EXIT_USAGE;
  }
  if (typeof pubkeyFlag !== "string") return { publicKey: undefined };
  const publicKey = readTextFile(pubkeyFlag);
  if (!publicKey) {
    io.stderr(`Cannot read the public key file ${pubkeyFlag}.\n`);
    return EXIT_USAGE;
  }
  return { publicKey };
}

/** Prints a verifier's verdict: exit 0 verified (facts on stdout), 1 with every problem on stderr. */
export function reportVerdict(verdict: ExportVerdict, io: CliIO): number {
  for (const w of verdict.warnings) io.stderr(`Warning: ${w}\n`);
  if (verdict.ok) {
    io.stdout(`Verified.\n${verdict.facts.map((f) => `- ${f}`).join("\n")}\n`);
    return EXIT_OK;
  }
  io.stderr(`NOT VERIFIED.\n${verdict.problems.map((p) => `- ${p}`).join("\n")}\n`);
  return EXIT_FAILURE;
}
