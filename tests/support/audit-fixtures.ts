import { createPublicKey, generateKeyPairSync, randomUUID, verify } from "node:crypto";
import fs from "node:fs";
import { computeEntryHash, type AuditRow } from "@/lib/audit/canonical";
import { checkpointStatement, type Checkpoint } from "@/lib/audit/checkpoint-format";
import { verificationStatus, type VerificationStatus } from "@/lib/audit/verify-stored-chain";
import type { CliIO } from "@/lib/cli/io";
import type { Ctx } from "@/lib/context";
import { createDesk } from "@/lib/desks/create-desk";
import { pendingSecretsFile, promotePendingSecrets, secretsFile } from "@/lib/secrets";
import { readSettings, updateSettings } from "@/lib/settings/settings";
import { makeClock, setupAdmin } from "./seed";
import { auditRows, sqlite } from "./test-db";

/** Helpers for the signed-checkpoint tests (issue 7). */

export const DAY = 86_400_000;

/** Sets the checkpoint interval as an administrator does (the settings form sends every key). */
export function setCheckpointInterval(ctx: Ctx, interval: number): void {
  updateSettings({ ctx, input: { ...readSettings(), audit_checkpoint_interval: interval } });
}

/** A set-up instance on a movable clock, with a checkpoint every `interval` entries (null: keep the default). */
export async function seedAuditLog(options: { interval?: number | null; start?: number } = {}) {
  const clock = makeClock(options.start);
  const admin = await setupAdmin({ now: clock.now });
  const interval = options.interval === undefined ? 10 : options.interval;
  if (interval !== null) setCheckpointInterval(admin.ctx, interval);
  return { clock, admin, ctx: admin.ctx };
}

let deskCounter = 0;

/** Appends `n` audited entries through a real service: one `desk.created` per desk. */
export function addEntries(ctx: Ctx, n: number): void {
  for (let i = 0; i < n; i++) {
    deskCounter += 1;
    createDesk({ ctx, input: { name: `Checkpoint desk ${deskCounter}` } });
  }
}

export function headSeq(): number {
  return (sqlite().prepare("select coalesce(max(seq), 0) as n from audit_events").get() as { n: number }).n;
}

/**
 * Appends `n` valid entries straight into the table (the way appendAuditEvent would chain them, without a
 * service or a checkpoint), for tests that need more entries than services could write quickly.
 */
export function appendRawEntries(n: number, occurredAt: number): void {
  const last = sqlite().prepare("select seq, hash from audit_events order by seq desc limit 1").get() as
    { seq: number; hash: string } | undefined;
  let prevHash = last?.hash ?? "0".repeat(64);
  let seq = last?.seq ?? 0;
  const insert = sqlite().prepare(
    `insert into audit_events (seq, occurred_at, actor_id, action, target_type, target_id, payload, prev_hash, hash)
     values (@seq, @occurredAt, @actorId, @action, @targetType, @targetId, @payload, @prevHash, @hash)`,
  );
  sqlite().transaction(() => {
    for (let i = 0; i < n; i++) {
      seq += 1;
      const body: Omit<AuditRow, "hash"> = {
        seq,
        occurredAt,
        actorId: null,
        action: "desk.created",
        targetType: "desk",
        targetId: randomUUID(),
        payload: '{"fields":["name"]}',
        prevHash,
      };
      const hash = computeEntryHash(body);
      insert.run({ ...body, hash });
      prevHash = hash;
    }
  })();
}

/**
 * A consistent rewrite (triggers must be dropped): changes the entry at `seq` and recomputes prev_hash and hash of
 * it and every later entry, so the hash chain alone is intact again.
 */
export function rewriteChainFrom(seq: number, change: (row: AuditRow) => AuditRow): void {
  const rows = auditRows();
  const update = sqlite().prepare(
    `update audit_events set occurred_at = @occurredAt, actor_id = @actorId, action = @action, target_type = @targetType,
            target_id = @targetId, payload = @payload, prev_hash = @prevHash, hash = @hash where seq = @seq`,
  );
  let prevHash = rows[seq - 2]?.hash ?? "0".repeat(64);
  for (const row of rows.slice(seq - 1)) {
    const changed = row.seq === seq ? change(row) : row;
    const body = { ...changed, prevHash };
    const { hash: _old, ...unhashed } = body;
    const hash = computeEntryHash(unhashed);
    update.run({ ...unhashed, hash });
    prevHash = hash;
  }
}

/** Inserts a checkpoint row as an attacker with file access would. */
export function insertCheckpointRow(c: Checkpoint): void {
  sqlite()
    .prepare(
      `insert into audit_checkpoints (number, seq, head_hash, created_at, key_id, prev_signature, signature)
       values (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(c.number, c.seq, c.headHash, c.time, c.keyId, c.prevSignature, c.signature);
}

/** Removes the append-only triggers of audit_checkpoints and audit_keys (test databases only). */
export function dropCheckpointTriggers(): void {
  sqlite().exec(
    ["audit_checkpoints_no_update", "audit_checkpoints_no_delete", "audit_keys_no_delete", "audit_keys_frozen", "audit_keys_retire_once"]
      .map((t) => `DROP TRIGGER IF EXISTS ${t};`)
      .join(" "),
  );
}

export function signatureValid(publicKey: string, c: Checkpoint): boolean {
  const { signature, ...unsigned } = c;
  return verify(null, Buffer.from(checkpointStatement(unsigned), "utf8"), createPublicKey(publicKey), Buffer.from(signature, "base64"));
}

export function newPrivateKeyPem(): string {
  return generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
}

export function readSecretsText(): string {
  return fs.readFileSync(secretsFile(), "utf8");
}

/**
 * Replaces DATA_DIR/secrets.json with `text`. Goes through the pending file and `promotePendingSecrets()`, the
 * only way to make lib/secrets forget the values it cached for this DATA_DIR.
 */
export function replaceSecretsFile(text: string): void {
  fs.writeFileSync(pendingSecretsFile(), text, { mode: 0o600 });
  promotePendingSecrets();
}

/** secrets.json with another audit signing key (one never introduced by a rotation). */
export function secretsWithKey(text: string, auditSigningKey: string): string {
  return JSON.stringify({ ...(JSON.parse(text) as Record<string, string>), auditSigningKey }, null, 2);
}

/** A CLI io that records what a command prints. */
export function fakeIO() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => "" };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}

/**
 * Waits for the background verification by yielding to the event loop (no timers), recording every status seen.
 */
export async function finishVerification(): Promise<{ status: VerificationStatus; seen: { running: boolean; done: number }[] }> {
  const seen: { running: boolean; done: number }[] = [];
  for (let i = 0; i < 10_000; i++) {
    const status = verificationStatus();
    seen.push({ running: status.running, done: status.done });
    if (!status.running) return { status, seen };
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error("the background verification did not finish");
}
