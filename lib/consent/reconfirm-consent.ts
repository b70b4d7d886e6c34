import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import { ValidationError } from "../errors";
import type { Ctx } from "../context";
import { loadInterviewForActor } from "../interviews/access";
import { parseInput } from "../validation";
import { appendConsentEvent, assertNotFuture, loadRecord } from "./internal";
import { reconfirmSchema } from "./schema";

/** Records that the source reconfirmed consent (before publication): when, how, and what was re-explained. */
export function reconfirmConsent({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const data = parseInput(reconfirmSchema, input);
  withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, data.interviewId, "edit");
    const record = loadRecord(tx, interview.id, data.recordId);
    assertNotFuture({ occurredAt: Date.parse(data.occurredAt) }, ctx.now());
    if (Date.parse(data.occurredAt) < record.decidedAt) {
      throw new ValidationError("A reconfirmation comes after consent was given.", { occurredAt: "This is before consent was given." });
    }
    appendConsentEvent(tx, record, {
      type: "reconfirmed",
      occurredAt: Date.parse(data.occurredAt),
      channel: data.channel,
      details: data.reexplained,
      contentShownSha256: data.contentShownSha256,
      by: actor.id,
      now: ctx.now(),
    });
    appendAuditEvent(tx, ctx, { action: "consent.reconfirmed", targetId: interview.id, payload: { recordId: record.id, channel: data.channel } });
  });
}
