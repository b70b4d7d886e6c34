import { formatDateTime } from "@/app/_components/datetime";
import type { ChainStatus } from "@/lib/audit/chain-status";
import { FullVerification } from "./full-verification";

function ago(ms: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - ms) / 60_000));
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/**
 * The chain status: verified entries and head, the last signed checkpoint, or a red banner naming the first
 * broken entry. The quick check covers what was added since the last point known good; the full check reruns
 * everything in the background with progress.
 */
export function ChainPanel({ status, now }: { status: ChainStatus; now: number }) {
  const { quick, lastCheckpoint: cp, key } = status;
  return (
    <section className="card" aria-labelledby="chain-heading" data-testid="chain-panel">
      <h2 id="chain-heading" style={{ marginTop: 0 }}>
        Chain status
      </h2>
      {quick.intact ? (
        <p className="notice ok" data-testid="chain-status">
          Verified: {quick.entries.toLocaleString("en")} entries, head <span className="mono">{quick.headHash.slice(0, 8)}…</span>
          {cp ? `, last checkpoint #${cp.number} signed ${ago(cp.time, now)}` : ", no signed checkpoint yet"}.
        </p>
      ) : (
        <p className="notice error" role="alert" data-testid="chain-status">
          The audit log is broken at entry #{quick.brokenSeq}: {quick.problem}. Entries may have been changed or removed outside
          Sourcekeeper. Keep a copy of the database and tell your administrator.
        </p>
      )}
      <p className="muted small">
        {quick.from === "full_verification"
          ? "Checked from the last full verification."
          : quick.from === "checkpoint"
            ? "Checked from the last signed checkpoint; run a full verification to recheck every entry."
            : "Checked from the first entry."}
        {cp ? ` Checkpoint #${cp.number} covers entries 1–${cp.seq.toLocaleString("en")} (${formatDateTime(cp.time)}).` : ""}
      </p>
      <FullVerification initial={status.full} />
      <details>
        <summary>Public key and fingerprint</summary>
        <p>
          Checkpoints and exports are signed with this key. Anyone can check them with it, offline:{" "}
          <code>npm run cli -- audit verify-export FILE --pubkey KEY.pem</code>. Compare the fingerprint by phone or in person before you
          trust it.
        </p>
        <p>
          Fingerprint: <span className="mono">{key.fingerprint}</span>
          {key.rotations
            ? ` (the key was replaced ${key.rotations} time${key.rotations === 1 ? "" : "s"}; each new key is signed by the old one)`
            : ""}
        </p>
        <pre className="mono small">{key.publicKey}</pre>
        <p>
          <a href="/api/audit/public-key" download>
            Download the public key
          </a>
        </p>
      </details>
    </section>
  );
}
