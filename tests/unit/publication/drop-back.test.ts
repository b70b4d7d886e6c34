import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "@/lib/audit/filters";
import type { AuditAction } from "@/lib/audit/events";
import { INTERVIEW_STATUSES } from "@/lib/interviews/constants";
import { consequenceOf, mayMatter } from "@/lib/publication/drop-back";
import { REOPEN_REASONS } from "@/lib/publication/schema";

/** The "drop back to review" rule (issue 9), table-driven over every audited action and every status. */
const REOPENS: Record<string, keyof typeof REOPEN_REASONS> = {
  "review.document_added": "document",
  "review.version_added": "document",
  "review.redacted": "document",
  "review.scanned": "document",
  "review.decided": "decision",
  "review.approved": "decision",
  "vault.updated": "identifiers",
  "image.attached": "images",
  "consent.recorded": "consent",
  "consent.withdrawn": "consent",
  "consent.revoked": "consent",
  "consent.expired": "consent",
  "checklist.item_changed": "checklist",
  "checklist.na_requested": "checklist",
  "checklist.na_decided": "checklist",
  "checklist.synced": "checklist",
  "checklist.guidance_upgraded": "checklist",
  "interview.updated": "profile",
  "publication.image_reviewed": "gate",
  "publication.override_requested": "gate",
  "publication.override_approved": "gate",
  "publication.prior_exposure_justified": "gate",
};

const actions = AUDIT_ACTIONS as readonly AuditAction[];

describe("a cleared interview goes back to review when what was signed changes", () => {
  it.each(actions.map((a) => [a] as const))("%s", (action) => {
    const expected = REOPENS[action];
    expect(consequenceOf(action, "cleared")).toEqual(expected ? { kind: "reopen", reason: expected } : null);
  });

  it("never for reading, downloading, exporting, commenting or reconfirming", () => {
    for (const a of [
      "consent.viewed",
      "consent.reconfirmed",
      "consent.exported",
      "review.document_viewed",
      "review.downloaded",
      "vault.viewed",
      "interview.comment_added",
      "publication.cleared",
      "interview.status_changed",
    ] as AuditAction[])
      expect(consequenceOf(a, "cleared")).toBeNull();
  });

  it("every reason has plain words for the interview page", () => {
    for (const reason of new Set(Object.values(REOPENS))) expect(REOPEN_REASONS[reason]).toMatch(/after clearance\.$/);
  });
});

describe("after publication, withdrawal or revocation means a takedown, nothing else does", () => {
  it.each(actions.map((a) => [a] as const))("%s", (action) => {
    const cause = action === "consent.withdrawn" ? "withdrawn" : action === "consent.revoked" ? "revoked" : null;
    expect(consequenceOf(action, "published")).toEqual(cause ? { kind: "takedown", cause } : null);
  });
});

describe("in any other status, changes have no consequence here", () => {
  const others = INTERVIEW_STATUSES.filter((s) => s !== "cleared" && s !== "published");
  it.each(others.map((s) => [s] as const))("%s", (status) => {
    for (const action of actions) expect(consequenceOf(action, status)).toBeNull();
  });

  it("mayMatter is true exactly for the actions with a consequence somewhere", () => {
    for (const action of actions) {
      const any = INTERVIEW_STATUSES.some((s) => consequenceOf(action, s) !== null);
      expect(mayMatter(action)).toBe(any);
    }
  });
});
