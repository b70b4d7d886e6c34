import { generateKeyPairSync } from "node:crypto";
import { eq } from "drizzle-orm";
import { auditKeys } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { discardPendingSecrets, promotePendingSecrets, signingKeyFromEnvironment, storedSecrets, writePendingSecrets } from "../secrets";
import type { Ctx } from "../context";
import { appendAuditEvent } from "./append";
import { signRotation } from "./checkpoint-format";
import {
  activeKeyRow,
  finishPendingRotation,
  instanceKey,
  keyFromPem,
  keyStatus,
  recordAnchorKey,
  signingWith,
  writeCheckpoint,
} from "./checkpoints";

/**
 * Replaces the instance's audit signing key (command line only: whoever runs it holds DATA_DIR). In one
 * transaction: a last checkpoint with the old key, the new key recorded with a statement signed by the old key,
 * the old key retired, the audited `audit.key_rotated` entry, and a first checkpoint with the new key. The new
 * private key waits in secrets.json.next and replaces secrets.json only after the commit (a crash in between is
 * finished at the next signing). A key set in the environment cannot be rotated here.
 */
export function rotateSigningKey(ctx: Ctx): { fromKeyId: string; toKeyId: string } {
  if (signingKeyFromEnvironment()) {
    throw new Error(
      "The signing key comes from SOURCEKEEPER_AUDIT_SIGNING_KEY and cannot be rotated from here. Remove the variable to let Sourcekeeper keep the key in DATA_DIR, or keep the current key.",
    );
  }
  // A rotation that committed but did not finish replacing secrets.json: finish it first (its pending file holds
  // the only copy of the active key), then refuse if the instance key is still not the recorded one.
  const status = keyStatus();
  if (!status.matches && !(status.activeKeyId && finishPendingRotation(status.activeKeyId))) {
    throw new Error(
      "The instance key is not the recorded active key: run `npm run cli -- audit verify` and restore the right secrets.json first.",
    );
  }
  const old = instanceKey();
  const pem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  const next = keyFromPem(pem);
  // Only what secrets.json held, plus the new key: secrets given in the environment never land on disk.
  writePendingSecrets({ ...storedSecrets(), auditSigningKey: pem });
  try {
    withTransaction((tx) => {
      const now = ctx.now();
      writeCheckpoint(tx, now); // the old key's last word (also records the old key if this is the first use)
      const active = activeKeyRow(tx);
      // Nothing was ever signed (an empty log): record the old key as the anchor first.
      if (!active) recordAnchorKey(tx, old, now);
      else if (active.keyId !== old.keyId) {
        throw new Error("The instance key is not the recorded active key: run `npm run cli -- audit verify` first.");
      }
      const record = { previousKeyId: old.keyId, keyId: next.keyId, publicKey: next.publicKey, createdAt: now };
      const rotationSignature = signRotation(old.privateKey, record);
      tx.update(auditKeys).set({ retiredAt: now }).where(eq(auditKeys.keyId, old.keyId)).run();
      tx.insert(auditKeys)
        .values({ ...record, rotationSignature })
        .run();
      signingWith(next, () => {
        appendAuditEvent(tx, ctx, {
          action: "audit.key_rotated",
          targetId: null,
          payload: { fromKeyId: old.keyId, toKeyId: next.keyId, rotationSignature },
        });
        writeCheckpoint(tx, now);
      });
    });
  } catch (err) {
    discardPendingSecrets();
    throw err;
  }
  promotePendingSecrets();
  return { fromKeyId: old.keyId, toKeyId: next.keyId };
}
