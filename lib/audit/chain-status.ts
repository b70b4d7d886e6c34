import { getDb } from "@/db/client";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { fingerprintOf, type Checkpoint } from "./checkpoint-format";
import { instanceKey, latestCheckpoint, listKeys } from "./checkpoints";
import { quickVerify, startFullVerification, verificationStatus, type QuickStatus, type VerificationStatus } from "./verify-stored-chain";
import { describeVerdict } from "./verify-chain";

export interface ChainStatus {
  quick: QuickStatus;
  lastCheckpoint: Checkpoint | null;
  key: { keyId: string; fingerprint: string; publicKey: string; rotations: number };
  full: VerificationStatus & { summary: string | null };
}

function withSummary(status: VerificationStatus): ChainStatus["full"] {
  return { ...status, summary: status.result ? describeVerdict(status.result) : null };
}

/** What the audit page's chain panel shows: a quick incremental check, the last checkpoint, the public key. */
export function getChainStatus({ ctx }: { ctx: Ctx }): ChainStatus {
  assertCan(ctx.actor, "audit:read");
  const key = instanceKey();
  const db = getDb();
  return {
    quick: quickVerify(),
    lastCheckpoint: latestCheckpoint(db),
    key: {
      keyId: key.keyId,
      fingerprint: fingerprintOf(key.keyId),
      publicKey: key.publicKey,
      rotations: Math.max(0, listKeys(db).length - 1),
    },
    full: withSummary(verificationStatus()),
  };
}

/** Starts the full re-verification in the background (editors and admins); progress via chainVerificationProgress. */
export function startChainVerification({ ctx }: { ctx: Ctx }): ChainStatus["full"] {
  assertCan(ctx.actor, "audit:read");
  return withSummary(startFullVerification(ctx.now));
}

export function chainVerificationProgress({ ctx }: { ctx: Ctx }): ChainStatus["full"] {
  assertCan(ctx.actor, "audit:read");
  return withSummary(verificationStatus());
}
