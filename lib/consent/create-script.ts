import { randomUUID } from "node:crypto";
import { consentScripts } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan } from "../auth/permissions";
import type { Ctx } from "../context";
import { ValidationError } from "../errors";
import { parseInput } from "../validation";
import { scriptVersionHash } from "./script-hash";
import { consentScriptInputSchema, contentFromInput } from "./script-types";
import { getScriptVersion, listScriptVersions } from "./scripts";

/**
 * Creates a new consent script version (editors and administrators). Versions are never edited (database
 * triggers refuse it): changing the wording means a new version, and every consent record keeps pointing to
 * the exact text its source heard. A version identical to an existing one is refused, as is a reused label.
 */
export function createConsentScript({ ctx, input }: { ctx: Ctx; input: unknown }): { scriptId: string; hash: string } {
  assertCan(ctx.actor, "consent_script:manage");
  const actor = ctx.actor;
  const data = parseInput(consentScriptInputSchema, input);
  const content = contentFromInput(data);
  const hash = scriptVersionHash(content);
  return withTransaction((tx) => {
    const existing = listScriptVersions(tx);
    if (existing.some((v) => v.label.toLowerCase() === data.label.toLowerCase())) {
      throw new ValidationError("A version with this label exists.", { label: "This label is taken: every version needs its own." });
    }
    const same = existing.find((v) => v.hash === hash);
    if (same) throw new ValidationError(`This text is identical to version “${same.label}”: change something or use that version.`);
    if (data.basedOn && !getScriptVersion(tx, data.basedOn)) {
      throw new ValidationError("The version this one is based on was not found.", { basedOn: "Not found." });
    }
    const scriptId = randomUUID();
    tx.insert(consentScripts)
      .values({
        id: scriptId,
        label: data.label,
        contentJson: JSON.stringify(content),
        hash,
        notes: data.notes,
        basedOn: data.basedOn || null,
        createdBy: actor.id,
        createdAt: ctx.now(),
      })
      .run();
    appendAuditEvent(tx, ctx, {
      action: "consentscript.created",
      targetId: scriptId,
      payload: { scriptId, label: data.label, languages: Object.keys(content.texts), hash, basedOn: data.basedOn || null },
    });
    return { scriptId, hash };
  });
}
