import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "../env";
import { EXIT_FAILURE, type CliIO } from "./io";

const SOURCE_ROOTS = ["app", "lib", "db", "next.config.ts", "package-lock.json", "proxy.ts", "instrumentation.ts"];

function newestMtime(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** A build is needed when there is none, or when any source file is newer than it. */
export function needsBuild(root = process.cwd()): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCE_ROOTS.some((p) => newestMtime(path.join(root, p)) > built);
}

/**
 * `start`: builds when needed, then serves with `next start` on PORT (3000) and HOSTNAME (all interfaces
 * when unset), and says where the app and its data are.
 */
export async function startCommand(_args: string[], io: CliIO): Promise<number> {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  if (needsBuild()) {
    io.stdout("Building Sourcekeeper (first start, or the code changed)…\n");
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
    if (build.status !== 0) {
      io.stderr("The build failed; see the messages above.\n");
      return EXIT_FAILURE;
    }
  }
  const port = process.env.PORT?.trim() || "3000";
  const host = process.env.HOSTNAME?.trim();
  const shownHost = !host || host === "0.0.0.0" || host === "::" ? "localhost" : host;
  io.stdout(`\nSourcekeeper: open http://${shownHost}:${port}\nData (database and generated secrets): ${dataDir()}\n\n`);
  const child = spawn(process.execPath, [nextBin, "start", "-p", port, ...(host ? ["-H", host] : [])], { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 0)));
}
