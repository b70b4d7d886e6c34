/**
 * Consent export benchmark: `npm run bench:export [-- --records N] [--per-interview K] [--no-pdf] [--keep]`.
 *
 * Seeds a temporary DATA_DIR through the real services (setup, interviews, consent records with every free-text
 * answer filled, a reconfirmation on every other record), then measures, as the administrator:
 *  1. JSON only, CSV only, and JSON + CSV together for all N records (default 10,000; target: under 10 s each):
 *     wall time, records/s, bundle size, heap and RSS sampled every 100 ms (after a full GC with --expose-gc);
 *  2. PDF certificates for one interview's K records (default 20; the typical per-interview export): time each;
 *  3. the offline verifier on the JSON + CSV bundle.
 * Every export is audited like any other, so the seeded database ends with their entries.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, getConnection } from "../db/client";
import { parseFlags } from "../lib/cli/args";
import { recordConsent } from "../lib/consent/record-consent";
import { createInterview } from "../lib/interviews/create-interview";
import { reconfirmConsent } from "../lib/consent/reconfirm-consent";
import { writeConsentExport } from "../lib/exports/consent-export";
import { countConsentRecords } from "../lib/exports/load-consent-records";
import { getDb } from "../db/client";
import { verifyConsentExport } from "../lib/exports/verify-bundle";
import type { ExportFormat } from "../lib/exports/schema";
import { consentInput, MINUTE, iso } from "../tests/support/consent-input";
import { makeCtx, setupAdmin, T0 } from "../tests/support/seed";

const TARGET_S = 10;
const { flags, error } = parseFlags(process.argv.slice(2), {
  records: "string",
  "per-interview": "string",
  "no-pdf": "boolean",
  keep: "boolean",
});
if (error) {
  console.error(`${error}\nUsage: npm run bench:export [-- --records N] [--per-interview K] [--no-pdf] [--keep]`);
  process.exit(2);
}
const RECORDS = Number(String(flags.records ?? "10000").replace(/[_,]/g, ""));
const PER_INTERVIEW = Number(flags["per-interview"] ?? 20);
const WITH_PDF = !flags["no-pdf"];
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => (bytes / 1048576).toFixed(1);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sourcekeeper-bench-export-"));
  process.env.DATA_DIR = dir;
  closeDb();
  getConnection();
  let clock = T0;
  const now = () => clock;
  const admin = await setupAdmin({ now });
  const ctx = makeCtx(admin.ctx.actor, { now });

  // 1. Seed.
  let t = performance.now();
  let made = 0;
  let pdfInterview = "";
  while (made < RECORDS) {
    const pow = made % (PER_INTERVIEW * 2) === 0;
    const { interviewId } = createInterview({
      ctx,
      input: {
        codeName: `Bench ${pow ? "POW" : "Refugee"} ${String.fromCharCode(65 + ((made / PER_INTERVIEW) % 26))}${Math.floor(made / PER_INTERVIEW)}`,
        sourceType: pow ? "pow" : "defector",
        minor: false,
        inCustody: pow,
        recentTrauma: false,
        custodyHolder: pow ? "Detaining state" : "",
        outlet: "The Daily Example",
        deskId: admin.deskId,
        plannedDate: "",
        setting: pow ? "custodial_facility" : "safe_location",
        sourceLanguage: "ko",
        interviewLanguage: "ko",
        interpreter: "independent",
        notes: "",
      },
    });
    pdfInterview ||= interviewId;
    for (let k = 0; k < PER_INTERVIEW && made < RECORDS; k++, made++) {
      clock += MINUTE;
      const { recordId } = recordConsent({
        ctx,
        input: consentInput(interviewId, clock, {
          explainBack: `He restated the points in his own words, session ${k + 1}, and asked how long it stays online.`,
          sourceQuestions: "Who will read this? Can my family see it?",
          leaveOut: "His unit and his home county.",
        }),
      });
      if (made % 2 === 0) {
        clock += MINUTE;
        reconfirmConsent({
          ctx,
          input: {
            interviewId,
            recordId,
            occurredAt: iso(clock - 30_000),
            channel: "secure_message",
            reexplained: "Read the final draft aloud.",
            contentShownSha256: "",
          },
        });
      }
    }
  }
  const seedS = (performance.now() - t) / 1000;
  console.log(
    `Seeded ${RECORDS.toLocaleString("en")} consent records in ${Math.ceil(RECORDS / PER_INTERVIEW)} interviews in ${seedS.toFixed(1)} s (${dir})`,
  );

  const exportOnce = async (label: string, formats: ExportFormat[], filters: Record<string, string> = {}) => {
    gc?.();
    const base = process.memoryUsage();
    const file = path.join(dir, `${label.replace(/\W+/g, "-")}.zip`);
    const out = fs.createWriteStream(file);
    const request = {
      interviewId: "",
      deskId: "",
      decidedFrom: "",
      decidedTo: "",
      status: "" as const,
      sourceType: "" as const,
      sensitive: false,
      reason: "",
      ...filters,
      formats,
    };
    const total = countConsentRecords(getDb(), ctx.actor!, filters, clock);
    let peakHeap = 0;
    let peakRss = 0;
    const sample = () => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    };
    // Live heap after a full GC at every tenth of the way: flat memory means these do not grow with the records.
    const retained: number[] = [];
    let nextTenth = 0.1;
    const onProgress = (done: number, all: number) => {
      if (gc && done / all >= nextTenth) {
        gc();
        retained.push(process.memoryUsage().heapUsed);
        nextTenth += 0.1;
      }
    };
    const timer = setInterval(sample, 100);
    const start = performance.now();
    const result = await writeConsentExport({ ...ctx, actor: ctx.actor! }, { name: "Bench admin" }, request, out, onProgress);
    await new Promise<void>((resolve, reject) => out.end(() => resolve()).on("error", reject));
    const s = (performance.now() - start) / 1000;
    clearInterval(timer);
    sample();
    const size = fs.statSync(file).size;
    console.log(
      `${label.padEnd(22)} ${result.records.toLocaleString("en").padStart(7)} of ${total.toLocaleString("en")} records  ${s.toFixed(2).padStart(6)} s  ${Math.round(
        result.records / s,
      )
        .toLocaleString("en")
        .padStart(
          7,
        )} records/s  ${mb(size).padStart(6)} MB  heap peak ${mb(peakHeap)} MB, live after GC ${retained.length ? `${mb(Math.min(...retained))}–${mb(Math.max(...retained))}` : "n/a"} MB (start ${mb(base.heapUsed)})  RSS peak ${mb(peakRss)} MB${formats.includes("pdf") ? "" : `  ${s < TARGET_S ? "✓" : "✗"} target < ${TARGET_S} s`}`,
    );
    return { file, s };
  };

  console.log("\nExports (as the administrator, default: no free text, no scans):");
  await exportOnce("JSON", ["json"]);
  await exportOnce("CSV", ["csv"]);
  const both = await exportOnce("JSON + CSV", ["json", "csv"]);
  if (WITH_PDF) {
    const pdf = await exportOnce(`PDF (one interview)`, ["pdf"], { interviewId: pdfInterview });
    const count = Math.min(PER_INTERVIEW, RECORDS);
    console.log(`  → ${((pdf.s * 1000) / count).toFixed(1)} ms per certificate over ${count} certificates`);
  }

  t = performance.now();
  const verdict = await verifyConsentExport(both.file);
  console.log(
    `\nOffline verification of the JSON + CSV bundle: ${((performance.now() - t) / 1000).toFixed(2)} s, ${verdict.ok ? "verified" : `FAILED: ${verdict.problems.join("; ")}`}`,
  );
  closeDb();
  if (!flags.keep) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
