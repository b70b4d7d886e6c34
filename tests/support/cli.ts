import { spawn } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run cli -- …` as a child process (tsx, the repository as working directory) on a data directory. */
export function runCli(args: string[], options: { dataDir: string; stdin?: string }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/main.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: options.dataDir, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}
