/** Minimal `--flag value` parser shared by CLI commands. Unknown flags are an error (exit 2). */
export function parseFlags(
  args: string[],
  spec: Record<string, "string" | "boolean">,
): { flags: Record<string, string | boolean>; positional: string[]; error?: string } {
  const flags: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const kind = spec[name];
    if (!kind) return { flags, positional, error: `Unknown option --${name}.` };
    if (kind === "boolean") {
      flags[name] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith("--")) return { flags, positional, error: `Option --${name} needs a value.` };
    flags[name] = value;
  }
  return { flags, positional };
}
