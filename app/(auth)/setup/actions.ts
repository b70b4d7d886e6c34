"use server";

import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { setupInstance } from "@/lib/auth/setup-instance";
import { requestIp } from "@/lib/auth/session";

export async function setupAction(input: unknown): Promise<ActionResult> {
  try {
    await setupInstance({ ctx: { actor: null, ip: await requestIp(), now: Date.now }, input });
    return ok();
  } catch (err) {
    return toActionResult(err);
  }
}
