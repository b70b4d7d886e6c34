import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { loadInterviewForActor } from "../interviews/access";
import { parseInput } from "../validation";
import { appendConsentEvent, assertNotFuture, loadRecord } from "./internal";
import { withdrawSchema } from "./schema";

/**
 * Records that the source withdrew consent. Anyone who can see the interview may record it (editors of the
 * desk included), even when it is archived: a withdrawal must never be lost. It takes effect at once and can
 * never be undone; working with the source again needs a new consent record.
 */
export function withdrawConsent({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const data = parseInput(withdrawSchema, input);
  withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, data.interviewId, "read");
    const record = loadRecord(tx, interview.id, data.recordId);
    assertNotFuture({ occurredAt: Date.parse(data.occurredAt) }, ctx.now());
    const details = [`Received by: ${data.receivedBy}`, data.sourceWords ? `Source's words: ${data.sourceWords}` : ""].filter(Boolean).join("\n");
    appendConsentEvent(tx, record, { type: "withdrawn", occurredAt: Date.parse(data.occurredAt), channel: data.channel, details, by: actor.id, now: ctx.now() });
    appendAuditEvent(tx, ctx, {
      action: "consent.withdrawn",
      targetId: interview.id,
      payload: { recordId: record.id, channel: data.channel, from: record.status },
    });
  });
}
