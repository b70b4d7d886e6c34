"use client";

import { useState, useTransition } from "react";
import { FormError } from "@/app/_components/fields";
import type { ActionResult } from "@/lib/action-result";

interface Props {
  action: () => Promise<ActionResult<unknown>>;
  children: React.ReactNode;
  pendingText?: string;
  className?: string;
  confirm?: string;
}

/** A button that runs one server action, shows progress, and shows the error next to itself. */
export function ActionButton({ action, children, pendingText = "Working…", className, confirm }: Props) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span style={{ display: "inline-block" }}>
      <button
        type="button"
        className={className}
        disabled={pending}
        aria-busy={pending || undefined}
        onClick={() => {
          if (confirm && !window.confirm(confirm)) return;
          startTransition(async () => {
            setError(null);
            const result = await action();
            if (!result.ok) setError(result.message);
          });
        }}
      >
        {pending ? pendingText : children}
      </button>
      <FormError message={error} />
    </span>
  );
}
