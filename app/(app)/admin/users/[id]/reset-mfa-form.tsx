"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormError } from "@/app/_components/fields";
import { resetUserMfaAction } from "./actions";

export function ResetMfaForm({ userId }: { userId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  return (
    <div>
      <FormError message={error} />
      {done ? (
        <p className="notice ok" role="status">
          Two-step sign-in was reset. The user&apos;s sessions have ended.
        </p>
      ) : null}
      <button
        type="button"
        className="danger"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await resetUserMfaAction({ userId });
            if (!result.ok) {
              setError(result.message);
              return;
            }
            setDone(true);
            router.refresh();
          })
        }
      >
        {pending ? "Resetting…" : "Reset two-step sign-in"}
      </button>
    </div>
  );
}
