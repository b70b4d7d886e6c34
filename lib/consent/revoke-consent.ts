import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { loadInterviewForActor } from "../interviews/access";
import { parseInput } from "../validation";
import { appendConsentEvent, loadRecord } from "./internal";
import { revokeSchema } from "./schema";

/** An editor revokes consent on the newsroom's side (for example: it was obtained improperly). Final. */
export function revokeConsent({ ctx, input }: { ctx: Ctx; input: unknown }): void {
  assertCan(ctx.actor, "consent:revoke");
  const actor = ctx.actor;
  const data = parseInput(revokeSchema, input);
  withTransaction((tx) => {
    const { interview } = loadInterviewForActor(tx, actor, data.interviewId, "read");
    const record = loadRecord(tx, interview.id, data.recordId);
    const now = ctx.now();
    appendConsentEvent(tx, record, { type: "revoked", occurredAt: now, channel: null, details: data.reason, by: actor.id, now });
    appendAuditEvent(tx, ctx, { action: "consent.revoked", targetId: interview.id, payload: { recordId: record.id, from: record.status } });
  });
}
