import { systemCtx } from "../context";
import { fingerprintOf, type Checkpoint } from "../audit/checkpoint-format";
import { checkpointSchema } from "../audit/export-format";
import { verifyAuditExport } from "../audit/export-verify";
import { parseFlags } from "./args";
import { instanceKey, latestCheckpoint, signCheckpointNow } from "../audit/checkpoints";
import { rotateSigningKey } from "../audit/rotate-key";
import { describeVerdict } from "../audit/verify-chain";
import { verifyStoredChain } from "../audit/verify-stored-chain";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO } from "./io";
import { readTextFile, reportVerdict, verifyInputs } from "./verdict";

const USAGE = `Usage:
  npm run cli -- audit verify        recompute the chain and check every signed checkpoint
  npm run cli -- audit checkpoint    sign a checkpoint at the current head now
  npm run cli -- audit public-key    print the instance's public key (PEM) and its fingerprint
  npm run cli -- audit rotate-key    replace the signing key (the old key signs the new one)
  npm run cli -- audit verify-export FILE.zip [--pubkey KEY.pem] [--trusted-checkpoint CHECKPOINT.json]
                                     verify an audit export offline, without the database
`;

/** `audit …`: verification, checkpoints and the signing key. Exit 0 when fine, 1 naming the problem, 2 on misuse. */
export async function auditCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "verify-export") return verifyExportCommand(rest, io);
  if (rest.length > 0 || !sub) {
    io.stderr(USAGE);
    return EXIT_USAGE;
  }
  switch (sub) {
    case "verify": {
      const verdict = verifyStoredChain();
      const line = describeVerdict(verdict);
      const checkpoints =
        verdict.checkpoints === 0
          ? "no signed checkpoint yet"
          : `${verdict.checkpoints} signed checkpoint${verdict.checkpoints === 1 ? "" : "s"}, last #${verdict.lastCheckpoint!.number} at entry ${verdict.lastCheckpoint!.seq} (${new Date(verdict.lastCheckpoint!.time).toISOString()})`;
      if (verdict.intact) {
        io.stdout(`${line}; ${checkpoints}\n`);
        return EXIT_OK;
      }
      io.stderr(`${line}\n`);
      return EXIT_FAILURE;
    }
    case "checkpoint": {
      const checkpoint = signCheckpointNow(Date.now());
      const latest = checkpoint ?? latestCheckpoint();
      io.stdout(
        checkpoint
          ? `Signed checkpoint #${checkpoint.number} at entry ${checkpoint.seq}, head ${checkpoint.headHash}\n`
          : "The head is already checkpointed.\n",
      );
      if (latest) io.stdout(`Keep a copy outside Sourcekeeper (for --trusted-checkpoint):\n${JSON.stringify(latest)}\n`);
      return EXIT_OK;
    }
    case "public-key": {
      const key = instanceKey();
      io.stdout(`${key.publicKey.trim()}\nFingerprint: ${fingerprintOf(key.keyId)}\n`);
      return EXIT_OK;
    }
    case "rotate-key": {
      const { fromKeyId, toKeyId } = rotateSigningKey(systemCtx(null, "cli"));
      io.stdout(
        `Signing key replaced: ${fingerprintOf(fromKeyId)} → ${fingerprintOf(toKeyId)}. The old key signed the new one; the change is in the audit log.\n`,
      );
      return EXIT_OK;
    }
    default:
      io.stderr(USAGE);
      return EXIT_USAGE;
  }
}

/** `audit verify-export FILE [--pubkey KEY] [--trusted-checkpoint FILE]`: exit 0 verified, 1 naming what fails, 2 misuse. */
async function verifyExportCommand(args: string[], io: CliIO): Promise<number> {
  const { flags, positional, error } = parseFlags(args, { pubkey: "string", "trusted-checkpoint": "string" });
  if (error || positional.length !== 1) {
    io.stderr(error ? `${error}\n${USAGE}` : USAGE);
    return EXIT_USAGE;
  }
  const inputs = verifyInputs(positional[0]!, flags.pubkey, io);
  if (typeof inputs === "number") return inputs;
  const { publicKey } = inputs;
  let trustedCheckpoint: Checkpoint | undefined;
  if (typeof flags["trusted-checkpoint"] === "string") {
    try {
      trustedCheckpoint = checkpointSchema.parse(JSON.parse(readTextFile(flags["trusted-checkpoint"]) ?? "")) as Checkpoint;
    } catch {
      io.stderr(`${flags["trusted-checkpoint"]} is not a checkpoint (JSON as printed by \`npm run cli -- audit checkpoint\`).\n`);
      return EXIT_USAGE;
    }
  }
  const verdict = await verifyAuditExport(positional[0]!, { publicKey, trustedCheckpoint });
  return reportVerdict(verdict, io);
}
