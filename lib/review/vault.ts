import { createHash, randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { vaultIdentifiers } from "@/db/schema";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvent } from "../audit/append";
import { assertCan, type Actor } from "../auth/permissions";
import type { Ctx } from "../context";
import { open, seal } from "../crypto/seal";
import { interviewDataKey } from "@/lib/crypto/data-keys";
import { ConflictError, ForbiddenError } from "../errors";
import { canEdit, loadInterviewForActor } from "../interviews/access";
import type { IdentifierCategory } from "../redaction/types";
import { parseInput } from "../validation";
import { vaultInputSchema } from "./schema";

export const vaultContext = (interviewId: string, id: string) => `vault:${interviewId}:${id}`;

export interface VaultEntry {
  id: string;
  category: IdentifierCategory;
  realName: boolean;
  value: string;
}

/** The vault is for the people who work with the source: owner and collaborators, not the desk's readers. */
function loadForVault(tx: Db, actor: Actor, interviewId: string, need: "read" | "edit") {
  const loaded = loadInterviewForActor(tx, actor, String(interviewId).slice(0, 64), need);
  if (!canEdit(loaded.access)) throw new ForbiddenError("Only the interview's owner and collaborators can see its protected identifiers.");
  return loaded;
}

/** Decrypts an interview's vault. Internal: callers authorize and audit (scans audit themselves). */
export function readVault(tx: Db, interviewId: string): VaultEntry[] {
  // In the order they were entered: entries saved together share createdAt, and ids are random.
  return tx
    .select()
    .from(vaultIdentifiers)
    .where(eq(vaultIdentifiers.interviewId, interviewId))
    .orderBy(asc(vaultIdentifiers.createdAt), asc(sql`${vaultIdentifiers}.rowid`))
    .all()
    .map((r) => ({
      id: r.id,
      category: r.category as IdentifierCategory,
      realName: r.realName,
      value: open(r.valueSealed, vaultContext(interviewId, r.id)),
    }));
}

/**
 * Identifies the vault as it is now without revealing it: ids, categories, real-name flags, update times and a
 * hash of each ciphertext (re-encrypted with a fresh nonce on every change, so a value changed within the same
 * millisecond still changes the fingerprint). A scan records it; when it changes, the scan no longer covers what
 * is registered.
 */
export function vaultFingerprint(tx: Db, interviewId: string): string {
  const rows = tx
    .select({
      id: vaultIdentifiers.id,
      category: vaultIdentifiers.category,
      realName: vaultIdentifiers.realName,
      updatedAt: vaultIdentifiers.updatedAt,
      valueSealed: vaultIdentifiers.valueSealed,
    })
    .from(vaultIdentifiers)
    .where(eq(vaultIdentifiers.interviewId, interviewId))
    .all()
    .map((r) => `${r.id}:${r.category}:${r.realName ? 1 : 0}:${r.updatedAt}:${createHash("sha256").update(r.valueSealed).digest("hex")}`)
    .sort();
  return createHash("sha256").update(JSON.stringify(rows)).digest("hex");
}

/**
 * Opens the vault for the owner or a collaborator: the entries and the fingerprint the editor sends back when
 * saving (so a stale form cannot silently remove what a colleague added meanwhile). Every view is audited,
 * without the values.
 */
export function openVault({ ctx, interviewId }: { ctx: Ctx; interviewId: string }): { entries: VaultEntry[]; fingerprint: string } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  return withTransaction((tx) => {
    const { interview } = loadForVault(tx, actor, interviewId, "read");
    const entries = readVault(tx, interview.id);
    appendAuditEvent(tx, ctx, { action: "vault.viewed", targetId: interview.id, payload: { identifiers: entries.length } });
    return { entries, fingerprint: vaultFingerprint(tx, interview.id) };
  });
}

/** Shows the protected identifiers to the owner or a collaborator. Every view is audited, without the values. */
export function viewVault({ ctx, interviewId }: { ctx: Ctx; interviewId: string }): VaultEntry[] {
  return openVault({ ctx, interviewId }).entries;
}

/**
 * Saves the whole list from the editor: new entries are added, changed ones re-encrypted, missing ones removed.
 * The audit entry lists ids only. Removing a value deletes its ciphertext for good.
 */
export function saveVault({ ctx, input }: { ctx: Ctx; input: unknown }): { added: number; changed: number; removed: number } {
  assertCan(ctx.actor, "interview:work");
  const actor = ctx.actor;
  const data = parseInput(vaultInputSchema, input);
  return withTransaction((tx) => {
    const { interview } = loadForVault(tx, actor, data.interviewId, "edit");
    if (data.expectedFingerprint && data.expectedFingerprint !== vaultFingerprint(tx, interview.id)) {
      throw new ConflictError("Someone changed these identifiers after you opened the page. Reload it, then make your change again.");
    }
    const current = new Map(readVault(tx, interview.id).map((e) => [e.id, e]));
    const now = ctx.now();
    const added: string[] = [];
    const changed: string[] = [];
    const kept = new Set<string>();
    for (const entry of data.entries) {
      const existing = entry.id ? current.get(entry.id) : undefined;
      if (entry.id && !existing) {
        // An id from another interview or a stale form: treat as new rather than reveal anything about it.
        entry.id = "";
      }
      const value = entry.value.normalize("NFC");
      if (existing) {
        kept.add(existing.id);
        if (existing.value === value && existing.category === entry.category && existing.realName === entry.realName) continue;
        tx.update(vaultIdentifiers)
          .set({
            category: entry.category,
            realName: entry.realName,
            valueSealed: seal(value, vaultContext(interview.id, existing.id), interviewDataKey(interview.id, now)),
            updatedAt: now,
          })
          .where(eq(vaultIdentifiers.id, existing.id))
          .run();
        changed.push(existing.id);
      } else {
        const id = randomUUID();
        tx.insert(vaultIdentifiers)
          .values({
            id,
            interviewId: interview.id,
            category: entry.category,
            realName: entry.realName,
            valueSealed: seal(value, vaultContext(interview.id, id), interviewDataKey(interview.id, now)),
            createdBy: actor.id,
            createdAt: now,
            updatedAt: now,
          })
          .run();
        added.push(id);
      }
    }
    const removed = [...current.keys()].filter((id) => !kept.has(id));
    for (const id of removed) tx.delete(vaultIdentifiers).where(eq(vaultIdentifiers.id, id)).run();
    if (added.length + changed.length + removed.length > 0) {
      appendAuditEvent(tx, ctx, { action: "vault.updated", targetId: interview.id, payload: { added, changed, removed } });
    }
    return { added: added.length, changed: changed.length, removed: removed.length };
  });
}
