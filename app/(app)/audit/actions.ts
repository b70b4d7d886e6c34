"use server";

import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { describeVerdict } from "@/lib/audit/verify-chain";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { assertCan } from "@/lib/auth/permissions";
import { requireActionContext } from "@/lib/auth/session";

/** Recomputes the whole chain. Read-only. */
export async function verifyChainAction(): Promise<ActionResult<{ intact: boolean; summary: string }>> {
  try {
    const ctx = await requireActionContext();
    assertCan(ctx.actor, "audit:read");
    const verdict = verifyStoredChain();
    return ok({ intact: verdict.intact, summary: describeVerdict(verdict) });
  } catch (err) {
    return toActionResult(err);
  }
}
