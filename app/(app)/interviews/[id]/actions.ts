"use server";

import { runService } from "@/app/_components/run-service";
import { decideNotApplicable } from "@/lib/checklist/decide-na";
import { setItemState } from "@/lib/checklist/set-item-state";
import { upgradeGuidance } from "@/lib/checklist/upgrade-guidance";
import { addComment } from "@/lib/interviews/add-comment";
import { archiveInterview } from "@/lib/interviews/archive-interview";
import { eraseSourceData } from "@/lib/interviews/erase-source-data";
import { addCollaborator, removeCollaborator } from "@/lib/interviews/collaborators";
import { setInterviewStatus } from "@/lib/interviews/set-interview-status";

export async function setItemStateAction(input: unknown) {
  return runService(setItemState, input);
}
export async function decideNaAction(input: unknown) {
  return runService(decideNotApplicable, input);
}
export async function setStatusAction(input: unknown) {
  return runService(setInterviewStatus, input);
}
export async function archiveAction(input: unknown) {
  return runService(archiveInterview, input);
}
export async function addCollaboratorAction(input: unknown) {
  return runService(addCollaborator, input);
}
export async function removeCollaboratorAction(input: unknown) {
  return runService(removeCollaborator, input);
}
export async function addCommentAction(input: unknown) {
  return runService(addComment, input);
}
export async function upgradeGuidanceAction(input: unknown) {
  return runService(upgradeGuidance, input);
}
export async function eraseSourceDataAction(input: unknown) {
  return runService(eraseSourceData, input);
}
