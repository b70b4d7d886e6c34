"use server";

import { runService } from "@/app/_components/run-service";
import { approveCaptorOverride, requestCaptorOverride } from "@/lib/publication/editor-checks";
import { recordPublication, signOff, submitForReview } from "@/lib/publication/workflow";

export async function submitForReviewAction(input: unknown) {
  return runService(submitForReview, input);
}
export async function signOffAction(input: unknown) {
  return runService(signOff, input);
}
export async function recordPublicationAction(input: unknown) {
  return runService(recordPublication, input);
}
export async function requestCaptorOverrideAction(input: unknown) {
  return runService(requestCaptorOverride, input);
}
export async function approveCaptorOverrideAction(input: unknown) {
  return runService(approveCaptorOverride, input);
}
