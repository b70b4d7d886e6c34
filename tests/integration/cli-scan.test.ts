/**
 * The scan CLI contract, end to end: the real entry point in a child process.
 *   npm run -s cli -- scan --json [--identifiers IDS.json] FILE|-
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let dir: string;

function cli(args: string[], stdin?: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", "scan", ...args], {
    cwd: repoRoot,
    input: stdin ?? "",
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const TEXT = "Choi Gwang-hyeok (곰돌이), 20, from Musan, Unit 10861. His mother Ri Chun-hwa: +86 186 4320 7715. Kim Jong Un lied.";
const IDS = {
  identifiers: [
    { value: "Choe Kwang-hyok", category: "name" },
    { value: "Gomdori", category: "name" },
  ],
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "scan-cli-"));
  writeFileSync(path.join(dir, "doc.txt"), TEXT);
  writeFileSync(path.join(dir, "ids.json"), JSON.stringify(IDS));
  writeFileSync(path.join(dir, "not-json.json"), "{ identifiers: ");
  writeFileSync(path.join(dir, "bad-shape.json"), JSON.stringify({ identifiers: [{ value: "x", category: "nickname" }] }));
  writeFileSync(path.join(dir, "empty-value.json"), JSON.stringify({ identifiers: [{ value: " ", category: "name" }] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface JsonFinding {
  start: number;
  end: number;
  category: string;
  severity: string;
  match: string;
}

describe("scan CLI", () => {
  it("prints {findings:[{start,end,category,severity,match}]} and exits 0 when findings exist", () => {
    const { code, stdout } = cli(["--json", "--identifiers", path.join(dir, "ids.json"), path.join(dir, "doc.txt")]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { findings: JsonFinding[] };
    expect(Object.keys(out)).toEqual(["findings"]);
    expect(out.findings.length).toBeGreaterThan(0);
    for (const f of out.findings) {
      expect(typeof f.start).toBe("number");
      expect(typeof f.end).toBe("number");
      expect(f.end).toBeGreaterThan(f.start);
      expect(["high", "medium", "low"]).toContain(f.severity);
      expect(typeof f.category).toBe("string");
      expect(f.match).toBe(TEXT.slice(f.start, f.end));
    }
    const matches = out.findings.map((f) => f.match);
    expect(matches).toEqual(
      expect.arrayContaining(["Choi Gwang-hyeok", "곰돌이", "Musan", "Unit 10861", "Ri Chun-hwa", "+86 186 4320 7715"]),
    );
    expect(matches.some((m) => m.includes("Kim Jong Un"))).toBe(false);
    expect(out.findings.find((f) => f.match === "곰돌이")).toMatchObject({ category: "name", severity: "high" });
  });

  it("reads standard input for -", () => {
    const { code, stdout } = cli(["--json", "-"], TEXT);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { findings: JsonFinding[] };
    expect(out.findings.map((f) => f.match)).toContain("Musan");
  });

  it("exits 0 with an empty list when nothing is found", () => {
    const { code, stdout } = cli(["--json", "-"], "Nothing to see here.");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ findings: [] });
  });

  it("prints a human-readable listing without --json", () => {
    const { code, stdout } = cli([path.join(dir, "doc.txt")]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/finding\(s\) in/);
    expect(stdout).toContain('"Musan"');
  });

  it.each([
    ["an unknown flag", ["--jsonn", "-"], /unknown option "--jsonn"/],
    ["a missing FILE", ["--json"], /missing FILE/],
    ["two FILEs", ["a.txt", "b.txt"], /expected one FILE/],
    ["--identifiers without a path", ["--json", "--identifiers"], /needs a file path/],
  ])("exits 2 on %s", (_label, args, message) => {
    const { code, stderr, stdout } = cli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });

  it("exits 2 when the file does not exist", () => {
    const { code, stderr } = cli(["--json", path.join(dir, "missing.txt")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read file .*missing\.txt.*no such file/);
  });

  it.each([
    ["unreadable", "nope.json", /cannot read identifiers file/],
    ["not JSON", "not-json.json", /not valid JSON/],
    ["an unknown category", "bad-shape.json", /identifiers\.0\.category/],
    ["an empty value", "empty-value.json", /identifiers\.0\.value: must not be empty/],
  ])("exits 2 when IDS.json is %s", (_label, file, message) => {
    const { code, stderr } = cli(["--json", "--identifiers", path.join(dir, file), path.join(dir, "doc.txt")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it("works through npm run -s cli exactly as documented", () => {
    const result = spawnSync("npm", ["run", "-s", "cli", "--", "scan", "--json", "-"], {
      cwd: repoRoot,
      input: "Hyesan, +850 192 334 0821",
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as { findings: JsonFinding[] };
    expect(out.findings.map((f) => f.category)).toEqual(["place", "phone"]);
  });
});
