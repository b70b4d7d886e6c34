"use client";

import { useState, useTransition } from "react";
import { FormError } from "@/app/_components/fields";
import { setUserActiveAction } from "./actions";

export function StatusForm({ userId, active, isSelf }: { userId: string; active: boolean; isSelf: boolean }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (isSelf) return <p className="muted">You cannot deactivate your own account.</p>;
  return (
    <div>
      <FormError message={error} />
      <button
        type="button"
        className={active ? "danger" : undefined}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await setUserActiveAction({ userId, active: !active });
            if (!result.ok) setError(result.message);
          })
        }
      >
        {pending ? "Saving…" : active ? "Deactivate account" : "Reactivate account"}
      </button>
    </div>
  );
}
