"use server";

import { revalidatePath } from "next/cache";
import { ok, toActionResult, type ActionResult } from "@/lib/action-result";
import { requireActionContext } from "@/lib/auth/session";
import { decideNotApplicable } from "@/lib/checklist/decide-na";
import { setItemState } from "@/lib/checklist/set-item-state";
import { upgradeGuidance } from "@/lib/checklist/upgrade-guidance";
import type { Ctx } from "@/lib/context";
import { addComment } from "@/lib/interviews/add-comment";
import { archiveInterview } from "@/lib/interviews/archive-interview";
import { addCollaborator, removeCollaborator } from "@/lib/interviews/collaborators";
import { setInterviewStatus } from "@/lib/interviews/set-interview-status";

/** One thin wrapper per service: build the context, call it, refresh the interview pages. */
async function run<T>(service: (args: { ctx: Ctx; input: unknown }) => T, input: unknown): Promise<ActionResult<Awaited<T>>> {
  try {
    const ctx = await requireActionContext();
    const result = await service({ ctx, input });
    revalidatePath("/interviews", "layout");
    revalidatePath("/");
    return ok(result);
  } catch (err) {
    return toActionResult(err);
  }
}

export async function setItemStateAction(input: unknown) {
  return run(setItemState, input);
}
export async function decideNaAction(input: unknown) {
  return run(decideNotApplicable, input);
}
export async function setStatusAction(input: unknown) {
  return run(setInterviewStatus, input);
}
export async function archiveAction(input: unknown) {
  return run(archiveInterview, input);
}
export async function addCollaboratorAction(input: unknown) {
  return run(addCollaborator, input);
}
export async function removeCollaboratorAction(input: unknown) {
  return run(removeCollaborator, input);
}
export async function addCommentAction(input: unknown) {
  return run(addComment, input);
}
export async function upgradeGuidanceAction(input: unknown) {
  return run(upgradeGuidance, input);
}
