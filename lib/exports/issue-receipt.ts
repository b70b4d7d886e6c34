import { getDb } from "@/db/client";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { sha256 } from "../audit/export-format";
import { keyedHash } from "../auth/keyed-hash";
import { assertCan } from "../auth/permissions";
import { loadRecord } from "../consent/internal";
import { CONSENT_STATE_LABELS } from "../consent/state-machine";
import type { Ctx } from "../context";
import { ConflictError } from "../errors";
import { loadInterviewForActor } from "../interviews/access";
import { parseInput } from "../validation";
import { ConsentRecordReader } from "./load-consent-records";
import { renderReceipt } from "./pdf/receipt";
import { receiptSchema } from "./schema";

/**
 * The reference printed on a source's receipt instead of any name or id: eight characters derived from the
 * record id with the instance's secret key ("SK-3F9A-21C7"), so nobody holding record ids (from an export or the
 * audit log) can link a receipt found on a source to its record. A source who wants to withdraw can quote it; the
 * record page shows it to match.
 */
export function receiptReference(recordId: string): string {
  const h = keyedHash("receipt", recordId).slice(0, 8).toUpperCase();
  return `SK-${h.slice(0, 4)}-${h.slice(4)}`;
}

/**
 * A one-page receipt for the source (issue 8), in Korean and English: what they agreed to and how to withdraw,
 * in the words of the script they heard. Nothing on it could endanger them if it were found on them: no name or
 * code name, no place, no newsroom user; the outlet's name and a contact only when the journalist chooses to
 * add them. Issuing one is audited (with the PDF's SHA-256); the contact text is not stored anywhere.
 */
export async function issueConsentReceipt({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<{ pdf: Buffer; fileName: string }> {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const data = parseInput(receiptSchema, input);
  const db = getDb();
  const { interview } = loadInterviewForActor(db, actor, data.interviewId, "read");
  const record = loadRecord(db, interview.id, data.recordId);
  const loaded = new ConsentRecordReader(db, { sensitive: false, now: ctx.now() }).one(record.id)!;
  const status = loaded.json.consent_status.status;
  if (status !== "given" && status !== "reconfirmed")
    throw new ConflictError(`A receipt confirms consent that stands. This consent is “${CONSENT_STATE_LABELS[status]}”.`);
  const texts = loaded.script?.content.texts;
  if (!texts?.ko?.withdrawal || !texts.en?.withdrawal)
    throw new ConflictError("This record's script version has no Korean and English text on withdrawal, which the receipt quotes.");
  const reference = receiptReference(record.id);
  const pdf = await renderReceipt({
    record: loaded.json,
    withdrawal: { ko: texts.ko.withdrawal, en: texts.en.withdrawal },
    reference,
    outletName: data.nameOutlet ? interview.outlet : null,
    contact: data.contact || null,
    issuedOn: new Date(ctx.now()).toISOString().slice(0, 10),
  });
  withTransaction((tx) => {
    appendAuditEvent(tx, ctx, {
      action: "consent.receipt_issued",
      targetId: interview.id,
      payload: { recordId: record.id, sha256: sha256(pdf), outletNamed: data.nameOutlet, contactGiven: data.contact !== "" },
    });
  });
  return { pdf, fileName: `receipt-${reference}.pdf` };
}
