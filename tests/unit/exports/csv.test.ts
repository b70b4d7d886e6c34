import { describe, expect, it } from "vitest";
import type { ConsentRecordJson } from "@/lib/exports/consent-record";
import { CONSENT_CSV_COLUMNS, CSV_BOM, csvColumnsDoc, csvHeaderLine, csvRecordLine, neutraliseFormula } from "@/lib/exports/csv";
import { sampleConsentRecord } from "@/tests/support/consent-export-fixtures";

/**
 * A strict RFC 4180 parser (csv-parse is not installed): records end with CRLF (the last one too), a field is
 * either plain (no comma, quote, CR or LF) or wholly in double quotes with its quotes doubled. Anything else throws,
 * so a line that is not valid RFC 4180 fails the test instead of being read leniently.
 */
function parseRfc4180(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  if (text === "") return rows;
  for (;;) {
    let field = "";
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i += 1;
            break;
          }
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ",") {
      i += 1;
      continue;
    }
    if (text[i] === "\r" && text[i + 1] === "\n") {
      i += 2;
      rows.push(row);
      row = [];
      if (i === text.length) return rows;
      continue;
    }
    throw new Error(i >= text.length ? "the last record does not end with CRLF" : `unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
}

const NAMES = CONSENT_CSV_COLUMNS.map((c) => c.name);

/** A record's line parsed back, by column name. */
function cells(record: ConsentRecordJson): Record<string, string> {
  const rows = parseRfc4180(csvRecordLine(record));
  expect(rows).toHaveLength(1);
  const row = rows[0] ?? [];
  expect(row).toHaveLength(NAMES.length);
  return Object.fromEntries(NAMES.map((n, i) => [n, row[i] ?? ""]));
}

const withCodeName = (codeName: string): ConsentRecordJson => {
  const base = sampleConsentRecord();
  return sampleConsentRecord({
    pii_principal: { ...base.pii_principal, id: codeName },
    interview: { ...base.interview, code_name: codeName },
  });
};

/** Records that between them fill every column with something awkward. */
function variedRecords(): ConsentRecordJson[] {
  const base = sampleConsentRecord();
  return [
    base,
    withCodeName('=HYPERLINK("http://x")'),
    withCodeName("@SUM(1)"),
    withCodeName('별, "따옴표"\r\n줄바꿈 🙂'),
    sampleConsentRecord({
      previous_record_id: "0b0c",
      purposes: { ...base.purposes, outlets_agreed: null, outlets_withheld_reason: "It contains an identifier." },
      processing: { ...base.processing, media: [], permitted_uses: [], embargo_until: null, expires_on: null },
      consent_status: {
        status: "withdrawn",
        dpv_status: "dpv:ConsentWithdrawn",
        last_confirmed_at: null,
        last_reconfirmed_at: null,
        reconfirmations: 0,
      },
      events: [],
      attachments: [],
      private_fields: { withheld: [] },
    }),
    sampleConsentRecord({
      private_fields: {
        withheld: [],
        values: { explainBack: "=1+1" },
        event_details: { e2: "-- words" },
        attachment_files: { up1: "attachments/x/up1.jpg" },
      },
    }),
  ];
}

describe("CSV columns", () => {
  it("have unique snake_case names and a description each", () => {
    expect(new Set(NAMES).size).toBe(NAMES.length);
    for (const c of CONSENT_CSV_COLUMNS) {
      expect(c.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(c.description.length).toBeGreaterThan(5);
    }
  });

  it("include the columns the issue asks for", () => {
    for (const name of [
      "record_id",
      "previous_record_id",
      "interview_id",
      "code_name",
      "source_type",
      "desk",
      "outlet",
      "status",
      "dpv_status",
      "script_label",
      "script_sha256",
      "language",
      "method",
      "outcome",
      "explained_at",
      "decided_at",
      "record_created_at",
      "recorded_by",
      "last_confirmed_at",
      "last_reconfirmed_at",
      "reconfirmations",
      "withdrawn_at",
      "revoked_at",
      "expired_at",
      "embargo_until",
      "expires_on",
      "name_choice",
      "face_choice",
      "voice_choice",
      "anonymity_from",
      "media",
      "permitted_uses",
      "detaining_authority_present",
      "information_complete",
      "pow_override_required",
      "pow_override_approvals",
      "pow_override_satisfied",
      "events",
      "attachments",
      "withheld_private_fields",
      "terms_sha256",
      "fingerprint",
    ]) {
      expect(NAMES).toContain(name);
    }
  });

  it("documents every column, in order, in plain ASCII lines that fit the README", () => {
    const doc = csvColumnsDoc();
    const lines = doc.split("\n");
    for (const l of lines) {
      expect(l.length).toBeLessThanOrEqual(112);
      expect(l).toMatch(/^[\x20-\x7e]*$/);
    }
    const named = lines.map((l) => /^ {2}([a-z0-9_]+) {2,}/.exec(l)?.[1]).filter((n) => n !== undefined);
    expect(named).toEqual(NAMES);
    expect(doc).toContain("apostrophe");
    expect(doc.endsWith("\n")).toBe(false);
  });
});

describe("CSV lines", () => {
  it("the BOM is U+FEFF, written once by the caller, not by the line functions", () => {
    expect(CSV_BOM).toBe("\uFEFF");
    expect(CSV_BOM).toHaveLength(1);
    expect(Buffer.from(CSV_BOM, "utf8")).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csvHeaderLine().includes(CSV_BOM)).toBe(false);
    expect(csvRecordLine(sampleConsentRecord()).includes(CSV_BOM)).toBe(false);
  });

  it("the header is the column names, ending with CRLF", () => {
    expect(csvHeaderLine()).toBe(`${NAMES.join(",")}\r\n`);
    expect(parseRfc4180(csvHeaderLine())).toEqual([NAMES]);
  });

  it("every line ends with CRLF and holds no other line break outside quotes", () => {
    for (const r of variedRecords()) {
      const line = csvRecordLine(r);
      expect(line.endsWith("\r\n")).toBe(true);
      expect(parseRfc4180(line)).toHaveLength(1);
    }
    const plain = csvRecordLine(sampleConsentRecord());
    expect(plain.match(/\r\n/g)).toHaveLength(1);
    expect(plain.replace(/\r\n$/, "")).not.toMatch(/[\r\n]/);
  });

  it("renders the sample record's values: yes/no, empty for null, counts, lists joined with '; '", () => {
    const c = cells(sampleConsentRecord());
    expect(c).toMatchObject({
      record_id: "6f1c2a9e-0b7d-4c55-9a51-2f0f5d1e7a10",
      previous_record_id: "",
      interview_id: "1d0e7c7b-3a0f-4b8e-8f4a-7f2b9c3d4e5f",
      code_name: "은하수 Galaxy",
      source_type: "pow",
      vulnerabilities: "in_custody",
      outlet: "The Daily Example",
      desk: "Korea desk",
      status: "reconfirmed",
      dpv_status: "dpv:RenewedConsentGiven",
      script_label: "2026-11 (built in)",
      script_sha256: "a".repeat(64),
      language: "ko",
      method: "recorded_verbal",
      outcome: "given",
      sessions: "2",
      explained_at: "2026-11-20T08:00:00.000Z",
      recorded_by: "Min-ji Journalist",
      last_reconfirmed_at: "2026-11-24T10:00:00.000Z",
      reconfirmations: "1",
      withdrawn_at: "",
      revoked_at: "",
      expired_at: "",
      embargo_until: "2026-12-01",
      expires_on: "2027-11-20",
      name_choice: "pseudonym",
      face_choice: "not_filmed",
      voice_choice: "altered",
      anonymity_from: "dprk_state",
      media: "text; audio",
      permitted_uses: "quotes; audio; translation",
      detaining_authority_present: "no",
      information_complete: "yes",
      pow_override_required: "no",
      pow_override_approvals: "0",
      pow_override_satisfied: "yes",
      events: "2",
      attachments: "1",
      withheld_private_fields: "locationGeneral; explainBack",
      terms_sha256: "e".repeat(64),
      fingerprint: sampleConsentRecord().fingerprint,
    });
  });

  it("takes withdrawn_at, revoked_at and expired_at from the latest event of that type", () => {
    const base = sampleConsentRecord();
    const event = (id: string, type: "withdrawn" | "revoked", at: string) => ({ ...base.events[0]!, event_id: id, type, occurred_at: at });
    const c = cells(
      sampleConsentRecord({
        events: [
          ...base.events,
          event("w2", "withdrawn", "2026-12-03T00:00:00.000Z"),
          event("w1", "withdrawn", "2026-12-01T00:00:00.000Z"),
          event("r1", "revoked", "2026-12-05T00:00:00.000Z"),
        ],
      }),
    );
    expect(c.withdrawn_at).toBe("2026-12-03T00:00:00.000Z");
    expect(c.revoked_at).toBe("2026-12-05T00:00:00.000Z");
    expect(c.expired_at).toBe("");
    expect(c.events).toBe("5");
  });
});

describe("RFC 4180 quoting", () => {
  it.each([
    ["a comma", "Kim, Lee", '"Kim, Lee"'],
    ["double quotes", 'the "Galaxy"', '"the ""Galaxy"""'],
    ["a lone quote", 'a"b', '"a""b"'],
    ["CRLF", "one\r\ntwo", '"one\r\ntwo"'],
    ["a lone LF", "one\ntwo", '"one\ntwo"'],
    ["a lone CR", "one\rtwo", '"one\rtwo"'],
    ["Hangul", "은하수", "은하수"],
    ["emoji", "🌌 Galaxy 👩‍💻", "🌌 Galaxy 👩‍💻"],
    ["Hangul, emoji and a comma", "은하수, 🌌", '"은하수, 🌌"'],
    ["spaces at both ends", "  Galaxy  ", "  Galaxy  "],
  ])("%s", (_what, value, raw) => {
    const line = csvRecordLine(withCodeName(value));
    expect(line).toContain(`,${raw},`);
    expect(cells(withCodeName(value)).code_name).toBe(value);
  });

  it("a whole file (BOM, header, records) parses back to the same values, with as many cells in every row", () => {
    const records = variedRecords();
    const file = CSV_BOM + csvHeaderLine() + records.map(csvRecordLine).join("");
    expect(file.startsWith(CSV_BOM)).toBe(true);
    const rows = parseRfc4180(file.slice(CSV_BOM.length));
    expect(rows).toHaveLength(records.length + 1);
    expect(rows[0]).toEqual(NAMES);
    for (const row of rows) expect(row).toHaveLength(NAMES.length);
    records.forEach((r, i) => {
      const expected = CONSENT_CSV_COLUMNS.map((c) => {
        const v = c.value(r);
        return v === null ? "" : typeof v === "boolean" ? (v ? "yes" : "no") : typeof v === "number" ? String(v) : neutraliseFormula(v);
      });
      expect(rows[i + 1]).toEqual(expected);
    });
    expect(rows[4]?.[NAMES.indexOf("code_name")]).toBe('별, "따옴표"\r\n줄바꿈 🙂');
  });

  it("never writes the sensitive free text, even for a sensitive record", () => {
    const line = csvRecordLine(variedRecords()[5]!);
    expect(line).not.toContain("-- words");
    expect(line).not.toContain("1+1");
  });
});

describe("formula neutralisation (OWASP CSV injection)", () => {
  it.each([
    ["=", "=1+1"],
    ["+", "+1+1"],
    ["-", "-1+1"],
    ["@", "@SUM(1)"],
    ["tab", "\t=1"],
    ["tab before text", "\tplain"],
    ["carriage return", "\r=1"],
    ["carriage return before text", "\rplain"],
    ["full-width =", "＝1+1"],
    ["full-width +", "＋1"],
    ["full-width -", "－1"],
    ["full-width @", "＠SUM(1)"],
    ["small form =", "﹦1"],
    ["small form +", "﹢1"],
    ["small form -", "﹣1"],
    ["small form @", "﹫x"],
    ["superscript =", "⁼1"],
    ["a space first", " =1+1"],
    ["spaces and a tab first", "  \t+1"],
    ["an ideographic space first", "\u3000=1"],
    ["a no-break space first", "\u00a0@x"],
    ["a zero-width space first", "\u200b=1"],
    ["a byte-order mark first", "\ufeff=1"],
    ["a line feed first", "\n=1"],
    ["a double quote first", '"=1+1"'],
    ["double quotes and spaces first", '" "-1'],
    ["a full-width double quote first", "＂=1"],
  ])("prefixes an apostrophe: %s", (_what, cell) => {
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it.each([
    ["a hyphen in the middle", "Kim-Lee"],
    ["a leading digit", "2026-11-20T08:00:00.000Z"],
    ["a negative-looking date range in the middle", "1-2"],
    ["plain text", "Galaxy"],
    ["Hangul", "은하수"],
    ["emoji", "🌌"],
    ["an empty cell", ""],
    ["only spaces", "   "],
    ["leading spaces before text", "  Galaxy"],
    ["an apostrophe already", "'=1"],
    ["an equals sign in the middle", "a=b"],
    ["a Unicode minus sign (not a formula)", "\u22121"],
    ["an en dash", "\u20131"],
    ["a hash sign", "#1"],
  ])("leaves alone: %s", (_what, cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
  });

  it('a code name like =HYPERLINK("http://x") is written as text, quoted because of its quotes', () => {
    const line = csvRecordLine(withCodeName('=HYPERLINK("http://x")'));
    expect(line).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(cells(withCodeName('=HYPERLINK("http://x")')).code_name).toBe(`'=HYPERLINK("http://x")`);
  });

  it("a code name like @SUM(1) is written as text", () => {
    expect(csvRecordLine(withCodeName("@SUM(1)"))).toContain(",'@SUM(1),");
  });

  it("the apostrophe goes inside the quotes when the cell also needs quoting", () => {
    expect(csvRecordLine(withCodeName("=1,2"))).toContain(`,"'=1,2",`);
    expect(csvRecordLine(withCodeName("\r=cmd|' /C calc'!A0"))).toContain(`,"'\r=cmd|' /C calc'!A0",`);
  });

  it("applies to every text column, and to no number or yes/no cell", () => {
    const base = sampleConsentRecord();
    const c = cells(
      sampleConsentRecord({
        controller: { name: "+Outlet", desk: "-Desk" },
        record_creator: { user_id: "u1", name: "@editor" },
        notice: { ...base.notice, script_label: "=label" },
      }),
    );
    expect([c.outlet, c.desk, c.recorded_by, c.script_label]).toEqual(["'+Outlet", "'-Desk", "'@editor", "'=label"]);
    expect([c.reconfirmations, c.events, c.pow_override_required]).toEqual(["1", "2", "no"]);
  });

  it("no cell of any produced row begins with a formula character", () => {
    for (const r of variedRecords()) {
      for (const cell of parseRfc4180(csvRecordLine(r))[0] ?? []) {
        expect(cell).not.toMatch(/^[\s"]*[=+\-@＝＋－＠]/u);
        expect(cell).not.toMatch(/^[\t\r]/);
      }
    }
  });
});
