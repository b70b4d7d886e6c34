import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests drive a real browser against `next start` (built by `npm run test:e2e` first).
 * Two servers share the build: one on a brand-new database for the first-run flow, one for everything else.
 * Each run gets fresh data directories; the main process picks them and workers inherit them through env.
 */
process.env.SK_E2E_RUN ??= `${Date.now()}-${process.pid}`;
const runDir = path.join(os.tmpdir(), `sourcekeeper-e2e-${process.env.SK_E2E_RUN}`);
export const MAIN_DATA_DIR = path.join(runDir, "main");
export const FIRST_RUN_DATA_DIR = path.join(runDir, "first-run");
// Test workers seed users straight into the main server's database through the real services.
process.env.DATA_DIR = MAIN_DATA_DIR;

const MAIN_PORT = Number(process.env.E2E_PORT ?? 3100);
const FIRST_RUN_PORT = MAIN_PORT + 1;
const repoRoot = path.resolve(__dirname, "..");
const nextBin = path.join(repoRoot, "node_modules", "next", "dist", "bin", "next");

const chromiumPath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find((p): p is string => !!p && fs.existsSync(p));
const launchOptions = chromiumPath
  ? {
      executablePath: chromiumPath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    }
  : {};

function server(port: number, dataDir: string) {
  return {
    command: `node ${JSON.stringify(nextBin)} start -p ${port} -H 127.0.0.1`,
    cwd: repoRoot,
    url: `http://127.0.0.1:${port}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: { DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) },
  };
}

export default defineConfig({
  testDir: "./e2e",
  outputDir: path.join(runDir, "results"),
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  workers: process.env.CI ? 2 : 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    launchOptions,
    trace: "retain-on-failure",
  },
  projects: [
    { name: "first-run", testMatch: /setup\/.*\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${FIRST_RUN_PORT}` } },
    { name: "main", testIgnore: /setup\/.*\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${MAIN_PORT}` } },
  ],
  webServer: [server(MAIN_PORT, MAIN_DATA_DIR), server(FIRST_RUN_PORT, FIRST_RUN_DATA_DIR)],
});
