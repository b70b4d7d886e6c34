import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli";

/** The real CLI in a child process, as an operator would run it (`npm run cli -- …` is `tsx lib/cli/main.ts …`). */
let dataDir: string;

const cli = (args: string[], stdin = "") => runCli(args, { dataDir, stdin });

function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, "sourcekeeper.db"));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const GOOD_PASSWORD = "violet tractor omelette 42";
const create = (email: string, role = "editor", password = GOOD_PASSWORD, extra: string[] = ["--desk", "Seoul bureau"]) =>
  cli(["user", "create", "--email", email, "--name", "A", "--role", role, ...extra], `${password}\n`);

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sourcekeeper-cli-"));
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("CLI (child process)", () => {
  it("db migrate exits 0 and creates the database under DATA_DIR", async () => {
    const r = await cli(["db", "migrate"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(path.join(dataDir, "sourcekeeper.db"));
    expect(fs.existsSync(path.join(dataDir, "sourcekeeper.db"))).toBe(true);
    const tables = withDb(
      (db) => db.prepare("select name from sqlite_master where type in ('table','trigger')").all() as { name: string }[],
    ).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(["users", "desks", "audit_events", "audit_events_no_update", "audit_events_no_delete"]));
    // Running it again is harmless.
    expect((await cli(["db", "migrate"])).code).toBe(0);
  });

  it("audit verify on an empty log exits 0 with zero entries", async () => {
    const r = await cli(["audit", "verify"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`0 entries, chain intact, head ${"0".repeat(64)}; no signed checkpoint yet\n`);
  });

  it("user create with a good password on stdin exits 0, creating the desk and the audit entries", async () => {
    const r = await create("a@x.org");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Created user [0-9a-f-]{36} \(editor\)\.\n$/);
    expect(r.stdout + r.stderr).not.toContain(GOOD_PASSWORD);
    const state = withDb((db) => ({
      users: db.prepare("select email, name, role, active, must_change_password from users").all(),
      desks: db.prepare("select d.name from desks d join user_desks ud on ud.desk_id = d.id").all(),
      actions: db.prepare("select action, actor_id as actorId from audit_events order by seq").all() as {
        action: string;
        actorId: string;
      }[],
    }));
    expect(state.users).toEqual([{ email: "a@x.org", name: "A", role: "editor", active: 1, must_change_password: 0 }]);
    expect(state.desks).toEqual([{ name: "Seoul bureau" }]);
    expect(state.actions).toEqual([
      { action: "desk.created", actorId: "cli" },
      { action: "user.created", actorId: "cli" },
    ]);
  });

  it("the same e-mail again exits non-zero with a clear message and creates nothing", async () => {
    const before = withDb((db) => db.prepare("select count(*) as n from users").get());
    const r = await create("A@x.org", "journalist");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/already has this e-mail address/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(withDb((db) => db.prepare("select count(*) as n from users").get())).toEqual(before);
  });

  it.each([
    ["too short", "short pw 1"],
    ["common", "Password2024!"],
    ["empty", ""],
  ])("a weak (%s) password exits non-zero mentioning the password", async (_label, password) => {
    const counts = () =>
      withDb((db) =>
        db
          .prepare("select (select count(*) from users) as u, (select count(*) from desks) as d, (select count(*) from audit_events) as a")
          .get(),
      );
    const before = counts();
    const r = await create("weak@x.org", "journalist", password, ["--desk", "Lviv bureau"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/password/i);
    // Nothing is left behind: no user, and no desk created for them as a side effect.
    expect(counts()).toEqual(before);
  });

  it("a bad role exits non-zero naming the allowed roles", async () => {
    const r = await create("role@x.org", "owner", GOOD_PASSWORD, []);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/role/);
    expect(r.stderr).toMatch(/journalist, editor or admin/);
  });

  it("missing or unknown options exit 2 with usage", async () => {
    const unknown = await cli(["user", "create", "--email", "u@x.org", "--nmae", "A", "--role", "editor"], `${GOOD_PASSWORD}\n`);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option --nmae/);
    const noSub = await cli(["user"]);
    expect(noSub.code).toBe(2);
    expect(noSub.stderr).toMatch(/Usage/);
  });

  it("several CLI processes writing at once each chain onto a distinct head (BEGIN IMMEDIATE)", async () => {
    const runs = await Promise.all(
      ["p1@x.org", "p2@x.org", "p3@x.org"].map((email, i) => create(email, "journalist", `quiet lantern mosaic ${i}`)),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const rows = withDb(
      (db) =>
        db.prepare("select seq, prev_hash as prevHash, hash from audit_events order by seq").all() as {
          seq: number;
          prevHash: string;
          hash: string;
        }[],
    );
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length);
    rows.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      if (i > 0) expect(r.prevHash).toBe(rows[i - 1]!.hash);
    });
  });

  it("audit verify prints 'N entries, chain intact, head <hash>' and exits 0", async () => {
    const r = await cli(["audit", "verify"]);
    expect(r.code).toBe(0);
    const head = withDb((db) =>
      db.prepare("select count(*) as n, (select hash from audit_events order by seq desc limit 1) as hash from audit_events").get(),
    ) as { n: number; hash: string };
    expect(head.n).toBeGreaterThanOrEqual(2);
    expect(r.stdout).toMatch(
      /^\d+ entries, chain intact, head [0-9a-f]{64}; (no signed checkpoint yet|\d+ signed checkpoints?, last #\d+ at entry \d+ \(.+\))\n$/,
    );
    expect(r.stdout).toBe(`${head.n} entries, chain intact, head ${head.hash}; no signed checkpoint yet\n`);
  });

  it("after tampering with a payload, audit verify exits 1 naming the entry", async () => {
    withDb((db) => {
      db.exec("drop trigger audit_events_no_update; drop trigger audit_events_no_delete;");
      db.prepare(`update audit_events set payload = '{"fields":["forged"]}' where seq = 1`).run();
    });
    const r = await cli(["audit", "verify"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^chain broken at entry #1: hash mismatch/);
  });

  it("after deleting a middle entry, audit verify exits 1 naming the gap", async () => {
    // The log above is already broken at entry #1; start a fresh chain in a new database.
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir);
    expect((await create("b@x.org")).code).toBe(0);
    expect((await create("c@x.org", "journalist", "quiet lantern mosaic 5")).code).toBe(0);
    withDb((db) => {
      db.exec("drop trigger audit_events_no_delete;");
      db.prepare("delete from audit_events where seq = 2").run();
    });
    const r = await cli(["audit", "verify"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/chain broken at entry #2: gap in seq/);
  });

  it("an unknown command exits 2 with usage; audit with a bad subcommand exits 2", async () => {
    const r = await cli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown command "frobnicate"/);
    expect(r.stderr).toMatch(/Usage:/);
    expect((await cli([])).code).toBe(2);
    expect((await cli(["audit", "verfiy"])).code).toBe(2);
  });
});
