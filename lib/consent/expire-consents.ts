import { inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { consentRecords } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import type { Ctx } from "../context";
import { appendConsentEvent } from "./internal";
import { hasExpired } from "./timing";

export const SYSTEM_RECORDER = "system";

/**
 * Writes the `expired` event for every active consent whose agreed expiry date has passed (the status is already
 * treated as expired before this runs: see timing.ts). Each record is its own transaction with its audit entry,
 * so one failure cannot hold back the others. Run by the server at start and every hour, and by
 * `npm run cli -- consent expire`. Needs no actor: it is the instance acting on terms the source agreed to.
 */
export function expireDueConsents(ctx: Ctx): { expired: number; failed: number } {
  const now = ctx.now();
  const candidates = getDb()
    .select({ id: consentRecords.id, expiresOn: sql<string | null>`json_extract(${consentRecords.termsJson}, '$.expiresOn')` })
    .from(consentRecords)
    .where(
      sql`${inArray(consentRecords.status, ["given", "reconfirmed"])} and json_extract(${consentRecords.termsJson}, '$.expiresOn') is not null`,
    )
    .all()
    .filter((r) => hasExpired(r.expiresOn, now));
  let expired = 0;
  let failed = 0;
  for (const candidate of candidates) {
    let done = false;
    try {
      done = withTransaction((tx) => {
        const record = tx
          .select()
          .from(consentRecords)
          .where(sql`${consentRecords.id} = ${candidate.id}`)
          .get();
        // Re-read inside the write lock: a withdrawal may have landed since the scan.
        if (!record || (record.status !== "given" && record.status !== "reconfirmed")) return false;
        appendConsentEvent(tx, record, { type: "expired", occurredAt: now, channel: null, details: null, by: SYSTEM_RECORDER, now });
        appendAuditEvent(
          tx,
          { ...ctx, actor: null },
          { action: "consent.expired", targetId: record.interviewId, payload: { recordId: record.id, expiresOn: candidate.expiresOn! } },
        );
        return true;
      });
    } catch (err) {
      // Logged by id only; the next run tries again. The other records are not held back.
      failed += 1;
      console.error(
        `[sourcekeeper] Could not record the expiry of consent record ${candidate.id}: ${err instanceof Error ? err.message : "error"}`,
      );
    }
    if (done) expired += 1;
  }
  return { expired, failed };
}
