import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CONSENT_STATE_LABELS } from "@/lib/consent/state-machine";
import { DEFAULT_CONSENT_SCRIPT } from "@/lib/consent/default-script";
import { findSouthernLoanwords } from "@/lib/consent/korean-style";
import { SECTION_MAX_CHARS, type ScriptText } from "@/lib/consent/script-types";
import { fingerprintOf, type ConsentRecordJson } from "@/lib/exports/consent-record";
import { renderCertificate, SENSITIVE_BANNER, type CertificateMeta } from "@/lib/exports/pdf/certificate";
import { FONT_DIR_ENV, fontPaths, loadPdfFonts } from "@/lib/exports/pdf/fonts";
import { KO_LABELS } from "@/lib/exports/pdf/labels-ko";
import { EN_LABELS, RECEIPT_TEXT, renderReceipt, type ReceiptInput } from "@/lib/exports/pdf/receipt";
import { applyStyle, createDocument, formatInstant, wrapWords } from "@/lib/exports/pdf/render";
import { sampleConsentRecord } from "@/tests/support/consent-export-fixtures";
import { extractPdfText, type PdfText } from "@/tests/support/pdf-text";

/** Whitespace collapsed, so text that a PDF broke across lines can be searched for. */
const flat = (s: string): string => s.replace(/\s+/g, " ").trim();

const DEFAULT_META: CertificateMeta = {
  exportId: "exp-7f3a",
  exportedAt: "2026-11-27T10:15:00.000Z",
  exportedBy: "Editor Kwon",
  sensitive: false,
};

/** Two recorders, one with a Hangul name, so each event's recorder must really be printed per row. */
function recordWithTwoRecorders(): ConsentRecordJson {
  const base = sampleConsentRecord();
  const [given, reconfirmed] = base.events;
  return sampleConsentRecord({
    events: [
      { ...given!, recorded_by: { user_id: "u-j", name: "Min-ji Journalist" } },
      { ...reconfirmed!, recorded_by: { user_id: "u-k", name: "김서연 기자" } },
    ],
  });
}

const LONG_PRIVATE = {
  leaveOut: `${"그의 고향 마을 이름과 부대 번호를 빼 달라고 했습니다. ".repeat(60)}LEAVE-OUT-END`,
  sourceQuestions: `${"Asked who will see the video and whether the guards can read it. ".repeat(30)}QUESTIONS-END`,
  explainBack: `${"He said in his own words that anyone anywhere can see it. ".repeat(34)}EXPLAIN-END`,
};

describe("consent certificate (default export)", () => {
  const rec = recordWithTwoRecorders();
  let pdf: Buffer;
  let out: PdfText;

  beforeAll(async () => {
    pdf = await renderCertificate(rec, DEFAULT_META);
    out = await extractPdfText(pdf);
  }, 30_000);

  it("is an A4 PDF that pdf.js opens, with a page count in every footer", () => {
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(out.pages.length).toBeGreaterThanOrEqual(2);
    out.pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${out.pages.length}`));
  });

  it("names the record: code name, interview, source type, controller, script", () => {
    const text = flat(out.text);
    expect(text).toContain("은하수 Galaxy");
    expect(text).toContain(rec.interview.id);
    expect(text).toContain(rec.record_id);
    expect(text).toContain("Prisoner of war");
    expect(text).toContain("The Daily Example");
    expect(text).toContain("Korea desk");
    expect(text).toContain("2026-11 (built in)");
    expect(text).toContain("면담과 보도에 대한 동의");
    expect(text).toContain("Korean (ko)");
    expect(text).toContain(rec.notice.script_sha256);
    expect(text).toContain("Exported 2026-11-27 10:15 UTC by Editor Kwon (export exp-7f3a)");
  });

  it("prints the fingerprint whole and says how to recompute it", () => {
    expect(rec.fingerprint).toBe(fingerprintOf(rec));
    expect(out.text).toContain(rec.fingerprint);
    expect(flat(out.text)).toContain(rec.fingerprint.match(/.{8}/g)!.join(" "));
    expect(flat(out.text)).toMatch(/remove its “fingerprint” and “private_fields” members.*canonical JSON.*SHA-256/);
    expect(out.text).toContain(rec.terms_sha256);
  });

  it("gives the structured terms in words", () => {
    const text = flat(out.text);
    for (const phrase of [
      "Recorded verbal consent",
      rec.collection_method.recording_sha256!,
      "2026-11-20 08:40 UTC (40 minutes after the explanation)",
      "Sessions 2",
      "Consent given",
      "Present Nobody else",
      "Used. Independent: Yes. Confidentiality undertaking: Yes.",
      "The source could decide (proceed)",
      "Name A pseudonym",
      "Face Not filmed or photographed",
      "Voice Re-voiced or altered",
      "The North Korean state (strictest)",
      "Media Text, Audio",
      "Uses allowed Quotes, Audio, Translation",
      "Embargo until 2026-12-01",
      "Consent expires on 2027-11-20",
      "Yes What the interview is for",
      "No How to reach us",
    ]) {
      expect(text).toContain(phrase);
    }
  });

  it("lists every event with its label, times, recorder and channel", () => {
    const text = flat(out.text);
    for (const e of rec.events) {
      const row = [CONSENT_STATE_LABELS[e.type], formatInstant(e.occurred_at), formatInstant(e.recorded_at), e.recorded_by.name].join(" ");
      expect(text).toContain(row);
    }
    expect(text).toContain("김서연 기자 In person");
    expect(text).toContain(`Content shown (SHA-256): ${rec.events[1]!.content_shown_sha256}`);
    expect(text).toContain("Reconfirmations 1, last on 2026-11-24 10:00 UTC");
  });

  it("describes attachments by type, size and hash", () => {
    const text = flat(out.text);
    expect(text).toContain("image/jpeg 20 KB (20,480 bytes) EXIF, GPS");
    expect(text).toContain(`SHA-256: ${rec.attachments[0]!.sha256}`);
  });

  it("names the withheld free-text fields, and holds no private value or sensitive marking", () => {
    const text = flat(out.text);
    expect(text).toContain("withheld from default exports");
    expect(text).toContain("General location (locationGeneral)");
    expect(text).toContain("(explainBack)");
    expect(text).toContain("Details written (in sensitive exports only).");
    expect(text).not.toContain("SENSITIVE");
    expect(text).not.toContain("Sensitive:");
  });

  it("keeps identities out of the PDF metadata", () => {
    expect(out.info.Title).toBe("Consent certificate");
    expect(out.info.Producer).toBe("Sourcekeeper");
    expect(out.info.Author).toBeUndefined();
    expect(out.info.Subject).toBeUndefined();
    const info = JSON.stringify(out.info);
    for (const secret of ["은하수", "Galaxy", "Min-ji", "김서연", "Editor Kwon", rec.interview.id]) expect(info).not.toContain(secret);
  });
});

describe("consent certificate: other records", () => {
  it("prints prisoner-of-war approvals by editor name, and a withdrawal", async () => {
    const base = sampleConsentRecord();
    const rec = sampleConsentRecord({
      extensions: {
        ...base.extensions,
        "sourcekeeper:pow_override": {
          required: true,
          satisfied: true,
          approvals: [
            { editor: { user_id: "ed1", name: "Editor Kwon" }, approved_at: "2026-11-21T09:00:00.000Z" },
            { editor: { user_id: "ed2", name: "박 편집장" }, approved_at: "2026-11-21T11:30:00.000Z" },
          ],
        },
      },
      consent_status: { ...base.consent_status, status: "withdrawn", dpv_status: "dpv:ConsentWithdrawn" },
      events: [
        ...base.events,
        {
          event_id: "e3",
          type: "withdrawn",
          dpv_status: "dpv:ConsentWithdrawn",
          occurred_at: "2026-11-30T07:00:00.000Z",
          recorded_at: "2026-11-30T08:00:00.000Z",
          recorded_by: { user_id: "u-k", name: "Desk Officer Lee" },
          channel: "via_intermediary",
          content_shown_sha256: null,
          details_recorded: true,
        },
      ],
    });
    const text = flat((await extractPdfText(await renderCertificate(rec, DEFAULT_META))).text);
    expect(text).toContain("Two editors' approval required Yes");
    expect(text).toContain("Editor Kwon, 2026-11-21 09:00 UTC 박 편집장, 2026-11-21 11:30 UTC");
    expect(text).toContain("Consent status Withdrawn by the source");
    expect(text).toContain(
      "Withdrawal Withdrawn by the source: 2026-11-30 07:00 UTC, recorded 2026-11-30 08:00 UTC by Desk Officer Lee, through an intermediary.",
    );
  }, 20_000);

  it("refuses to print free-text answers in an export not marked sensitive", async () => {
    const rec = sampleConsentRecord({ private_fields: { withheld: ["leaveOut"], values: { leaveOut: "the village name" } } });
    await expect(renderCertificate(rec, DEFAULT_META)).rejects.toThrow(/sensitive/);
  });
});

describe("consent certificate (sensitive export)", () => {
  const rec = sampleConsentRecord({
    private_fields: {
      withheld: ["locationGeneral", "explainBack", "leaveOut", "sourceQuestions"],
      values: { locationGeneral: "키이우 근처 안전한 곳 (safe house)", ...LONG_PRIVATE },
      event_details: { e2: "Showed the draft; he asked us to remove his home town." },
    },
  });
  let out: PdfText;
  let defaultPages: number;

  beforeAll(async () => {
    out = await extractPdfText(await renderCertificate(rec, { ...DEFAULT_META, sensitive: true }));
    defaultPages = (await extractPdfText(await renderCertificate(sampleConsentRecord(), DEFAULT_META))).pages.length;
  }, 30_000);

  it("marks every page as sensitive", () => {
    for (const page of out.pages) expect(page).toContain(SENSITIVE_BANNER);
  });

  it("prints the free-text answers and event details in a Sensitive section", () => {
    const text = flat(out.text);
    expect(text).toContain("Sensitive: free-text answers");
    expect(text).toContain("General location (locationGeneral) 키이우 근처 안전한 곳 (safe house)");
    expect(text).toContain("Sensitive: event details");
    expect(text).toContain("Showed the draft; he asked us to remove his home town.");
    expect(text).toContain("Details written: see the Sensitive section.");
  });

  it("flows long answers over several pages without losing text", () => {
    expect(out.pages.length).toBeGreaterThan(defaultPages + 1);
    const text = flat(out.text);
    for (const value of Object.values(LONG_PRIVATE)) expect(text).toContain(flat(value).slice(-200));
    expect(text).toContain("LEAVE-OUT-END");
    expect(text).toContain("QUESTIONS-END");
    expect(text).toContain("EXPLAIN-END");
    out.pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${out.pages.length}`));
  });

  it("has the same fingerprint as the default export", () => {
    expect(rec.fingerprint).toBe(sampleConsentRecord().fingerprint);
    expect(out.text).toContain(rec.fingerprint);
  });
});

const ko = DEFAULT_CONSENT_SCRIPT.texts.ko as ScriptText;
const en = DEFAULT_CONSENT_SCRIPT.texts.en as ScriptText;

describe("source receipt", () => {
  const rec = sampleConsentRecord();
  const input: ReceiptInput = {
    record: rec,
    withdrawal: { ko: ko.withdrawal, en: en.withdrawal },
    reference: "K7-QX4M",
    outletName: null,
    contact: null,
    issuedOn: "2026-11-27",
  };
  let out: PdfText;

  beforeAll(async () => {
    out = await extractPdfText(await renderReceipt(input));
  }, 30_000);

  it("is exactly one page, Korean and English", () => {
    expect(out.pages).toHaveLength(1);
    const text = flat(out.text);
    expect(text).toContain(RECEIPT_TEXT.title.ko);
    expect(text).toContain(RECEIPT_TEXT.title.en);
    expect(text).toContain(flat(ko.withdrawal));
    expect(text).toContain(flat(en.withdrawal));
    expect(text).toContain("확인 번호: K7-QX4M");
    expect(text).toContain("Reference: K7-QX4M");
    expect(text).toContain("2026-11-27");
  });

  it("says what the source agreed to, in both languages", () => {
    const text = flat(out.text);
    expect(text).toContain(`이름: ${KO_LABELS.name.pseudonym}`);
    expect(text).toContain(`Name: ${EN_LABELS.name.pseudonym}`);
    expect(text).toContain(`얼굴: ${KO_LABELS.face.not_filmed}`);
    expect(text).toContain(`목소리: ${KO_LABELS.voice.altered}`);
    expect(text).toContain(KO_LABELS.anonymityFrom.dprk_state);
    expect(text).toContain("글, 소리(녹음)");
    expect(text).toContain(`허락한 것: ${KO_LABELS.uses.quotes}, ${KO_LABELS.uses.audio}, ${KO_LABELS.uses.translation}`);
    expect(text).toContain(RECEIPT_TEXT.embargo.ko("2026-12-01"));
    expect(text).toContain(RECEIPT_TEXT.expiry.en("2027-11-20"));
  });

  it("carries nothing that could identify the source or the newsroom", () => {
    const everything = `${out.text}\n${JSON.stringify(out.info)}`;
    for (const secret of [
      "은하수",
      "Galaxy",
      rec.record_id,
      rec.record_id.slice(0, 8),
      rec.interview.id,
      rec.interview.id.slice(0, 8),
      "Min-ji",
      "Journalist",
      "The Daily Example",
      "Korea desk",
      "Korean service",
      rec.notice.script_label,
      rec.notice.script_sha256,
      rec.fingerprint,
      "Sourcekeeper",
      "Prisoner of war",
      "전쟁포로",
    ]) {
      expect(everything).not.toContain(secret);
    }
    // The labels of the optional lines (the words themselves occur in the withdrawal text).
    for (const label of [RECEIPT_TEXT.outlet, RECEIPT_TEXT.contact]) {
      expect(everything).not.toContain(`${label.ko}:`);
      expect(everything).not.toContain(`${label.en}:`);
    }
  });

  it("has neutral metadata dated to the day only", () => {
    expect(out.info.Title).toBe("본인 보관용 / Your copy");
    expect(out.info.Producer).toBeUndefined();
    expect(out.info.Creator).toBeUndefined();
    expect(out.info.Author).toBeUndefined();
    expect(String(out.info.CreationDate)).toMatch(/^D:20261127000000/);
  });

  it("prints the outlet and the contact only when given", async () => {
    const text = flat(
      (await extractPdfText(await renderReceipt({ ...input, outletName: "Example Weekly", contact: "Ask for Mina at the market stall" })))
        .text,
    );
    expect(text).toContain("보도기관: Example Weekly");
    expect(text).toContain("News organisation: Example Weekly");
    expect(text).toContain("연락 방법: Ask for Mina at the market stall");
    expect(text).toContain("How to reach us: Ask for Mina at the market stall");
  }, 20_000);

  it("uses no Southern loanword in its own Korean", () => {
    const fixed = [
      ...Object.values(KO_LABELS).flatMap((group) => Object.values(group) as string[]),
      ...Object.values(RECEIPT_TEXT).map((pair) => (typeof pair.ko === "function" ? pair.ko("2026-12-01") : pair.ko)),
    ];
    expect(fixed.length).toBeGreaterThan(40);
    for (const text of fixed) expect(findSouthernLoanwords(text), text).toEqual([]);
    expect(findSouthernLoanwords(out.text)).toEqual([]);
  });

  it("stays on one page with the longest withdrawal text a script may have", async () => {
    const longest = await renderReceipt({
      ...input,
      withdrawal: {
        ko: "마음이 바뀌면 언제든지 알려 주십시오. ".repeat(200).slice(0, SECTION_MAX_CHARS),
        en: "Tell us if you change your mind. ".repeat(100).slice(0, SECTION_MAX_CHARS),
      },
      outletName: "Example Weekly",
      contact: "Ask for Mina at the market stall",
    });
    const { pages } = await extractPdfText(longest);
    expect(pages).toHaveLength(1);
    expect(flat(pages[0]!)).toContain("Reference: K7-QX4M");
  }, 20_000);

  it("refuses to leave out how to withdraw or the reference", async () => {
    await expect(renderReceipt({ ...input, withdrawal: { ko: " ", en: en.withdrawal } })).rejects.toThrow(/withdraw/);
    await expect(renderReceipt({ ...input, withdrawal: { ko: ko.withdrawal, en: "" } })).rejects.toThrow(/withdraw/);
    await expect(renderReceipt({ ...input, reference: "  " })).rejects.toThrow(/reference/);
  });

  it("refuses a text that cannot fit on one page", async () => {
    await expect(renderReceipt({ ...input, withdrawal: { ko: "가나다라 ".repeat(5000), en: "words ".repeat(5000) } })).rejects.toThrow(
      /one page/,
    );
  }, 20_000);

  it("says so when the source refused, without listing choices", async () => {
    const refused = sampleConsentRecord({
      collection_method: { ...rec.collection_method, outcome: "refused" },
      consent_status: { ...rec.consent_status, status: "refused", dpv_status: "dpv:ConsentRefused" },
    });
    const text = flat((await extractPdfText(await renderReceipt({ ...input, record: refused }))).text);
    expect(text).toContain(KO_LABELS.status.refused);
    expect(text).toContain(EN_LABELS.status.refused);
    expect(text).not.toContain(RECEIPT_TEXT.agreed.en);
  }, 20_000);
});

describe("line breaking", () => {
  const doc = createDocument({ title: "test", lang: "ko" });
  const width = 120;

  it("breaks Korean between words only, within the width", () => {
    const text = ko.withdrawal.split("\n\n")[0]!;
    const lines = wrapWords(doc, text, width);
    expect(lines.length).toBeGreaterThan(3);
    const words = new Set(text.split(" "));
    applyStyle(doc);
    for (const line of lines) {
      for (const word of line.split(" ")) expect(words.has(word), word).toBe(true);
      expect(doc.widthOfString(line)).toBeLessThanOrEqual(width);
    }
    expect(lines.join(" ")).toBe(text);
  });

  it("breaks a token wider than the line between characters, and normalises line ends", () => {
    const hash = "d".repeat(64);
    const lines = wrapWords(doc, `${hash}\r\nnext\tline`, width, { size: 9 });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(0, -1).join("")).toBe(hash);
    expect(lines.at(-1)).toBe("next line");
    expect(wrapWords(doc, hash, 365, { size: 9 })).toEqual([hash]);
  });
});

describe("PDF fonts", () => {
  const saved = process.env[FONT_DIR_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[FONT_DIR_ENV];
    else process.env[FONT_DIR_ENV] = saved;
  });

  it("reads the fonts from the directory the environment names, and says which file is missing", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sk-fonts-"));
    try {
      process.env[FONT_DIR_ENV] = dir;
      expect(() => loadPdfFonts()).toThrow(new RegExp(`${FONT_DIR_ENV}.*NotoSansKR_400Regular\\.ttf`));
      delete process.env[FONT_DIR_ENV];
      const installed = fontPaths();
      symlinkSync(installed.regular, path.join(dir, path.basename(installed.regular)));
      symlinkSync(installed.bold, path.join(dir, path.basename(installed.bold)));
      process.env[FONT_DIR_ENV] = dir;
      expect(fontPaths().regular).toBe(path.join(dir, "NotoSansKR_400Regular.ttf"));
      const fonts = loadPdfFonts();
      expect(fonts.regular.subarray(0, 4)).toEqual(Buffer.from([0, 1, 0, 0]));
      expect(fonts.bold.length).toBeGreaterThan(1_000_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
