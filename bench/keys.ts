/**
 * Data-key benchmark: `npm run bench:keys [-- --interviews N]` (default 5,000).
 *
 * Seeds a temporary DATA_DIR through the real services (N interviews, each with sealed notes under its own data
 * key), then measures:
 *  1. opening every sealed value (each open looks its data key up in the database; unwrapped keys are cached)
 *     against a bare AES-256-GCM decryption of the same values with one key: the cost of per-interview keys;
 *  2. the one-time migration of N values sealed the old way (`v1:`, the master key itself) under data keys;
 *  3. `keys rotate`: rewrapping every data key under a new master key (one transaction);
 *  4. one erasure (crypto-shredding) including the password check and the WAL truncation.
 */
import { createDecipheriv } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, getConnection } from "../db/client";
import { parseFlags } from "../lib/cli/args";
import { dataKeyById } from "../lib/crypto/data-keys";
import { migrateToDataKeys } from "../lib/crypto/migrate-values";
import { rotateMasterKey } from "../lib/crypto/rotate-master-key";
import { open } from "../lib/crypto/seal";
import { createInterview, notesContext } from "../lib/interviews/create-interview";
import { eraseSourceData } from "../lib/interviews/erase-source-data";
import { sealLegacy } from "../tests/support/legacy-seal";
import { interviewInput, setupAdmin } from "../tests/support/seed";

const { flags, error } = parseFlags(process.argv.slice(2), { interviews: "string", keep: "boolean" });
if (error) {
  console.error(`${error}\nUsage: npm run bench:keys [-- --interviews N] [--keep]`);
  process.exit(2);
}
const N = Number(String(flags.interviews ?? "5000").replace(/[_,]/g, ""));
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString("en")}/s`;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sourcekeeper-bench-keys-"));
  process.env.DATA_DIR = dir;
  closeDb();
  const { sqlite } = getConnection();
  const admin = await setupAdmin();
  const note = "Met at the safe house; brother still in Hyesan, works at the mine. 연락은 동생을 통해서만.";
  let t = performance.now();
  for (let i = 0; i < N; i++) createInterview({ ctx: admin.ctx, input: interviewInput(admin.deskId, { codeName: `Bench ${i}`, notes: `${note} #${i}` }) });
  console.log(`Seeded ${N.toLocaleString("en")} interviews with sealed notes in ${((performance.now() - t) / 1000).toFixed(1)} s.`);

  const rows = () => sqlite.prepare("SELECT id, notes_sealed AS sealed FROM interviews").all() as { id: string; sealed: string }[];
  // 1. Opening every value with its own data key, against one key and no lookup.
  let all = rows();
  t = performance.now();
  for (const r of all) open(r.sealed, notesContext(r.id));
  const withKeys = performance.now() - t;
  const keyIds = all.map((r) => r.sealed.slice(3, 39));
  const keys = keyIds.map((id) => (dataKeyById(id) as { key: Buffer }).key);
  t = performance.now();
  all.forEach((r, i) => {
    const raw = Buffer.from(r.sealed.slice(40), "base64");
    const d = createDecipheriv("aes-256-gcm", keys[i]!, raw.subarray(0, 12), { authTagLength: 16 });
    d.setAAD(Buffer.from(`${keyIds[i]}\n${notesContext(r.id)}`));
    d.setAuthTag(raw.subarray(12, 28));
    Buffer.concat([d.update(raw.subarray(28)), d.final()]);
  });
  const bare = performance.now() - t;
  console.log(
    `1. open(): ${all.length.toLocaleString("en")} values in ${withKeys.toFixed(0)} ms (${rate(all.length, withKeys)}), bare AES-GCM ${bare.toFixed(0)} ms (${rate(all.length, bare)}): ${((withKeys - bare) / all.length * 1000).toFixed(1)} µs per value for the key lookup.`,
  );

  // 2. The one-time migration from the single-key format (interviews.notes_sealed has no append-only trigger).
  const update = sqlite.prepare("UPDATE interviews SET notes_sealed = ? WHERE id = ?");
  sqlite.transaction(() => {
    for (const r of all) update.run(sealLegacy(`${note} (legacy)`, notesContext(r.id)), r.id);
  })();
  t = performance.now();
  const migrated = migrateToDataKeys(admin.ctx);
  const migrateMs = performance.now() - t;
  console.log(`2. keys migrate: ${migrated.values.toLocaleString("en")} values re-sealed in ${migrateMs.toFixed(0)} ms (${rate(migrated.values, migrateMs)}).`);

  // 3. Rotation: rewrap every key (the interviews' and the instance's).
  t = performance.now();
  const rotated = rotateMasterKey(admin.ctx);
  const rotateMs = performance.now() - t;
  console.log(`3. keys rotate: ${rotated.keysRewrapped.toLocaleString("en")} data keys rewrapped in ${rotateMs.toFixed(0)} ms (${rate(rotated.keysRewrapped, rotateMs)}).`);
  all = rows();
  t = performance.now();
  for (const r of all) open(r.sealed, notesContext(r.id));
  console.log(`   After the rotation, every value opens again (fresh unwraps) in ${(performance.now() - t).toFixed(0)} ms.`);

  // 4. One erasure (password check included: argon2id dominates).
  t = performance.now();
  const erased = await eraseSourceData({
    ctx: admin.ctx,
    input: { interviewId: all[0]!.id, reason: "source_request", confirmCodeName: "Bench 0", understood: true, password: admin.password },
  });
  console.log(`4. erasure: ${erased.sealedValues} sealed value(s) made unreadable in ${(performance.now() - t).toFixed(0)} ms (WAL truncated: ${erased.walTruncated}).`);

  closeDb();
  if (flags.keep) console.log(`Kept ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
