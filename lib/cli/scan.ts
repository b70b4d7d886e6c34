/**
 * `npm run cli -- scan [--json] [--identifiers IDS.json] FILE|-`
 *
 * Scans a UTF-8 text file (or stdin for `-`) for details that could identify a source and prints the findings,
 * as JSON with `--json`: {"findings":[{"start","end","category","severity","match",…}]}.
 * IDS.json registers the source's protected identifiers: {"identifiers":[{"value","category"}]}.
 * Exit 0 whether or not anything was found; exit 2 on bad arguments or an unreadable/invalid file.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { IDENTIFIER_CATEGORIES, scanText, type Finding, type Identifier } from "../redaction";
import { EXIT_OK, EXIT_USAGE, type CliIO } from "./io";

const USAGE = "Usage: npm run cli -- scan [--json] [--identifiers IDS.json] FILE|-\n";

export const identifiersFileSchema = z.object({
  identifiers: z.array(
    z.object({
      value: z.string().trim().min(1, "must not be empty"),
      category: z.enum(IDENTIFIER_CATEGORIES),
    }),
  ),
});

interface ScanArgs {
  json: boolean;
  identifiersPath?: string;
  file: string;
}

class UsageError extends Error {}

function parseArgs(args: readonly string[]): ScanArgs {
  let json = false;
  let identifiersPath: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--identifiers" || arg.startsWith("--identifiers=")) {
      const value = arg === "--identifiers" ? args[++i] : arg.slice("--identifiers=".length);
      if (!value) throw new UsageError("--identifiers needs a file path");
      if (identifiersPath !== undefined) throw new UsageError("--identifiers given twice");
      identifiersPath = value;
    } else if (arg === "-" || !arg.startsWith("-")) files.push(arg);
    else throw new UsageError(`unknown option "${arg}"`);
  }
  if (files.length === 0) throw new UsageError("missing FILE (use - for standard input)");
  if (files.length > 1) throw new UsageError(`expected one FILE, got ${files.length}`);
  return { json, identifiersPath, file: files[0]! };
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (err as Error).message;
    throw new UsageError(`cannot read ${what} "${path}": ${reason}`);
  }
}

async function loadIdentifiers(path: string): Promise<Identifier[]> {
  const raw = await readText(path, "identifiers file");
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    throw new UsageError(`identifiers file "${path}" is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = identifiersFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n");
    throw new UsageError(`identifiers file "${path}" is invalid; expected {"identifiers":[{"value","category"}]}:\n${issues}`);
  }
  return parsed.data.identifiers;
}

function toJson(text: string, findings: readonly Finding[]) {
  return {
    findings: findings.map((f) => ({
      start: f.start,
      end: f.end,
      category: f.category,
      severity: f.severity,
      match: text.slice(f.start, f.end),
      score: f.score,
      recognizer: f.recognizer,
      explanation: f.explanation,
      ...(f.protected ? { protected: true } : {}),
    })),
  };
}

function toListing(text: string, findings: readonly Finding[], source: string): string {
  if (findings.length === 0) return `No identifying details found in ${source}.\n`;
  const lines = findings.map((f) => {
    const match = JSON.stringify(text.slice(f.start, f.end));
    const where = `${f.start}-${f.end}`.padEnd(11);
    return `  ${where} ${f.severity.padEnd(6)} ${f.category.padEnd(11)} ${match}  — ${f.explanation}`;
  });
  return `${findings.length} finding(s) in ${source}:\n${lines.join("\n")}\n`;
}

export async function scanCommand(args: string[], io: CliIO): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  try {
    const options = parseArgs(args);
    const identifiers = options.identifiersPath ? await loadIdentifiers(options.identifiersPath) : [];
    const text = options.file === "-" ? await io.readStdin() : await readText(options.file, "file");
    const findings = scanText(text, { identifiers });
    io.stdout(
      options.json
        ? `${JSON.stringify(toJson(text, findings))}\n`
        : toListing(text, findings, options.file === "-" ? "standard input" : options.file),
    );
    return EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`scan: ${err.message}\n${USAGE}`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
