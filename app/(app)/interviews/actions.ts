"use server";

import { revalidatePath } from "next/cache";
import { ok, toActionResult, unnestFieldErrors, type ActionResult } from "@/lib/action-result";
import { requireActionContext } from "@/lib/auth/session";
import { createInterview } from "@/lib/interviews/create-interview";
import { updateInterview } from "@/lib/interviews/update-interview";

export async function createInterviewAction(input: unknown): Promise<ActionResult<{ interviewId: string }>> {
  try {
    const ctx = await requireActionContext();
    const result = createInterview({ ctx, input });
    revalidatePath("/interviews");
    return ok(result);
  } catch (err) {
    return toActionResult(err);
  }
}

export async function updateInterviewAction(input: unknown): Promise<ActionResult<{ changed: string[] }>> {
  try {
    const ctx = await requireActionContext();
    const result = updateInterview({ ctx, input });
    revalidatePath("/interviews", "layout");
    return ok(result);
  } catch (err) {
    return unnestFieldErrors(toActionResult(err), "fields");
  }
}
