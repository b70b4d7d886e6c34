import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests drive a real browser against the app's own server (`npm run cli -- serve`, built by
 * `npm run test:e2e` first).
 * Three servers share the build: one on a brand-new database for the first-run flow, one for the fuzzing tests
 * (which must be the only writers to their database), one for everything else.
 * Each run gets fresh data directories; the main process picks them and workers inherit them through env.
 */
process.env.SK_E2E_RUN ??= `${Date.now()}-${process.pid}`;
const runDir = path.join(os.tmpdir(), `sourcekeeper-e2e-${process.env.SK_E2E_RUN}`);
export const MAIN_DATA_DIR = path.join(runDir, "main");
export const FIRST_RUN_DATA_DIR = path.join(runDir, "first-run");
/** The fuzzing tests' own server: they check that refused input changes nothing, so nothing else may write there. */
export const FUZZ_DATA_DIR = path.join(runDir, "fuzz");
// Test workers seed users straight into the main server's database through the real services.
process.env.DATA_DIR = MAIN_DATA_DIR;

const MAIN_PORT = Number(process.env.E2E_PORT ?? 3100);
const FIRST_RUN_PORT = MAIN_PORT + 1;
export const FUZZ_PORT = MAIN_PORT + 2;
/** The reliability tests start their own servers (they kill them): ports from here up, one per spec file. */
export const RELIABILITY_PORT = MAIN_PORT + 10;
/** …and data directories under here. */
export const RELIABILITY_DIR = path.join(runDir, "reliability");
const repoRoot = path.resolve(__dirname, "..");
const tsxCli = path.join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");

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
    // What `npm start` runs (lib/server/serve.ts: Next behind the request guard), without its build check.
    command: `node ${JSON.stringify(tsxCli)} lib/cli/main.ts serve`,
    cwd: repoRoot,
    url: `http://127.0.0.1:${port}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: { DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOSTNAME: "127.0.0.1" },
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
    { name: "main", testIgnore: [/setup\/.*\.spec\.ts/, /\.fuzz\.spec\.ts/, /reliability\//], use: { baseURL: `http://127.0.0.1:${MAIN_PORT}` } },
    // Workers serve one project each, so the fuzzing worker can point its seeding at the fuzz server's database.
    // Servers of their own, started, killed and restarted by the tests themselves (one worker: they are heavy).
    { name: "reliability", testMatch: /reliability\/.*\.spec\.ts/, workers: 1 },
    { name: "fuzz", testMatch: /\.fuzz\.spec\.ts/, workers: 1, use: { baseURL: `http://127.0.0.1:${FUZZ_PORT}` } },
  ],
  webServer: [server(MAIN_PORT, MAIN_DATA_DIR), server(FIRST_RUN_PORT, FIRST_RUN_DATA_DIR), server(FUZZ_PORT, FUZZ_DATA_DIR)],
});
