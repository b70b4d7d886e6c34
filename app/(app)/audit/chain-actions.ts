"use server";

import { ok, toActionResult } from "@/lib/action-result";
import { chainVerificationProgress, startChainVerification } from "@/lib/audit/chain-status";
import { requireActionContext } from "@/lib/auth/session";

export async function startVerificationAction() {
  try {
    return ok(startChainVerification({ ctx: await requireActionContext() }));
  } catch (err) {
    return toActionResult(err);
  }
}

export async function verificationProgressAction() {
  try {
    return ok(chainVerificationProgress({ ctx: await requireActionContext() }));
  } catch (err) {
    return toActionResult(err);
  }
}
