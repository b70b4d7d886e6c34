import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { attachUpload } from "@/lib/consent/attach-upload";
import { readConsentUpload } from "@/lib/consent/read-upload";
import { recordConsent } from "@/lib/consent/record-consent";
import { systemCtx } from "@/lib/context";
import { runMaintenance } from "@/lib/maintenance";
import { sweepOrphanUploads } from "@/lib/uploads/sweep-orphans";
import { verifyStoredChain } from "@/lib/audit/verify-stored-chain";
import { consentInput, HOUR, plainJpeg } from "../support/consent-fixtures";
import { interviewInput, seedInterview, seedNewsroom } from "../support/seed";
import { auditSince, auditCount, registerTestDb } from "../support/test-db";

const data = registerTestDb("each");

/** A file as a crash between writing an upload and committing its row would leave it, `ageMs` old. */
function strayFile(ageMs: number): string {
  const id = randomUUID();
  const dir = path.join(data.dir, "uploads");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, id);
  fs.writeFileSync(file, Buffer.from("encrypted bytes nobody can reach"));
  const when = new Date(Date.now() - ageMs);
  fs.utimesSync(file, when, when);
  return id;
}

describe("sweepOrphanUploads", () => {
  it("removes old files no row refers to, keeps recorded and recent ones, and audits the count", async () => {
    const n = await seedNewsroom();
    const interviewId = seedInterview(n.ctxs.jo, interviewInput(n.kyiv));
    const { recordId } = recordConsent({ ctx: n.ctxs.jo, input: consentInput(interviewId, n.clock.now()) });
    const { uploadId } = await attachUpload({ ctx: n.ctxs.jo, interviewId, recordId, bytes: await plainJpeg() });
    const recordedFile = path.join(data.dir, "uploads", uploadId);
    const old = new Date(Date.now() - 3 * HOUR);
    fs.utimesSync(recordedFile, old, old);
    const orphan = strayFile(2 * HOUR);
    const recent = strayFile(60_000);
    fs.writeFileSync(path.join(data.dir, "uploads", "README.txt"), "not ours");

    const before = auditCount();
    expect(sweepOrphanUploads(systemCtx(), { olderThanMs: HOUR })).toEqual({ removed: 1 });
    expect(auditSince(before).map((e) => [e.action, e.actorId, e.data])).toEqual([["uploads.orphans_removed", null, { count: 1 }]]);
    const left = fs.readdirSync(path.join(data.dir, "uploads")).sort();
    expect(left).toEqual([uploadId, recent, "README.txt"].sort());
    expect(left).not.toContain(orphan);
    // The recorded upload still opens.
    expect(readConsentUpload({ ctx: n.ctxs.jo, uploadId }).bytes.length).toBeGreaterThan(0);

    // Nothing more to do: no entry.
    const after = auditCount();
    expect(sweepOrphanUploads(systemCtx(), { olderThanMs: HOUR })).toEqual({ removed: 0 });
    expect(auditCount()).toBe(after);
    expect(verifyStoredChain().intact).toBe(true);
  });

  it("runs with the hourly maintenance, and does nothing without an uploads folder", async () => {
    await seedNewsroom();
    expect(sweepOrphanUploads(systemCtx(), { olderThanMs: HOUR })).toEqual({ removed: 0 });
    const orphan = strayFile(2 * HOUR);
    runMaintenance();
    expect(fs.existsSync(path.join(data.dir, "uploads", orphan))).toBe(false);
  });
});
