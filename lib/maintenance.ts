import { expireDueConsents } from "./consent/expire-consents";
import { dailyCheckpoint } from "./audit/checkpoints";
import { systemCtx } from "./context";
import { sweepOrphanUploads } from "./uploads/sweep-orphans";

const ORPHAN_AGE_MS = 60 * 60 * 1000;

/**
 * Periodic work the server does on its own (at start and hourly). Never throws: a failure is logged without
 * details that could identify a source (ids only) and retried at the next run.
 */
export function runMaintenance(): void {
  try {
    const checkpoint = dailyCheckpoint(Date.now());
    if (checkpoint) console.log(`[sourcekeeper] Signed audit checkpoint #${checkpoint.number} at entry ${checkpoint.seq}.`);
  } catch (err) {
    console.error(`[sourcekeeper] Audit checkpoint failed: ${err instanceof Error ? err.message : "error"}`);
  }
  try {
    const { expired } = expireDueConsents(systemCtx(null, "maintenance"));
    if (expired > 0) console.log(`[sourcekeeper] Recorded the expiry of ${expired} consent record(s).`);
  } catch (err) {
    console.error(`[sourcekeeper] Consent expiry failed: ${err instanceof Error ? err.name : "error"}; will retry within the hour.`);
  }
  try {
    // An hour is far longer than any upload takes to commit: what is older and unreferenced was left by a crash.
    const { removed } = sweepOrphanUploads(systemCtx(null, "maintenance"), { olderThanMs: ORPHAN_AGE_MS });
    if (removed > 0) console.log(`[sourcekeeper] Removed ${removed} upload file(s) no record refers to (left by an interrupted upload).`);
  } catch (err) {
    console.error(`[sourcekeeper] Maintenance failed: ${err instanceof Error ? err.name : "error"}; will retry within the hour.`);
  }
}
