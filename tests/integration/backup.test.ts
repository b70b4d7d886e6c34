import { spawn } from "node:child_process";
import { runCli } from "../support/cli";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { unzipSync, Zip, ZipPassThrough, zipSync, type Zippable } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb } from "@/db/client";
import { signCheckpointNow } from "@/lib/audit/checkpoints";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { BackupError, createBackup } from "@/lib/backup/backup";
import { restoreBackup } from "@/lib/backup/restore";
import { attachUpload } from "@/lib/consent/attach-upload";
import { readConsentUpload } from "@/lib/consent/read-upload";
import { recordConsent } from "@/lib/consent/record-consent";
import { seedAudit } from "@/lib/dev/seed-audit";
import { attachImage, readImage } from "@/lib/review/images";
import { consentInput, HOUR, plainJpeg } from "../support/consent-fixtures";
import { interviewInput, seedInterview, seedNewsroom } from "../support/seed";
import { dropAuditTriggers, registerTestDb, sqlite } from "../support/test-db";

const ROOT = path.resolve(__dirname, "../..");
const data = registerTestDb("each");
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const temps: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sourcekeeper-backup-test-"));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn` with DATA_DIR (and so the shared connection and the secrets) pointing at `dir`. */
function inDataDir<T>(dir: string, fn: () => T): T {
  const previous = process.env.DATA_DIR;
  closeDb();
  process.env.DATA_DIR = dir;
  try {
    return fn();
  } finally {
    closeDb();
    process.env.DATA_DIR = previous;
  }
}

/** Row counts of every table and the audit head, read straight from a database file. */
function describeFile(file: string): { tables: Record<string, number>; head: { seq: number; hash: string } } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = (
      db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]
    ).map((r) => r.name);
    const tables = Object.fromEntries(names.map((n) => [n, (db.prepare(`select count(*) as c from "${n}"`).get() as { c: number }).c]));
    const head = db.prepare("select seq, hash from audit_events order by seq desc limit 1").get() as { seq: number; hash: string };
    return { tables, head };
  } finally {
    db.close();
  }
}

const liveHead = () =>
  sqlite().prepare("select seq, hash from audit_events order by seq desc limit 1").get() as { seq: number; hash: string };
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
const entriesOf = (file: string) => unzipSync(fs.readFileSync(file));

/** A newsroom with one interview, a consent record with a signature scan, an image and a signed checkpoint. */
async function seedWithUploads() {
  const n = await seedNewsroom();
  const jo = n.ctxs.jo;
  const birch = seedInterview(jo, interviewInput(n.kyiv));
  n.clock.advance(HOUR);
  const { recordId } = recordConsent({ ctx: jo, input: consentInput(birch, n.clock.now()) });
  const { uploadId } = await attachUpload({ ctx: jo, interviewId: birch, recordId, bytes: await plainJpeg(64, 48) });
  const { imageId } = await attachImage({
    ctx: jo,
    interviewId: birch,
    caption: "The fence of the camp at dawn",
    bytes: await plainJpeg(96, 64),
  });
  expect(signCheckpointNow(n.clock.now())).not.toBeNull();
  return { n, jo, uploadId, imageId };
}

async function expectRefused(run: Promise<unknown>, pattern: RegExp): Promise<BackupError> {
  const err = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BackupError);
  expect((err as BackupError).message).toMatch(pattern);
  return err as BackupError;
}

describe("backup and restore: a round trip", () => {
  it("restores into an empty DATA_DIR byte for byte, with a verified chain and readable uploads once the secrets are back", async () => {
    const { jo, uploadId, imageId } = await seedWithUploads();
    const live = describeFile(path.join(data.dir, "sourcekeeper.db"));
    const out = path.join(tempDir(), "sourcekeeper.zip");

    const backup = await createBackup({ dataDir: data.dir, out, includeSecrets: false });
    expect(modeOf(out)).toBe(0o600);
    expect(fs.readdirSync(path.dirname(out))).toEqual(["sourcekeeper.zip"]); // no .partial, no snapshot left behind
    expect(Object.keys(entriesOf(out)).sort()).toEqual(
      ["manifest.json", "sourcekeeper.db", `uploads/${imageId}`, `uploads/${uploadId}`].sort(),
    );
    expect(backup.manifest.database.auditHead).toEqual(live.head);
    expect(backup.manifest.database.tables).toEqual(live.tables);
    expect(backup.manifest.uploads).toEqual({ count: 2, missing: [] });
    expect(backup.manifest.secrets.included).toEqual([]);
    expect(backup.manifest.secrets.dataKeyFingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(backup.manifest.appVersion).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
    expect(backup.warnings.join("\n")).toMatch(/does NOT contain the instance secrets/);
    expect(backup.warnings.join("\n")).toContain(path.join(data.dir, "secrets.json"));

    const target = path.join(tempDir(), "restored"); // absent: created
    const restored = await restoreBackup({ file: out, dataDir: target });
    expect(restored.verdict).toMatchObject({ intact: true, headSeq: live.head.seq, headHash: live.head.hash, checkpoints: 1 });
    expect(restored.secrets).toBe("missing");
    expect(restored.warnings.join("\n")).toMatch(/cannot be read until secrets\.json is put back/);
    expect(fs.readdirSync(target).sort()).toEqual(["sourcekeeper.db", "uploads"]); // no staging folder left
    expect(modeOf(path.join(target, "sourcekeeper.db"))).toBe(0o600);
    expect(describeFile(path.join(target, "sourcekeeper.db"))).toEqual(live);
    for (const id of [uploadId, imageId]) {
      const copy = path.join(target, "uploads", id);
      expect(fs.readFileSync(copy).equals(fs.readFileSync(path.join(data.dir, "uploads", id)))).toBe(true);
      expect(modeOf(copy)).toBe(0o600);
    }
    console.log(
      `[backup test] backup ${backup.totalMs.toFixed(0)} ms (snapshot ${backup.snapshotMs.toFixed(0)} ms, ${backup.bytes} bytes), restore ${restored.ms.toFixed(0)} ms`,
    );

    // Put the secrets back, as the README says, and read through the services from the restored folder.
    fs.copyFileSync(path.join(data.dir, "secrets.json"), path.join(target, "secrets.json"));
    const upload = sqlite().prepare("select sha256 from consent_uploads where id = ?").get(uploadId) as { sha256: string };
    const image = sqlite().prepare("select sha256 from interview_images where id = ?").get(imageId) as { sha256: string };
    inDataDir(target, () => {
      const u = readConsentUpload({ ctx: jo, uploadId });
      expect(sha256(u.bytes)).toBe(upload.sha256);
      const i = readImage({ ctx: jo, imageId });
      expect(sha256(i.bytes)).toBe(image.sha256);
      // The two downloads were audited in the restored log, which still verifies.
      expect(verifyStoredChain()).toMatchObject({ intact: true, headSeq: live.head.seq + 2 });
    });
  });

  it("--with-secrets puts secrets.json in the archive and back (0600); a different secrets.json already there is refused", async () => {
    await seedWithUploads();
    const out = path.join(tempDir(), "with-secrets.zip");
    const backup = await createBackup({ dataDir: data.dir, out, includeSecrets: true });
    expect(backup.manifest.secrets.included).toEqual(["secrets.json"]);
    expect(backup.warnings.join("\n")).toMatch(/CONTAINS secrets\.json: whoever holds it can decrypt everything/);
    const secrets = fs.readFileSync(path.join(data.dir, "secrets.json"));
    expect(Buffer.from(entriesOf(out)["secrets.json"]!).equals(secrets)).toBe(true);

    const target = tempDir(); // exists and is empty
    const restored = await restoreBackup({ file: out, dataDir: target });
    expect(restored.secrets).toBe("restored");
    expect(restored.warnings).toEqual([]);
    expect(fs.readFileSync(path.join(target, "secrets.json")).equals(secrets)).toBe(true);
    expect(modeOf(path.join(target, "secrets.json"))).toBe(0o600);

    // The same secrets.json already in place is fine; a different one is refused and nothing is written.
    const same = tempDir();
    fs.writeFileSync(path.join(same, "secrets.json"), secrets, { mode: 0o600 });
    expect((await restoreBackup({ file: out, dataDir: same })).secrets).toBe("restored");
    const other = tempDir();
    fs.writeFileSync(path.join(other, "secrets.json"), JSON.stringify({ dataKey: Buffer.alloc(32, 7).toString("base64") }));
    await expectRefused(restoreBackup({ file: out, dataDir: other }), /differs from the secrets\.json in the archive/);
    expect(fs.readdirSync(other)).toEqual(["secrets.json"]);
  });

  it("a secrets.json put back first is used, and a wrong data key is reported", async () => {
    await seedWithUploads();
    const out = path.join(tempDir(), "b.zip");
    await createBackup({ dataDir: data.dir, out, includeSecrets: false });
    const right = tempDir();
    fs.copyFileSync(path.join(data.dir, "secrets.json"), path.join(right, "secrets.json"));
    const ok = await restoreBackup({ file: out, dataDir: right });
    expect([ok.secrets, ok.warnings]).toEqual(["present", []]);

    const wrong = tempDir();
    fs.writeFileSync(path.join(wrong, "secrets.json"), JSON.stringify({ dataKey: Buffer.alloc(32, 7).toString("base64") }));
    const r = await restoreBackup({ file: out, dataDir: wrong });
    expect(r.secrets).toBe("present");
    expect(r.warnings.join("\n")).toMatch(/is NOT the one this backup was made with/);
  });

  it("never overwrites: an existing FILE, or FILE.partial of another run, is refused", async () => {
    await seedWithUploads();
    const dir = tempDir();
    const out = path.join(dir, "b.zip");
    fs.writeFileSync(out, "precious");
    await expectRefused(createBackup({ dataDir: data.dir, out, includeSecrets: false }), /already exists: a backup never overwrites/);
    expect(fs.readFileSync(out, "utf8")).toBe("precious");
    const out2 = path.join(dir, "c.zip");
    fs.writeFileSync(`${out2}.partial`, "another run");
    await expectRefused(createBackup({ dataDir: data.dir, out: out2, includeSecrets: false }), /another backup to this name is running/);
    expect(fs.readdirSync(dir).sort()).toEqual(["b.zip", "c.zip.partial"]);
  });
});

describe("backup: uploads", () => {
  it("an upload the database refers to but DATA_DIR lacks: retried, then written and reported as incomplete; stray files left out", async () => {
    const { uploadId, imageId } = await seedWithUploads();
    fs.rmSync(path.join(data.dir, "uploads", uploadId));
    fs.writeFileSync(path.join(data.dir, "uploads", "notes.txt"), "not an upload");
    const out = path.join(tempDir(), "b.zip");
    const backup = await createBackup({ dataDir: data.dir, out, includeSecrets: false });
    expect(backup.attempts).toBe(3);
    expect(backup.manifest.uploads).toEqual({ count: 1, missing: [uploadId] });
    expect(Object.keys(entriesOf(out)).sort()).toEqual(["manifest.json", "sourcekeeper.db", `uploads/${imageId}`]);
    expect(backup.warnings.join("\n")).toContain(
      `1 upload the database refers to is missing from ${path.join(data.dir, "uploads")} (listed in the manifest): ${uploadId}`,
    );
    expect(backup.warnings.join("\n")).toContain("Left out 1 entry of uploads/ that is not an upload file: notes.txt");
    const r = await restoreBackup({ file: out, dataDir: tempDir() });
    expect(r.verdict.intact).toBe(true);
    expect(r.warnings.join("\n")).toContain(
      `1 upload the database refers to is not in the archive (missing when the backup was made): ${uploadId}`,
    );
  });
});

describe("backup while the app writes", () => {
  it("takes a consistent snapshot while another process keeps committing audited changes", async () => {
    await seedAudit({ count: 30_000, desks: 1, interviews: 1 }); // ~20 MB: copying and zipping it takes a while
    const admin = sqlite().prepare("select id from users where role = 'admin'").get() as { id: string };
    const baseline = liveHead();
    const stop = path.join(tempDir(), "stop");
    // A second PROCESS, like the running server: it creates desks (each one transaction with its audit entry).
    const script = `
      const fs = await import("node:fs");
      const mod = await import(${JSON.stringify(path.join(ROOT, "lib/desks/create-desk.ts"))});
      const createDesk = mod.createDesk ?? mod.default.createDesk; // the project compiles as CommonJS
      const ctx = { actor: { id: process.env.SK_ADMIN, role: "admin", deskIds: [] }, ip: "writer", now: () => Date.now() };
      const until = Date.now() + 30000;
      let i = 0;
      while (!fs.existsSync(process.env.SK_STOP) && Date.now() < until) createDesk({ ctx, input: { name: "Writer desk " + i++ } });
      console.log(i);`;
    const writer = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: data.dir, SK_ADMIN: admin.id, SK_STOP: stop },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    writer.stdout.on("data", (c: Buffer) => (output += c.toString()));
    writer.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => writer.on("close", resolve));
    try {
      const deadline = Date.now() + 20_000;
      while (liveHead().seq < baseline.seq + 50) {
        if (Date.now() > deadline || writer.exitCode !== null) throw new Error(`the writer did not start: ${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const before = liveHead().seq;
      const out = path.join(tempDir(), "online.zip");
      const backup = await createBackup({ dataDir: data.dir, out, includeSecrets: false });
      const after = liveHead().seq;
      fs.writeFileSync(stop, "");
      expect(await exited).toBe(0);

      // The writer kept committing during the backup, and the snapshot is one state in between.
      expect(after).toBeGreaterThan(before);
      const head = backup.manifest.database.auditHead;
      expect(head.seq).toBeGreaterThanOrEqual(before);
      expect(head.seq).toBeLessThanOrEqual(after);
      expect(liveHead().seq).toBeGreaterThan(head.seq);
      expect((sqlite().prepare("select hash from audit_events where seq = ?").get(head.seq) as { hash: string }).hash).toBe(head.hash);

      const target = path.join(tempDir(), "restored");
      const restored = await restoreBackup({ file: out, dataDir: target });
      expect(restored.verdict).toMatchObject({ intact: true, headSeq: head.seq, headHash: head.hash });
      // Every desk in the snapshot has its audit entry and every entry its desk: no half-written transaction.
      const db = new Database(path.join(target, "sourcekeeper.db"), { readonly: true });
      const desks = (db.prepare("select count(*) as n from desks where name like 'Writer desk %'").get() as { n: number }).n;
      const entries = (
        db.prepare("select count(*) as n from audit_events where action = 'desk.created' and seq > ?").get(baseline.seq) as { n: number }
      ).n;
      db.close();
      expect(desks).toBeGreaterThan(0);
      expect(entries).toBe(desks);
      expect(verifyStoredChain()).toMatchObject({ intact: true }); // the live log after the writer stopped
      console.log(
        `[backup test] online: ${(fs.statSync(path.join(target, "sourcekeeper.db")).size / 1024 / 1024).toFixed(1)} MB database, snapshot ${backup.snapshotMs.toFixed(0)} ms, backup ${backup.totalMs.toFixed(0)} ms, ${after - before} entries committed by the writer during it, restore ${restored.ms.toFixed(0)} ms`,
      );
    } finally {
      fs.writeFileSync(stop, "");
      if (writer.exitCode === null) await exited;
    }
  }, 60_000);
});

describe("restore refuses", () => {
  async function archive(): Promise<{ out: string; entries: Record<string, Uint8Array>; uploadId: string }> {
    const { uploadId } = await seedWithUploads();
    const out = path.join(tempDir(), "b.zip");
    await createBackup({ dataDir: data.dir, out, includeSecrets: false });
    return { out, entries: entriesOf(out), uploadId };
  }
  const rezip = (entries: Zippable) => {
    const file = path.join(tempDir(), "altered.zip");
    fs.writeFileSync(file, zipSync(entries));
    return file;
  };
  const flip = (bytes: Uint8Array, at: number) => {
    const copy = Uint8Array.from(bytes);
    copy[at] = copy[at]! ^ 0xff;
    return copy;
  };

  it("a DATA_DIR that is not empty, naming what is there, and touches nothing", async () => {
    const { out } = await archive();
    for (const name of ["sourcekeeper.db", "uploads", "notes.txt"]) {
      const target = tempDir();
      if (name === "uploads") fs.mkdirSync(path.join(target, name));
      else fs.writeFileSync(path.join(target, name), "x");
      await expectRefused(restoreBackup({ file: out, dataDir: target }), new RegExp(`not empty\\. It holds ${name}\\..*stop the app`));
      expect(fs.readdirSync(target)).toEqual([name]);
    }
    await expectRefused(restoreBackup({ file: out, dataDir: data.dir }), /not empty/);
  });

  it("a byte flipped in an upload or in the database: the hash does not match the manifest, nothing restored", async () => {
    const { entries, uploadId } = await archive();
    for (const name of [`uploads/${uploadId}`, "sourcekeeper.db"]) {
      const file = rezip({ ...entries, [name]: flip(entries[name]!, 100) });
      const target = tempDir();
      const err = await expectRefused(restoreBackup({ file, dataDir: target }), /does not match its manifest/);
      expect(err.problems).toEqual([`${name}: SHA-256 does not match the manifest (the file was altered or damaged)`]);
      expect(fs.readdirSync(target)).toEqual([]);
    }
  });

  /** An archive holding `name` twice (zipSync cannot: its input is an object). */
  function withDuplicate(entries: Record<string, Uint8Array>, name: string): string {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((err, chunk) => {
      if (err) throw err;
      chunks.push(chunk);
    });
    for (const [n, bytes] of [...Object.entries(entries), [name, entries[name]!] as const]) {
      const file = new ZipPassThrough(n);
      zip.add(file);
      file.push(bytes, true);
    }
    zip.end();
    const out = path.join(tempDir(), "duplicate.zip");
    fs.writeFileSync(out, Buffer.concat(chunks));
    return out;
  }

  it("a file that occurs twice (a reader could open the other copy)", async () => {
    const { entries, uploadId } = await archive();
    const target = tempDir();
    const err = await expectRefused(
      restoreBackup({ file: withDuplicate(entries, `uploads/${uploadId}`), dataDir: target }),
      /not a valid backup/,
    );
    expect(err.problems).toEqual([`"uploads/${uploadId}" occurs more than once`]);
    expect(fs.readdirSync(target)).toEqual([]);
  });

  it("missing and extra files, and a manifest that is not one", async () => {
    const { entries, uploadId } = await archive();
    const cases: [Zippable, RegExp][] = [
      [
        Object.fromEntries(Object.entries(entries).filter(([n]) => n !== `uploads/${uploadId}`)),
        /listed in the manifest but missing from the archive/,
      ],
      [{ ...entries, [`uploads/${"a".repeat(36)}`]: new Uint8Array([1]) }, /is in the archive but not in the manifest/],
      [{ ...entries, "notes.txt": new Uint8Array([1]) }, /unexpected file "notes\.txt"/],
      [Object.fromEntries(Object.entries(entries).filter(([n]) => n !== "manifest.json")), /manifest\.json is missing/],
      [{ ...entries, "manifest.json": new TextEncoder().encode('{"format":"other"}') }, /not a Sourcekeeper backup manifest/],
    ];
    for (const [zippable, pattern] of cases) {
      const target = tempDir();
      const err = await expectRefused(restoreBackup({ file: rezip(zippable), dataDir: target }), /Refusing to restore/);
      expect(err.problems.join("\n")).toMatch(pattern);
      expect(fs.readdirSync(target)).toEqual([]);
    }
  });

  it("names that climb out of the folder (../), and writes nothing outside", async () => {
    const { entries } = await archive();
    const base = tempDir();
    const target = path.join(base, "data");
    const file = rezip({ ...entries, "../escaped.txt": new TextEncoder().encode("x"), "uploads/../../escaped2.txt": new Uint8Array([1]) });
    expect(Object.keys(unzipSync(fs.readFileSync(file)))).toEqual(expect.arrayContaining(["../escaped.txt"]));
    const err = await expectRefused(restoreBackup({ file, dataDir: target }), /not a valid backup/);
    expect(err.problems).toEqual(expect.arrayContaining(['unsafe file name "../escaped.txt" (path traversal)']));
    expect(err.problems.some((p) => p.includes("escaped2.txt") && p.includes("path traversal"))).toBe(true);
    expect(fs.readdirSync(base)).toEqual([]); // nothing escaped, and the DATA_DIR it created is gone again
  });

  it("an archive whose audit chain does not verify, unless --allow-broken-chain", async () => {
    await seedWithUploads();
    dropAuditTriggers();
    sqlite().prepare("update audit_events set payload = '{\"forged\":true}' where seq = 3").run();
    const out = path.join(tempDir(), "broken.zip");
    await createBackup({ dataDir: data.dir, out, includeSecrets: false });
    const target = tempDir();
    await expectRefused(restoreBackup({ file: out, dataDir: target }), /does NOT verify: chain broken at entry #3: hash mismatch/);
    expect(fs.readdirSync(target)).toEqual([]);
    const r = await restoreBackup({ file: out, dataDir: target, allowBrokenChain: true });
    expect(r.verdict).toMatchObject({ intact: false, brokenSeq: 3 });
    expect(fs.existsSync(path.join(target, "sourcekeeper.db"))).toBe(true);
  });

  it("a file that is not a ZIP archive", async () => {
    const file = path.join(tempDir(), "not.zip");
    fs.writeFileSync(file, "hello");
    await expectRefused(restoreBackup({ file, dataDir: tempDir() }), /not a ZIP archive/);
  });
});

describe("CLI (child process through lib/cli/main.ts)", () => {
  const cli = (args: string[], dataDir: string) => runCli(args, { dataDir });

  it("backup and restore exit 0, 1 when refused, 2 on misuse", async () => {
    await seedWithUploads();
    closeDb();
    const dir = tempDir();
    const out = path.join(dir, "cli.zip");
    const target = path.join(dir, "restored");

    const usage = await cli(["backup"], data.dir);
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringContaining("npm run cli -- backup FILE.zip [--with-secrets]")]);
    expect((await cli(["backup", out, "--bogus"], data.dir)).code).toBe(2);

    const ok = await cli(["backup", out], data.dir);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Backup written: .*cli\.zip .*mode 0600/);
    expect(ok.stderr).toMatch(/Warning: This archive does NOT contain the instance secrets/);
    // The backup is audited in the live log: which archive, whether the keys went with it.
    const archiveSha256 = createHash("sha256").update(fs.readFileSync(out)).digest("hex");
    const lastEntry = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare("select action, actor_id as actorId, payload from audit_events order by seq desc limit 1").get() as {
          action: string;
          actorId: string | null;
          payload: string;
        };
      } finally {
        db.close();
      }
    };
    const backedUp = lastEntry(path.join(data.dir, "sourcekeeper.db"));
    expect([backedUp.action, backedUp.actorId]).toEqual(["instance.backed_up", null]);
    expect(JSON.parse(backedUp.payload)).toMatchObject({ archiveSha256, withSecrets: false, uploads: 2 });
    const again = await cli(["backup", out], data.dir);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining("already exists")]);

    const restored = await cli(["restore", out], target);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/Audit chain: \d+ entries, chain intact, head [0-9a-f]{64}; 1 signed checkpoint\./);
    expect(restored.stderr).toMatch(/secrets\.json is put back/);
    // Without the keys, the restore is not written into the restored log (writing would generate new keys).
    expect(lastEntry(path.join(target, "sourcekeeper.db")).action).not.toBe("instance.restored");
    expect(fs.existsSync(path.join(target, "secrets.json"))).toBe(false);

    // With the keys back in place, the restore is recorded in the restored log and the chain still verifies.
    const target2 = path.join(dir, "restored-with-keys");
    fs.mkdirSync(target2);
    fs.copyFileSync(path.join(data.dir, "secrets.json"), path.join(target2, "secrets.json"));
    expect((await cli(["restore", out], target2)).code).toBe(0);
    const restoredEntry = lastEntry(path.join(target2, "sourcekeeper.db"));
    expect([restoredEntry.action, restoredEntry.actorId]).toEqual(["instance.restored", null]);
    expect(JSON.parse(restoredEntry.payload)).toMatchObject({ archiveSha256, uploads: 2 });
    expect((await cli(["audit", "verify"], target2)).code).toBe(0);
    const refused = await cli(["restore", out], target);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining("is not empty")]);
    expect((await cli(["restore", path.join(dir, "missing.zip")], target)).code).toBe(2);
  }, 60_000);
});
