import { spawnSync } from "node:child_process";
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

/** `start`: builds when needed (none yet, or a source file is newer than it), then serves like `serve`. */
export async function startCommand(args: string[], io: CliIO): Promise<number> {
  if (needsBuild()) {
    io.stdout("Building Sourcekeeper (first start, or the code changed)…\n");
    const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) {
      io.stderr("The build failed; see the messages above.\n");
      return EXIT_FAILURE;
    }
  }
  return serveCommand(args, io);
}

/**
 * `serve`: serves the existing build (lib/server/serve.ts: Next behind the request guard) on PORT (3000) and HOSTNAME
 * (all interfaces when unset), and says where the app and its data are. The end-to-end tests run this.
 */
export async function serveCommand(_args: string[], io: CliIO): Promise<number> {
  const port = process.env.PORT?.trim() || "3000";
  const host = process.env.HOSTNAME?.trim();
  const shownHost = !host || host === "0.0.0.0" || host === "::" ? "localhost" : host;
  io.stdout(`\nSourcekeeper: open http://${shownHost}:${port}\nData (database and generated secrets): ${dataDir()}\n\n`);
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  // Next reads NODE_ENV when it loads the build; a production server must say so before anything imports React.
  (process.env as Record<string, string>).NODE_ENV = "production";
  const { serve } = await import("../server/serve");
  let server: Awaited<ReturnType<typeof serve>>;
  try {
    server = await serve({ port: Number(port), hostname: host || undefined });
  } catch (err) {
    io.stderr(`Could not start the server on port ${port}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_FAILURE;
  }
  io.stdout(`Ready on port ${port}.\n`);
  return new Promise((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.close(() => resolve(0)));
  });
}
