"use client";

import { useEffect, useState, useTransition } from "react";
import type { ChainStatus } from "@/lib/audit/chain-status";
import { startVerificationAction, verificationProgressAction } from "./chain-actions";

/** Starts the full re-verification and shows its progress until it finishes. */
export function FullVerification({ initial }: { initial: ChainStatus["full"] }) {
  const [status, setStatus] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    if (!status.running) return;
    const timer = setTimeout(async () => {
      const r = await verificationProgressAction();
      if (r.ok) setStatus(r.data);
      else setError(r.message);
    }, 500);
    return () => clearTimeout(timer);
  }, [status]);

  const percent = status.total > 0 ? Math.floor((status.done / status.total) * 100) : 100;
  return (
    <div>
      <button
        type="button"
        className="secondary"
        disabled={pending || status.running}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const r = await startVerificationAction();
            if (r.ok) setStatus(r.data);
            else setError(r.message);
          })
        }
      >
        {status.running ? "Verifying every entry…" : "Verify every entry again"}
      </button>
      <div aria-live="polite" data-testid="full-verification">
        {status.running ? (
          <p>
            <label>
              Checked {status.done.toLocaleString("en")} of {status.total.toLocaleString("en")} entries{" "}
              <progress max={Math.max(status.total, 1)} value={status.done}>
                {percent}%
              </progress>
            </label>
          </p>
        ) : status.result ? (
          <p className={`notice ${status.result.intact ? "ok" : "error"}`} style={{ marginTop: "0.75rem" }}>
            Full verification {status.result.intact ? "passed" : "FAILED"}: <span className="mono">{status.summary}</span>
          </p>
        ) : null}
        {error ? <p className="error">{error}</p> : null}
      </div>
    </div>
  );
}
