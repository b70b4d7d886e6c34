"use client";

import { useState, useTransition } from "react";
import { verifyChainAction } from "./actions";

export function VerifyButton() {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ intact: boolean; text: string } | null>(null);
  return (
    <div>
      <button
        type="button"
        className="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const r = await verifyChainAction();
            setResult(r.ok ? { intact: r.data.intact, text: r.data.summary } : { intact: false, text: r.message });
          })
        }
      >
        {pending ? "Verifying the whole chain…" : "Verify the whole chain"}
      </button>
      <div aria-live="polite">
        {result ? (
          <p className={`notice ${result.intact ? "ok" : "error"}`} style={{ marginTop: "0.75rem" }}>
            {result.intact ? "Intact: " : "Broken: "}
            <span className="mono">{result.text}</span>
          </p>
        ) : null}
      </div>
    </div>
  );
}
