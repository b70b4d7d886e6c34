import { formatDateTime } from "@/app/_components/datetime";
import type { TakedownTask } from "@/lib/publication/takedowns";

const HOUR_MS = 3_600_000;

/** "3 hours", "2 days", "less than an hour": how far apart two instants are, in plain words. */
export function spanInWords(ms: number): string {
  const hours = Math.floor(Math.abs(ms) / HOUR_MS);
  if (hours < 1) return "less than an hour";
  if (hours < 48) return `${hours} hour${hours === 1 ? "" : "s"}`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}

export const TAKEDOWN_CAUSE_LABELS: Record<TakedownTask["cause"], string> = {
  withdrawn: "Consent withdrawn after publication",
  revoked: "Consent revoked after publication",
};

/** When an open task is due, relative to now: "Due 2026-05-01 10:00 UTC (in 5 hours)" or how long it is overdue. */
export function dueInWords(task: Pick<TakedownTask, "dueAt" | "overdue">, now: number): string {
  return task.overdue
    ? `Was due ${formatDateTime(task.dueAt)} (${spanInWords(now - task.dueAt)} ago)`
    : `Due ${formatDateTime(task.dueAt)} (in ${spanInWords(task.dueAt - now)})`;
}

/** What the open-task list needs, with the due time in words (computed where the clock is: on the server). */
export function toOpenTakedowns(tasks: readonly TakedownTask[], now: number) {
  return tasks.map(({ id, interviewId, codeName, cause, createdAt, dueAt, overdue }) => ({
    id,
    interviewId,
    codeName,
    cause,
    createdAt,
    dueAt,
    overdue,
    due: dueInWords({ dueAt, overdue }, now),
  }));
}
