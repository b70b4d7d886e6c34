import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { appendAuditEvent } from "@/lib/audit/append";
import {
  fingerprintOf,
  keyIdOf,
  publicKeyPem,
  signCheckpoint,
  signRotation,
  verifyKeyChain,
  type Checkpoint,
} from "@/lib/audit/checkpoint-format";
import { checkpointIfStale, instanceKey, latestCheckpoint, listCheckpoints, listKeys, writeCheckpoint } from "@/lib/audit/checkpoints";
import { rotateSigningKey } from "@/lib/audit/rotate-key";
import { verifyChain } from "@/lib/audit/verify-chain";
import { quickVerify, startFullVerification, verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { auditCommand } from "@/lib/cli/audit";
import { ValidationError } from "@/lib/errors";
import { runMaintenance } from "@/lib/maintenance";
import { pendingSecretsFile } from "@/lib/secrets";
import { readSetting, readSettings, updateSettings } from "@/lib/settings/settings";
import { withTransaction } from "@/db/transaction";
import { failure } from "../support/assertions";
import {
  addEntries,
  appendRawEntries,
  DAY,
  dropCheckpointTriggers,
  fakeIO,
  finishVerification,
  headSeq,
  insertCheckpointRow,
  newPrivateKeyPem,
  readSecretsText,
  replaceSecretsFile,
  rewriteChainFrom,
  secretsWithKey,
  seedAuditLog,
  setCheckpointInterval,
  signatureValid,
} from "../support/audit-fixtures";
import { makeCtx, T0 } from "../support/seed";
import { auditRows, dropAuditTriggers, registerTestDb, sqlite } from "../support/test-db";

// A fresh database per test: most tests tamper, rotate keys or replace secrets.json.
registerTestDb("each");

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

// seedAuditLog() writes 4 entries (instance.setup, desk.created, user.created, and settings.updated setting the
// interval to 10), so with addEntries the checkpoints fall on seq 10, 20, 30, …
const SEED_ENTRIES = 4;

const hashAt = (seq: number) => (sqlite().prepare("select hash from audit_events where seq = ?").get(seq) as { hash: string }).hash;
const keyRows = () => sqlite().prepare("select key_id as keyId, retired_at as retiredAt from audit_keys order by rowid").all();
const checkpointNow = (now: number) => withTransaction((tx) => writeCheckpoint(tx, now));
const deskCount = () => (sqlite().prepare("select count(*) as n from desks").get() as { n: number }).n;

/** Forges the next checkpoint at the current head, chained to the last one, signed with `privateKey`. */
function forgeNext(privateKey: string, keyId: string): Checkpoint {
  const last = latestCheckpoint();
  const seq = headSeq();
  return signCheckpoint(privateKey, {
    number: (last?.number ?? 0) + 1,
    seq,
    count: seq,
    headHash: hashAt(seq),
    time: T0 + DAY,
    keyId,
    prevSignature: last?.signature ?? "",
  });
}

/** After a rotation, the state a crash between the commit and the replacement of secrets.json leaves. */
function simulateInterruptedRotation(oldSecrets: string, newSecrets: string): void {
  replaceSecretsFile(oldSecrets);
  fs.writeFileSync(pendingSecretsFile(), newSecrets, { mode: 0o600 });
}

describe("checkpoints every N entries", () => {
  it("a checkpoint is written by the service call whose entry makes it due, at seq 10, 20, 30 for an interval of 10", async () => {
    const { ctx, clock } = await seedAuditLog();
    expect(readSetting("audit_checkpoint_interval")).toBe(10);
    expect(headSeq()).toBe(SEED_ENTRIES);
    expect(listCheckpoints()).toEqual([]);
    for (let i = 0; i < 31; i++) {
      clock.advance(60_000);
      addEntries(ctx, 1);
      const head = headSeq();
      const last = latestCheckpoint();
      if (head % 10 === 0) {
        // Signed in the same call: the head right after the service returned, with the entry's own time.
        expect(last).toMatchObject({ number: head / 10, seq: head, count: head, headHash: hashAt(head), time: clock.now() });
      } else {
        expect(last?.seq ?? 0).toBe(Math.floor(head / 10) * 10);
      }
    }
    expect(headSeq()).toBe(35);
    expect(listCheckpoints().map((c) => c.seq)).toEqual([10, 20, 30]);
  });

  it("a checkpoint that cannot be written rolls back the entry and the change it records (one transaction)", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 10 - SEED_ENTRIES - 1);
    expect(headSeq()).toBe(9);
    const desks = deskCount();
    sqlite().exec(
      "CREATE TRIGGER test_refuse_checkpoint BEFORE INSERT ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoint refused'); END;",
    );
    expect(() => addEntries(ctx, 1)).toThrow(/checkpoint refused/);
    expect(headSeq()).toBe(9);
    expect(deskCount()).toBe(desks);
    expect(listKeys()).toEqual([]);
    sqlite().exec("DROP TRIGGER test_refuse_checkpoint");
    addEntries(ctx, 1);
    expect(deskCount()).toBe(desks + 1);
    expect(listCheckpoints().map((c) => c.seq)).toEqual([10]);
  });

  it("a rolled-back transaction leaves no checkpoint and no key", async () => {
    const { ctx } = await seedAuditLog();
    const seen: (Checkpoint | null)[] = [];
    expect(() =>
      withTransaction((tx) => {
        for (let i = 0; i < 8; i++)
          appendAuditEvent(tx, ctx, { action: "desk.created", targetId: randomUUID(), payload: { fields: ["name"] } });
        seen.push(latestCheckpoint(tx));
        throw new Error("abort");
      }),
    ).toThrow("abort");
    expect(seen[0]).toMatchObject({ number: 1, seq: 10 }); // it was written inside the transaction…
    expect(listCheckpoints()).toEqual([]); // …and rolled back with it
    expect(listKeys()).toEqual([]);
    expect(headSeq()).toBe(SEED_ENTRIES);
    addEntries(ctx, 6);
    expect(listCheckpoints().map((c) => [c.number, c.seq])).toEqual([[1, 10]]);
    expect(verifyStoredChain().intact).toBe(true);
  });

  it("the interval is the setting: default 1,000, at least 10, and a change applies from the next entry", async () => {
    const { ctx, admin } = await seedAuditLog({ interval: null });
    expect(readSetting("audit_checkpoint_interval")).toBe(1000);
    addEntries(ctx, 22);
    expect(listCheckpoints()).toEqual([]);
    for (const bad of [9, 0, 100_001, 12.5, "often"]) {
      const err = failure(
        () => updateSettings({ ctx: admin.ctx, input: { ...readSettings(), audit_checkpoint_interval: bad } }),
        ValidationError,
      );
      expect(err.fieldErrors.audit_checkpoint_interval).toEqual(expect.any(String));
    }
    expect(headSeq()).toBe(25);
    // 26 entries since nothing was signed: the settings entry itself is signed at once.
    setCheckpointInterval(ctx, 10);
    expect(listCheckpoints().map((c) => c.seq)).toEqual([26]);
    addEntries(ctx, 10);
    expect(listCheckpoints().map((c) => c.seq)).toEqual([26, 36]);
    setCheckpointInterval(ctx, 15); // entry 37
    addEntries(ctx, 13); // 38..50
    expect(latestCheckpoint()!.seq).toBe(36);
    addEntries(ctx, 1); // 51 = 36 + 15
    expect(listCheckpoints().map((c) => c.seq)).toEqual([26, 36, 51]);
  });

  it("checkpoints chain: numbered from 1, each carries the previous signature, all signed by the recorded instance key", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 31);
    const checkpoints = listCheckpoints();
    const key = instanceKey();
    expect(checkpoints.map((c) => c.number)).toEqual([1, 2, 3]);
    expect(checkpoints.map((c) => c.prevSignature)).toEqual(["", checkpoints[0]!.signature, checkpoints[1]!.signature]);
    for (const c of checkpoints) {
      expect(c.keyId).toBe(key.keyId);
      expect(signatureValid(key.publicKey, c)).toBe(true);
    }
    // The first signing recorded the instance key as the trust anchor.
    expect(key.keyId).toBe(keyIdOf(key.publicKey));
    expect(listKeys()).toEqual([
      { keyId: key.keyId, publicKey: key.publicKey, createdAt: checkpoints[0]!.time, previousKeyId: null, rotationSignature: null },
    ]);
    expect(keyRows()).toEqual([{ keyId: key.keyId, retiredAt: null }]);
  });

  it("verifyStoredChain is intact with checkpoints and reports how many and the last", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 31);
    expect(verifyStoredChain()).toEqual({
      intact: true,
      entries: 35,
      headSeq: 35,
      headHash: hashAt(35),
      checkpoints: 3,
      lastCheckpoint: latestCheckpoint(),
    });
  });
});

describe("tampering that only the checkpoints reveal", () => {
  it("deleting the last entries after a checkpoint is detected: the log was cut short", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 18);
    expect(listCheckpoints().map((c) => c.seq)).toEqual([10, 20]);
    dropAuditTriggers();
    sqlite().exec("delete from audit_events where seq > 17");
    // The hash chain alone cannot tell.
    expect(verifyChain(auditRows())).toMatchObject({ intact: true, entries: 17 });
    expect(verifyStoredChain()).toMatchObject({
      intact: false,
      entries: 17,
      brokenSeq: 20,
      problem: "checkpoint_invalid",
      detail: "checkpoint #2: Entry 20, which it signed, is missing: the log was cut short.",
      checkpoints: 2,
    });
  });

  it("a consistent rewrite of the chain is detected by the checkpoint's head hash", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 18);
    dropAuditTriggers();
    rewriteChainFrom(6, (row) => ({ ...row, occurredAt: row.occurredAt - 3_600_000 }));
    expect(verifyChain(auditRows())).toMatchObject({ intact: true, entries: 22 }); // the hash chain alone is intact
    expect(verifyStoredChain()).toMatchObject({
      intact: false,
      brokenSeq: 10,
      problem: "checkpoint_invalid",
      detail: "checkpoint #1: Entry 10 is not the entry it signed: the log was rewritten.",
    });
  });

  it("a rewrite between two checkpoints is detected by the later one", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 18);
    dropAuditTriggers();
    rewriteChainFrom(15, (row) => ({ ...row, payload: '{"fields":[]}' }));
    expect(verifyChain(auditRows()).intact).toBe(true);
    expect(verifyStoredChain()).toMatchObject({
      intact: false,
      brokenSeq: 20,
      detail: expect.stringMatching(/^checkpoint #2: .*rewritten/),
    });
  });

  it("a forged checkpoint row with a bad signature is detected", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 21);
    // Appending is allowed by the triggers: no need to drop them.
    insertCheckpointRow(forgeNext(newPrivateKeyPem(), instanceKey().keyId));
    expect(verifyStoredChain()).toMatchObject({
      intact: false,
      brokenSeq: 25,
      problem: "checkpoint_invalid",
      detail: "checkpoint #3: Its signature is not valid.",
      checkpoints: 3,
    });
  });

  it("a forged checkpoint signed by an unrecorded key, or by a key slipped into audit_keys, is detected", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 21);
    const forger = newPrivateKeyPem();
    const forgerPublic = publicKeyPem(forger);
    const forgerId = keyIdOf(forgerPublic);
    insertCheckpointRow(forgeNext(forger, forgerId));
    expect(verifyStoredChain()).toMatchObject({ intact: false, detail: `checkpoint #3: It is signed with an unknown key ${forgerId}.` });
    // Recording the forger's key as a second anchor, or as a rotation the instance key never signed, does not help.
    sqlite()
      .prepare("insert into audit_keys (key_id, public_key, created_at, previous_key_id, rotation_signature) values (?, ?, ?, ?, ?)")
      .run(forgerId, forgerPublic, T0 + DAY, null, null);
    expect(verifyStoredChain()).toMatchObject({
      intact: false,
      problem: "checkpoint_invalid",
      detail: `Key ${forgerId} was not introduced by the key before it.`,
    });
  });

  it("a key slipped into audit_keys with a rotation statement the instance key did not sign is detected", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 21);
    const anchor = instanceKey();
    const forger = newPrivateKeyPem();
    const record = {
      previousKeyId: anchor.keyId,
      keyId: keyIdOf(publicKeyPem(forger)),
      publicKey: publicKeyPem(forger),
      createdAt: T0 + DAY,
    };
    const selfSigned = signRotation(forger, record); // signed by the new key itself, not by the instance key
    sqlite()
      .prepare("insert into audit_keys (key_id, public_key, created_at, previous_key_id, rotation_signature) values (?, ?, ?, ?, ?)")
      .run(record.keyId, record.publicKey, record.createdAt, record.previousKeyId, selfSigned);
    insertCheckpointRow(forgeNext(forger, record.keyId));
    expect(verifyStoredChain()).toMatchObject({
      intact: false,
      detail: `The rotation to key ${record.keyId} is not signed by key ${anchor.keyId}.`,
    });
  });

  // Regression (found in review, fixed): verifyStoredChain checks the whole list, but verifyCheckpoints accepts a list that does
  // not start at #1 (it allows that for export ranges), so checkpoints deleted from the start go unnoticed.
  it("deleting the first checkpoint is detected", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 28);
    dropCheckpointTriggers();
    sqlite().exec("delete from audit_checkpoints where number = 1");
    expect(verifyStoredChain()).toMatchObject({ intact: false, problem: "checkpoint_invalid" });
  });
});

describe("checkpointIfStale (daily maintenance)", () => {
  it("signs only when the last checkpoint is a day old (or missing) and the head moved", async () => {
    const { ctx, clock } = await seedAuditLog({ interval: null });
    const t = clock.now();
    const stale = (now: number) => withTransaction((tx) => checkpointIfStale(tx, now));
    expect(stale(t)).toMatchObject({ number: 1, seq: 3, time: t }); // none yet: signs the head
    expect(stale(t + 2 * DAY)).toBeNull(); // a day old, but the head did not move
    addEntries(ctx, 2);
    expect(stale(t + DAY - 1)).toBeNull(); // the head moved, but the checkpoint is less than a day old
    expect(listCheckpoints()).toHaveLength(1);
    expect(stale(t + DAY)).toMatchObject({ number: 2, seq: 5, time: t + DAY, headHash: hashAt(5) });
    expect(stale(t + 3 * DAY)).toBeNull();
    expect(listCheckpoints().map((c) => c.seq)).toEqual([3, 5]);
    expect(verifyStoredChain()).toMatchObject({ intact: true, checkpoints: 2 });
  });

  it("an empty log is not signed", () => {
    expect(withTransaction((tx) => checkpointIfStale(tx, T0))).toBeNull();
    expect(listKeys()).toEqual([]);
  });

  it("runs from the hourly maintenance on the real clock", async () => {
    const start = Date.UTC(2029, 5, 1);
    const { ctx } = await seedAuditLog({ interval: null, start });
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    vi.useFakeTimers({ toFake: ["Date"], now: start + 2 * DAY });
    runMaintenance();
    expect(latestCheckpoint()).toMatchObject({ number: 1, seq: 3, time: start + 2 * DAY });
    expect(log).toHaveBeenCalledWith("[sourcekeeper] Signed audit checkpoint #1 at entry 3.");
    addEntries(ctx, 1);
    runMaintenance();
    expect(listCheckpoints()).toHaveLength(1);
    vi.setSystemTime(start + 3 * DAY);
    runMaintenance();
    expect(listCheckpoints().map((c) => c.seq)).toEqual([3, 4]);
  });
});

describe("rotateSigningKey", () => {
  it("records the new key signed by the old one, retires the old one, audits the change and replaces secrets.json", async () => {
    const { ctx, clock } = await seedAuditLog();
    addEntries(ctx, 23);
    expect(listCheckpoints().map((c) => c.seq)).toEqual([10, 20]);
    const old = instanceKey();
    const before = JSON.parse(readSecretsText()) as Record<string, string>;
    clock.advance(DAY);
    const at = clock.now();

    const { fromKeyId, toKeyId } = rotateSigningKey(makeCtx(null, { now: clock.now }));

    const next = instanceKey();
    expect(fromKeyId).toBe(old.keyId);
    expect(toKeyId).toBe(next.keyId);
    expect(toKeyId).not.toBe(fromKeyId);
    expect(toKeyId).toMatch(/^[0-9a-f]{32}$/);

    // Key rows: the old one retired at the rotation, the new one introduced by a statement the old key signed.
    const keys = listKeys();
    expect(keys).toEqual([
      { keyId: old.keyId, publicKey: old.publicKey, createdAt: T0, previousKeyId: null, rotationSignature: null },
      { keyId: next.keyId, publicKey: next.publicKey, createdAt: at, previousKeyId: old.keyId, rotationSignature: expect.any(String) },
    ]);
    expect(keyRows()).toEqual([
      { keyId: old.keyId, retiredAt: at },
      { keyId: next.keyId, retiredAt: null },
    ]);
    expect(verifyKeyChain(keys).ok).toBe(true);
    expect(verifyKeyChain(keys, old.publicKey).ok).toBe(true);
    expect(verifyKeyChain(keys, next.publicKey).ok).toBe(true);

    // The audited entry names both keys.
    const entry = auditRows().at(-1)!;
    expect(entry).toMatchObject({
      seq: 28,
      action: "audit.key_rotated",
      targetType: "audit",
      targetId: null,
      actorId: null,
      occurredAt: at,
    });
    expect(JSON.parse(entry.payload)).toEqual({ fromKeyId: old.keyId, toKeyId: next.keyId, rotationSignature: keys[1]!.rotationSignature });

    // The old key's last checkpoint at the head before the rotation, the new key's first at the rotation entry.
    const checkpoints = listCheckpoints();
    expect(checkpoints.map((c) => [c.number, c.seq, c.keyId])).toEqual([
      [1, 10, old.keyId],
      [2, 20, old.keyId],
      [3, 27, old.keyId],
      [4, 28, next.keyId],
    ]);
    for (const c of checkpoints.slice(0, 3)) expect(signatureValid(old.publicKey, c)).toBe(true);
    expect(signatureValid(next.publicKey, checkpoints[3]!)).toBe(true);
    expect(signatureValid(old.publicKey, checkpoints[3]!)).toBe(false);
    expect(checkpoints[3]!.prevSignature).toBe(checkpoints[2]!.signature);

    // secrets.json holds the new key and the other secrets unchanged; nothing is left pending.
    const after = JSON.parse(readSecretsText()) as Record<string, string>;
    expect(keyIdOf(publicKeyPem(after.auditSigningKey!))).toBe(next.keyId);
    expect({ ...after, auditSigningKey: "" }).toEqual({ ...before, auditSigningKey: "" });
    expect(fs.existsSync(pendingSecretsFile())).toBe(false);

    expect(verifyStoredChain()).toMatchObject({ intact: true, entries: 28, checkpoints: 4 });

    // Later checkpoints are signed with the new key.
    addEntries(ctx, 10);
    expect(latestCheckpoint()).toMatchObject({ number: 5, seq: 38, keyId: next.keyId });
    expect(verifyStoredChain()).toMatchObject({ intact: true, checkpoints: 5 });
  });

  it("on an instance that never signed: the old key becomes the anchor in the same transaction", async () => {
    const { clock } = await seedAuditLog({ interval: null });
    const old = instanceKey();
    const { toKeyId } = rotateSigningKey(makeCtx(null, { now: clock.now }));
    expect(listKeys().map((k) => [k.keyId, k.previousKeyId])).toEqual([
      [old.keyId, null],
      [toKeyId, old.keyId],
    ]);
    expect(listCheckpoints().map((c) => [c.seq, c.keyId])).toEqual([
      [3, old.keyId],
      [4, toKeyId],
    ]);
    expect(verifyStoredChain()).toMatchObject({ intact: true, entries: 4, checkpoints: 2 });
  });

  it("on an empty log: the old key is recorded as the anchor, the rotation is the first entry", () => {
    const old = instanceKey();
    const { toKeyId } = rotateSigningKey(makeCtx(null));
    expect(listKeys().map((k) => [k.keyId, k.previousKeyId])).toEqual([
      [old.keyId, null],
      [toKeyId, old.keyId],
    ]);
    expect(auditRows().map((r) => r.action)).toEqual(["audit.key_rotated"]);
    expect(listCheckpoints().map((c) => [c.seq, c.keyId])).toEqual([[1, toKeyId]]);
    expect(verifyStoredChain()).toMatchObject({ intact: true, checkpoints: 1 });
  });

  it("is refused when the key comes from SOURCEKEEPER_AUDIT_SIGNING_KEY, changing nothing", async () => {
    const { ctx, clock } = await seedAuditLog();
    addEntries(ctx, 8);
    instanceKey(); // secrets.json exists
    const before = { secrets: readSecretsText(), keys: listKeys(), checkpoints: listCheckpoints(), rows: auditRows() };
    const saved = process.env.SOURCEKEEPER_AUDIT_SIGNING_KEY;
    process.env.SOURCEKEEPER_AUDIT_SIGNING_KEY = newPrivateKeyPem();
    try {
      expect(() => rotateSigningKey(makeCtx(null, { now: clock.now }))).toThrow(/SOURCEKEEPER_AUDIT_SIGNING_KEY/);
    } finally {
      if (saved === undefined) delete process.env.SOURCEKEEPER_AUDIT_SIGNING_KEY;
      else process.env.SOURCEKEEPER_AUDIT_SIGNING_KEY = saved;
    }
    expect({ secrets: readSecretsText(), keys: listKeys(), checkpoints: listCheckpoints(), rows: auditRows() }).toEqual(before);
    expect(fs.existsSync(pendingSecretsFile())).toBe(false);
  });

  it("recovery: a rotation committed but not yet in secrets.json is finished by the next signing", async () => {
    const { ctx, clock } = await seedAuditLog();
    addEntries(ctx, 8);
    const oldSecrets = readSecretsText();
    const old = instanceKey();
    const { toKeyId } = rotateSigningKey(makeCtx(null, { now: clock.now }));
    const newSecrets = readSecretsText();
    simulateInterruptedRotation(oldSecrets, newSecrets);
    expect(instanceKey().keyId).toBe(old.keyId);

    addEntries(ctx, 1); // not due: nothing is signed yet
    const checkpoint = checkpointNow(clock.now());

    expect(checkpoint).toMatchObject({ seq: headSeq(), keyId: toKeyId });
    expect(readSecretsText()).toBe(newSecrets);
    expect(fs.existsSync(pendingSecretsFile())).toBe(false);
    expect(instanceKey().keyId).toBe(toKeyId);
    expect(verifyStoredChain()).toMatchObject({ intact: true, checkpoints: 4 });
  });

  it("recovery also happens when a service call makes a checkpoint due", async () => {
    const { ctx, clock } = await seedAuditLog();
    addEntries(ctx, 8);
    const oldSecrets = readSecretsText();
    const { toKeyId } = rotateSigningKey(makeCtx(null, { now: clock.now }));
    simulateInterruptedRotation(oldSecrets, readSecretsText());
    addEntries(ctx, 10);
    expect(latestCheckpoint()).toMatchObject({ seq: 23, keyId: toKeyId });
    expect(instanceKey().keyId).toBe(toKeyId);
    expect(verifyStoredChain().intact).toBe(true);
  });

  it("a key in secrets.json never introduced by a rotation: writeCheckpoint throws and nothing is written", async () => {
    const { ctx, clock } = await seedAuditLog();
    addEntries(ctx, 8);
    replaceSecretsFile(secretsWithKey(readSecretsText(), newPrivateKeyPem()));
    addEntries(ctx, 1); // not due
    const before = { secrets: readSecretsText(), keys: listKeys(), checkpoints: listCheckpoints(), rows: auditRows() };
    expect(() => checkpointNow(clock.now())).toThrow(/not introduced by `npm run cli -- audit rotate-key`/);
    expect({ secrets: readSecretsText(), keys: listKeys(), checkpoints: listCheckpoints(), rows: auditRows() }).toEqual(before);
    // Nor can it be used to rotate.
    expect(() => rotateSigningKey(makeCtx(null, { now: clock.now }))).toThrow();
    expect({ secrets: readSecretsText(), keys: listKeys(), checkpoints: listCheckpoints(), rows: auditRows() }).toEqual(before);
    expect(fs.existsSync(pendingSecretsFile())).toBe(false);
  });

  // Regression (found in review, fixed): the refusal above says to set the new key in SOURCEKEEPER_AUDIT_SIGNING_KEY instead, but
  // activeKey() then refuses that key, and since checkpointIfDue runs inside appendAuditEvent, every audited
  // service call fails from the next due checkpoint on.
  it("a key replaced in SOURCEKEEPER_AUDIT_SIGNING_KEY, as the refusal advises, does not stop audited services", async () => {
    const saved = process.env.SOURCEKEEPER_AUDIT_SIGNING_KEY;
    process.env.SOURCEKEEPER_AUDIT_SIGNING_KEY = newPrivateKeyPem();
    try {
      const { ctx } = await seedAuditLog();
      addEntries(ctx, 8);
      expect(listKeys()).toHaveLength(1);
      process.env.SOURCEKEEPER_AUDIT_SIGNING_KEY = newPrivateKeyPem();
      replaceSecretsFile(readSecretsText()); // a restart: lib/secrets reads the environment again
      expect(instanceKey().keyId).not.toBe(listKeys()[0]!.keyId);
      expect(() => addEntries(ctx, 10)).not.toThrow();
    } finally {
      if (saved === undefined) delete process.env.SOURCEKEEPER_AUDIT_SIGNING_KEY;
      else process.env.SOURCEKEEPER_AUDIT_SIGNING_KEY = saved;
    }
  });

  // Regression (found in review, fixed): rotate-key run while a previous rotation is unfinished overwrites secrets.json.next,
  // the only copy of the recorded active private key, then deletes it: the instance can never sign again.
  it("rotate-key during an unfinished rotation does not lose the recorded active key", async () => {
    const { ctx, clock } = await seedAuditLog();
    addEntries(ctx, 8);
    const oldSecrets = readSecretsText();
    rotateSigningKey(makeCtx(null, { now: clock.now }));
    simulateInterruptedRotation(oldSecrets, readSecretsText());
    clock.advance(DAY);
    try {
      rotateSigningKey(makeCtx(null, { now: clock.now })); // may finish the pending rotation first, or refuse
    } catch {
      // a refusal is fine, as long as the pending key survives
    }
    addEntries(ctx, 1);
    expect(() => checkpointNow(clock.now())).not.toThrow();
    expect(verifyStoredChain().intact).toBe(true);
  });

  // Regression (found in review, fixed): rotateSigningKey writes `{ ...getSecrets() }`, which includes secrets taken from the
  // environment, into secrets.json (lib/secrets.ts has storedSecrets() for exactly this).
  it("does not copy secrets taken from the environment into secrets.json", async () => {
    const saved = process.env.AUTH_SECRET;
    process.env.AUTH_SECRET = "env-only-auth-secret-do-not-store-0123456789";
    try {
      const { ctx, clock } = await seedAuditLog();
      addEntries(ctx, 8);
      instanceKey();
      const before = JSON.parse(readSecretsText()) as Record<string, string>;
      expect(before.authSecret).not.toBe(process.env.AUTH_SECRET);
      rotateSigningKey(makeCtx(null, { now: clock.now }));
      const after = JSON.parse(readSecretsText()) as Record<string, string>;
      expect(after.authSecret).toBe(before.authSecret);
      expect(readSecretsText()).not.toContain("env-only-auth-secret");
    } finally {
      if (saved === undefined) delete process.env.AUTH_SECRET;
      else process.env.AUTH_SECRET = saved;
    }
  });

  // Regression (found in review, fixed): listKeys orders keys by created_at, so a rotation dated before the first key (a clock
  // stepped back; or the CLI's real clock after entries on a later clock) puts the keys out of order for good.
  it("the key history follows the rotations, not the clock", async () => {
    const { ctx, clock } = await seedAuditLog();
    addEntries(ctx, 8);
    const old = instanceKey();
    const { toKeyId } = rotateSigningKey(makeCtx(null, { now: () => clock.now() - 60_000 }));
    expect(listKeys().map((k) => k.keyId)).toEqual([old.keyId, toKeyId]);
    expect(verifyStoredChain().intact).toBe(true);
  });
});

describe("the triggers keep checkpoints and keys append-only", () => {
  async function rotated() {
    const { ctx, clock } = await seedAuditLog();
    addEntries(ctx, 16);
    const old = instanceKey();
    clock.advance(DAY);
    const { toKeyId } = rotateSigningKey(makeCtx(null, { now: clock.now }));
    return { old: old.keyId, next: toKeyId };
  }
  const state = () => ({
    checkpoints: sqlite().prepare("select * from audit_checkpoints order by number").all(),
    keys: sqlite().prepare("select * from audit_keys order by rowid").all(),
  });

  it.each(["number", "seq", "head_hash", "created_at", "key_id", "prev_signature", "signature"])(
    "refuses an UPDATE of audit_checkpoints.%s",
    async (column) => {
      await rotated();
      const before = state();
      const value = column === "number" || column === "seq" || column === "created_at" ? "99" : "'x'";
      expect(() => sqlite().prepare(`update audit_checkpoints set ${column} = ${value} where number = 1`).run()).toThrow(/append-only/);
      expect(state()).toEqual(before);
    },
  );

  it("refuses DELETE and INSERT OR REPLACE on audit_checkpoints", async () => {
    await rotated();
    const before = state();
    expect(() =>
      sqlite().prepare("delete from audit_checkpoints where number = (select max(number) from audit_checkpoints)").run(),
    ).toThrow(/append-only/);
    expect(() => sqlite().prepare("delete from audit_checkpoints").run()).toThrow(/append-only/);
    expect(() =>
      sqlite()
        .prepare(
          "insert or replace into audit_checkpoints select number, seq, head_hash, created_at, key_id, prev_signature, 'forged' from audit_checkpoints where number = 1",
        )
        .run(),
    ).toThrow(/append-only/);
    expect(state()).toEqual(before);
  });

  it("refuses deleting a key, changing a key, and retiring a key twice or un-retiring it", async () => {
    const { old, next } = await rotated();
    const before = state();
    expect(() => sqlite().prepare("delete from audit_keys where key_id = ?").run(old)).toThrow(/never deleted/);
    for (const [column, value] of [
      ["key_id", "'x'"],
      ["public_key", "'x'"],
      ["created_at", "1"],
      ["previous_key_id", "null"],
      ["rotation_signature", "'x'"],
    ]) {
      expect(() => sqlite().prepare(`update audit_keys set ${column} = ${value} where key_id = ?`).run(next)).toThrow(/cannot change/);
    }
    expect(() => sqlite().prepare("update audit_keys set retired_at = 1 where key_id = ?").run(old)).toThrow(/retired once/);
    expect(() => sqlite().prepare("update audit_keys set retired_at = null where key_id = ?").run(old)).toThrow(/retired once/);
    expect(state()).toEqual(before);
    // Retiring the active key once is what a rotation does (rolled back here).
    sqlite().exec("BEGIN");
    try {
      expect(sqlite().prepare("update audit_keys set retired_at = 1 where key_id = ?").run(next).changes).toBe(1);
    } finally {
      sqlite().exec("ROLLBACK");
    }
    expect(state()).toEqual(before);
    expect(verifyStoredChain().intact).toBe(true);
  });
});

describe("npm run cli -- audit", () => {
  it('`audit verify` prints "chain intact" with the checkpoint summary and exits 0', async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 18);
    const cli = fakeIO();
    expect(await auditCommand(["verify"], cli.io)).toBe(0);
    expect(cli.stdout()).toBe(
      `22 entries, chain intact, head ${hashAt(22)}; 2 signed checkpoints, last #2 at entry 20 (2030-01-15T09:00:00.000Z)\n`,
    );
    expect(cli.stderr()).toBe("");
  });

  it("`audit verify` says when nothing is signed yet", async () => {
    await seedAuditLog({ interval: null });
    const cli = fakeIO();
    expect(await auditCommand(["verify"], cli.io)).toBe(0);
    expect(cli.stdout()).toBe(`3 entries, chain intact, head ${hashAt(3)}; no signed checkpoint yet\n`);
  });

  it("`audit verify` exits 1 naming the problem after tampering with an entry, a checkpoint or the end of the log", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 18);
    dropAuditTriggers();

    sqlite().exec("BEGIN");
    sqlite().exec(`update audit_events set payload = '{"fields":[]}' where seq = 5`);
    let cli = fakeIO();
    expect(await auditCommand(["verify"], cli.io)).toBe(1);
    expect(cli.stderr()).toMatch(/^chain broken at entry #5: hash mismatch/);
    expect(cli.stdout()).toBe("");
    sqlite().exec("ROLLBACK");

    sqlite().exec("BEGIN");
    sqlite().exec("delete from audit_events where seq > 18");
    cli = fakeIO();
    expect(await auditCommand(["verify"], cli.io)).toBe(1);
    expect(cli.stderr()).toMatch(/^chain broken at entry #20: checkpoint invalid \(checkpoint #2: .*cut short\.\)/);
    sqlite().exec("ROLLBACK");

    addEntries(ctx, 1);
    insertCheckpointRow(forgeNext(newPrivateKeyPem(), instanceKey().keyId));
    cli = fakeIO();
    expect(await auditCommand(["verify"], cli.io)).toBe(1);
    expect(cli.stderr()).toMatch(/checkpoint #3: Its signature is not valid/);
  });

  it("`audit checkpoint` signs the head now, once", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 3);
    vi.useFakeTimers({ toFake: ["Date"], now: T0 + DAY });
    let cli = fakeIO();
    expect(await auditCommand(["checkpoint"], cli.io)).toBe(0);
    const c = latestCheckpoint()!;
    expect(c).toMatchObject({ number: 1, seq: 7, time: T0 + DAY, keyId: instanceKey().keyId });
    expect(signatureValid(instanceKey().publicKey, c)).toBe(true);
    // The confirmation, then the checkpoint as JSON to keep outside Sourcekeeper.
    const copy = `Keep a copy outside Sourcekeeper (for --trusted-checkpoint):\n${JSON.stringify(c)}\n`;
    expect(cli.stdout()).toBe(`Signed checkpoint #1 at entry 7, head ${hashAt(7)}\n${copy}`);
    expect(JSON.parse(cli.stdout().trim().split("\n").at(-1)!)).toEqual(c);
    cli = fakeIO();
    expect(await auditCommand(["checkpoint"], cli.io)).toBe(0);
    expect(cli.stdout()).toBe(`The head is already checkpointed.\n${copy}`);
    expect(listCheckpoints()).toHaveLength(1);
  });

  it("`audit public-key` prints the PEM and its fingerprint", async () => {
    await seedAuditLog();
    const cli = fakeIO();
    expect(await auditCommand(["public-key"], cli.io)).toBe(0);
    const out = cli.stdout();
    const pem = out.slice(0, out.indexOf("-----END PUBLIC KEY-----") + "-----END PUBLIC KEY-----".length);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const fingerprint = /\nFingerprint: ((?:[0-9a-f]{4} ){7}[0-9a-f]{4})\n$/.exec(out)?.[1];
    expect(fingerprint).toBeDefined();
    expect(fingerprint).toBe(fingerprintOf(keyIdOf(pem)));
    expect(pem).toBe(instanceKey().publicKey.trim());
    expect(fingerprint!.replaceAll(" ", "")).toBe(instanceKey().keyId);
  });

  it("`audit rotate-key` replaces the key and verify still passes", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 8);
    const old = instanceKey().keyId;
    vi.useFakeTimers({ toFake: ["Date"], now: T0 + DAY });
    const cli = fakeIO();
    expect(await auditCommand(["rotate-key"], cli.io)).toBe(0);
    const next = instanceKey().keyId;
    expect(cli.stdout()).toBe(
      `Signing key replaced: ${fingerprintOf(old)} → ${fingerprintOf(next)}. The old key signed the new one; the change is in the audit log.\n`,
    );
    const verify = fakeIO();
    expect(await auditCommand(["verify"], verify.io)).toBe(0);
    expect(verify.stdout()).toMatch(
      /, chain intact, head [0-9a-f]{64}; 3 signed checkpoints, last #3 at entry 13 \(2030-01-16T09:00:00\.000Z\)\n$/,
    );
  });

  it.each([
    { args: [] as string[] },
    { args: ["verify", "--all"] },
    { args: ["bogus"] },
    { args: ["rotate-key", "now"] },
    { args: ["checkpoint", "x"] },
  ])("wrong usage $args exits 2 and changes nothing", async ({ args }) => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 8);
    const before = { keys: listKeys(), checkpoints: listCheckpoints(), rows: auditRows() };
    const cli = fakeIO();
    expect(await auditCommand(args, cli.io)).toBe(2);
    expect(cli.stderr()).toMatch(/^Usage:/);
    expect(cli.stdout()).toBe("");
    expect({ keys: listKeys(), checkpoints: listCheckpoints(), rows: auditRows() }).toEqual(before);
  });
});

describe("background full verification", () => {
  it("finishes with the same result as verifyStoredChain on an intact log, progress reaching the total", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 18);
    const started = startFullVerification(() => 1234);
    expect(started).toMatchObject({ running: true, done: 0, total: 22, startedAt: 1234, finishedAt: null, result: null });
    expect(startFullVerification(() => 9999)).toBe(started); // a second start while one runs does nothing
    const { status } = await finishVerification();
    expect(status).toEqual({ running: false, done: 22, total: 22, startedAt: 1234, finishedAt: 1234, result: verifyStoredChain() });
    expect(status.result).toMatchObject({ intact: true, checkpoints: 2 });
  });

  it("finishes with the same result as verifyStoredChain on a tampered log", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 18);
    dropAuditTriggers();
    sqlite().exec(`update audit_events set payload = '{"fields":[]}' where seq = 15`);
    startFullVerification();
    const { status } = await finishVerification();
    expect(status.result).toEqual(verifyStoredChain());
    expect(status.result).toMatchObject({ intact: false, brokenSeq: 15, entries: 14, problem: "hash_mismatch" });
    expect(status).toMatchObject({ running: false, done: 14, total: 22 });
  });

  it("finishes with the same result as verifyStoredChain when only a checkpoint shows the tampering", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 18);
    dropAuditTriggers();
    rewriteChainFrom(6, (row) => ({ ...row, payload: '{"fields":[]}' }));
    startFullVerification();
    const { status } = await finishVerification();
    expect(status.result).toEqual(verifyStoredChain());
    expect(status.result).toMatchObject({ intact: false, problem: "checkpoint_invalid", brokenSeq: 10 });
  });

  it("works in chunks of 20,000 entries, yielding in between, with checkpoints on both sides of a chunk boundary", async () => {
    await seedAuditLog();
    // Exactly one full chunk: the second chunk is empty.
    appendRawEntries(20_000 - SEED_ENTRIES - 6, T0);
    checkpointNow(T0); // #1 at 19,994
    appendRawEntries(6, T0);
    checkpointNow(T0); // #2 at 20,000
    startFullVerification();
    let run = await finishVerification();
    expect(run.status).toMatchObject({ done: 20_000, total: 20_000 });
    expect(run.status.result).toEqual({
      intact: true,
      entries: 20_000,
      headSeq: 20_000,
      headHash: hashAt(20_000),
      checkpoints: 2,
      lastCheckpoint: latestCheckpoint(),
    });

    appendRawEntries(5, T0);
    checkpointNow(T0); // #3 at 20,005, in the second chunk
    startFullVerification();
    run = await finishVerification();
    expect(run.seen).toContainEqual({ running: true, done: 20_000 }); // progress between the chunks
    expect(run.status).toMatchObject({ done: 20_005, total: 20_005 });
    expect(run.status.result).toEqual(verifyStoredChain());
    expect(run.status.result).toMatchObject({ intact: true, headSeq: 20_005, checkpoints: 3 });

    dropAuditTriggers();
    sqlite().exec(`update audit_events set payload = '{"fields":[]}' where seq = 20003`);
    startFullVerification();
    run = await finishVerification();
    expect(run.status.result).toEqual(verifyStoredChain());
    expect(run.status.result).toMatchObject({ intact: false, brokenSeq: 20_003, entries: 20_002 });
  });
});

describe("quickVerify", () => {
  it("starts from the genesis when nothing is signed", async () => {
    await seedAuditLog({ interval: null });
    expect(quickVerify()).toEqual({
      intact: true,
      entries: 3,
      headSeq: 3,
      headHash: hashAt(3),
      from: "genesis",
      fullVerifiedAt: null,
      problem: null,
      brokenSeq: null,
    });
  });

  it("starts from the last checkpoint and detects a break after it", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 18);
    expect(quickVerify()).toMatchObject({ intact: true, entries: 22, headSeq: 22, headHash: hashAt(22), from: "checkpoint" });
    dropAuditTriggers();
    sqlite().exec(`update audit_events set payload = '{"fields":[]}' where seq = 21`);
    expect(quickVerify()).toMatchObject({
      intact: false,
      from: "checkpoint",
      brokenSeq: 21,
      entries: 20,
      problem: "stored hash does not match the entry's contents",
    });
  });

  it("refuses to start from a checkpoint that does not check out", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 18);
    dropAuditTriggers();

    sqlite().exec("BEGIN");
    rewriteChainFrom(6, (row) => ({ ...row, payload: '{"fields":[]}' }));
    expect(quickVerify()).toMatchObject({
      intact: false,
      from: "checkpoint",
      brokenSeq: 20,
      problem: "checkpoint #2: Entry 20 is not the entry it signed: the log was rewritten.",
    });
    sqlite().exec("ROLLBACK");

    sqlite().exec("BEGIN");
    sqlite().exec("delete from audit_events where seq > 19");
    expect(quickVerify()).toMatchObject({ intact: false, brokenSeq: 20, problem: expect.stringMatching(/cut short/) });
    sqlite().exec("ROLLBACK");

    addEntries(ctx, 3);
    insertCheckpointRow(forgeNext(newPrivateKeyPem(), instanceKey().keyId));
    expect(quickVerify()).toMatchObject({ intact: false, from: "checkpoint", problem: "checkpoint #3: Its signature is not valid." });
  });

  it("after a full verification starts from it, and falls back to the checkpoint when its head changed", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 18);
    startFullVerification(() => 5555);
    await finishVerification();
    expect(quickVerify()).toEqual({
      intact: true,
      entries: 22,
      headSeq: 22,
      headHash: hashAt(22),
      from: "full_verification",
      fullVerifiedAt: 5555,
      problem: null,
      brokenSeq: null,
    });
    addEntries(ctx, 5);
    expect(quickVerify()).toMatchObject({ intact: true, entries: 27, headSeq: 27, from: "full_verification" });
    dropAuditTriggers();
    sqlite().exec(`update audit_events set payload = '{"fields":[]}' where seq = 25`);
    expect(quickVerify()).toMatchObject({ intact: false, from: "full_verification", brokenSeq: 25 });
    sqlite().exec(`update audit_events set hash = '${"f".repeat(64)}' where seq = 22`);
    expect(quickVerify()).toMatchObject({ intact: false, from: "checkpoint", brokenSeq: 22 });
  });

  it("a failed full verification is not a starting point", async () => {
    const { ctx } = await seedAuditLog();
    addEntries(ctx, 18);
    dropAuditTriggers();
    sqlite().exec(`update audit_events set payload = '{"fields":[]}' where seq = 21`);
    startFullVerification();
    expect((await finishVerification()).status.result).toMatchObject({ intact: false, brokenSeq: 21 });
    expect(quickVerify()).toMatchObject({ intact: false, from: "checkpoint", fullVerifiedAt: null, brokenSeq: 21 });
  });
});
