import { revalidatePath } from "next/cache";
import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { requireActionContext } from "@/lib/auth/session";
import type { Ctx } from "@/lib/context";

/**
 * The body of every thin server action: build the context from the session, call the service (which authorizes,
 * validates and writes in one transaction), refresh the pages that show what changed, and turn any error into
 * an ActionResult (field messages for bad input, "not found" for records the user may not see, never a stack).
 */
export async function runService<T>(
  service: (args: { ctx: Ctx; input: unknown }) => T,
  input: unknown,
  revalidate: readonly string[] = ["/interviews", "/"],
): Promise<ActionResult<Awaited<T>>> {
  try {
    const ctx = await requireActionContext();
    const result = await service({ ctx, input });
    // "/" refreshes the shared layout too: its navigation shows counts (open takedown tasks) that any change can move.
    for (const path of revalidate) revalidatePath(path, "layout");
    return ok(result);
  } catch (err) {
    return toActionResult(err);
  }
}
