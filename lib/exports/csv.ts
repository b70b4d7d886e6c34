import { stringify } from "csv-stringify/sync";
import type { ConsentRecordJson } from "./consent-record";

/**
 * The CSV form of consent records (issue 8): one row per record, rendered from the same `ConsentRecordJson` the
 * JSON export writes, so the formats cannot disagree. UTF-8 with a byte-order mark (so spreadsheets read Hangul
 * correctly), RFC 4180: comma-separated, CRLF after every row, a field quoted when it contains a comma, a double
 * quote, CR or LF, with its quotes doubled. Booleans are "yes"/"no", null is an empty cell, lists are joined with
 * "; ". Free-text answers are never in the CSV, not even in a sensitive export (they are in its JSON).
 */

export type CsvCell = string | number | boolean | null;

export interface CsvColumn {
  name: string;
  description: string;
  value: (r: ConsentRecordJson) => CsvCell;
}

/** Prepended once, before the header line. */
export const CSV_BOM = "\uFEFF";

const LIST_SEPARATOR = "; ";
const list = (items: readonly string[]): string => items.join(LIST_SEPARATOR);

/** When an event of this type last occurred (the latest `occurred_at`), or null when there is none. */
function latest(r: ConsentRecordJson, type: ConsentRecordJson["events"][number]["type"]): string | null {
  let found: string | null = null;
  for (const e of r.events) {
    if (e.type === type && (found === null || Date.parse(e.occurred_at) > Date.parse(found))) found = e.occurred_at;
  }
  return found;
}

/** The columns, in order: what each holds (for the bundle's README) and how it is read from a record. */
export const CONSENT_CSV_COLUMNS: readonly CsvColumn[] = [
  { name: "record_id", description: "The consent record's identifier.", value: (r) => r.record_id },
  {
    name: "previous_record_id",
    description: "The record this one replaces after a change of scope; empty for a first record.",
    value: (r) => r.previous_record_id,
  },
  { name: "interview_id", description: "The interview's identifier.", value: (r) => r.interview.id },
  {
    name: "code_name",
    description: "The source's code name (a pseudonym; the real name is never recorded).",
    value: (r) => r.pii_principal.id,
  },
  {
    name: "source_type",
    description: "pow (prisoner of war), defector, family_in_dprk, other_at_risk or other.",
    value: (r) => r.pii_principal.source_type,
  },
  {
    name: "vulnerabilities",
    description: "minor, in_custody, recent_trauma: those that apply.",
    value: (r) => list(r.pii_principal.vulnerabilities),
  },
  { name: "interview_status", description: "The interview's workflow status when exported.", value: (r) => r.interview.status },
  { name: "outlet", description: "The newsroom responsible (the controller).", value: (r) => r.controller.name },
  { name: "desk", description: "The desk the interview belongs to.", value: (r) => r.controller.desk },
  {
    name: "status",
    description:
      "The consent status that counts: requested, given, refused, reconfirmed, withdrawn, revoked or expired (expired as soon as expires_on has passed).",
    value: (r) => r.consent_status.status,
  },
  {
    name: "dpv_status",
    description: "The same status as a W3C DPV concept (e.g. dpv:ConsentGiven).",
    value: (r) => r.consent_status.dpv_status,
  },
  { name: "script_label", description: "The consent script version read to the source.", value: (r) => r.notice.script_label },
  { name: "script_sha256", description: "SHA-256 of that script version.", value: (r) => r.notice.script_sha256 },
  { name: "language", description: "The language the script was read in.", value: (r) => r.notice.language },
  { name: "method", description: "written, recorded_verbal or witnessed_verbal.", value: (r) => r.collection_method.method },
  { name: "outcome", description: "What the source decided at first: given or refused.", value: (r) => r.collection_method.outcome },
  { name: "sessions", description: "In how many sessions consent was explained and obtained.", value: (r) => r.collection_method.sessions },
  { name: "explained_at", description: "When the script was explained.", value: (r) => r.collection_method.explained_at },
  { name: "decided_at", description: "When the source decided.", value: (r) => r.collection_method.decided_at },
  { name: "record_created_at", description: "When the record was written down in Sourcekeeper.", value: (r) => r.record_created_at },
  { name: "recorded_by", description: "Who wrote the record down (display name).", value: (r) => r.record_creator.name },
  {
    name: "last_confirmed_at",
    description: "When consent was last given or reconfirmed.",
    value: (r) => r.consent_status.last_confirmed_at,
  },
  { name: "last_reconfirmed_at", description: "When consent was last reconfirmed.", value: (r) => r.consent_status.last_reconfirmed_at },
  { name: "reconfirmations", description: "How many times consent was reconfirmed.", value: (r) => r.consent_status.reconfirmations },
  {
    name: "withdrawn_at",
    description: "When the source withdrew consent (latest withdrawal event).",
    value: (r) => latest(r, "withdrawn"),
  },
  {
    name: "revoked_at",
    description: "When the newsroom revoked the record (latest revocation event).",
    value: (r) => latest(r, "revoked"),
  },
  {
    name: "expired_at",
    description: "When the expiry was recorded (latest expiry event); empty until it is, even when status already says expired.",
    value: (r) => latest(r, "expired"),
  },
  {
    name: "embargo_until",
    description: "Nothing may be published before this date (YYYY-MM-DD).",
    value: (r) => r.processing.embargo_until,
  },
  { name: "expires_on", description: "The date the consent expires (YYYY-MM-DD).", value: (r) => r.processing.expires_on },
  {
    name: "outlets_agreed",
    description: "The outlets the source agreed to, as written (empty when withheld).",
    value: (r) => r.purposes.outlets_agreed,
  },
  {
    name: "media",
    description: "The media the source agreed to appear in: text, audio, video, stills.",
    value: (r) => list(r.processing.media),
  },
  {
    name: "permitted_uses",
    description: "quotes, audio, video, stills, archive, translation, syndication, reuse: those agreed to.",
    value: (r) => list(r.processing.permitted_uses),
  },
  { name: "name_choice", description: "none, pseudonym or real.", value: (r) => r.extensions["sourcekeeper:identification"].name },
  { name: "face_choice", description: "not_filmed, blurred or shown.", value: (r) => r.extensions["sourcekeeper:identification"].face },
  { name: "voice_choice", description: "not_recorded, altered or real.", value: (r) => r.extensions["sourcekeeper:identification"].voice },
  {
    name: "anonymity_from",
    description: "Whom the source must stay unidentifiable to: dprk_state, people_who_know_them or general_public.",
    value: (r) => r.extensions["sourcekeeper:identification"].anonymity_from,
  },
  {
    name: "detaining_authority_present",
    description: "Whether detaining-authority, intelligence or guard personnel were present when consent was obtained.",
    value: (r) => r.circumstances.detaining_authority_present,
  },
  {
    name: "information_complete",
    description: "Whether every required point was explained.",
    value: (r) => r.circumstances.information_complete,
  },
  {
    name: "pow_override_required",
    description: "Whether a prisoner of war's identifying choices need two editors' approval.",
    value: (r) => r.extensions["sourcekeeper:pow_override"].required,
  },
  {
    name: "pow_override_approvals",
    description: "How many editors approved.",
    value: (r) => r.extensions["sourcekeeper:pow_override"].approvals.length,
  },
  {
    name: "pow_override_satisfied",
    description: "Whether that approval is not needed or was given by two editors.",
    value: (r) => r.extensions["sourcekeeper:pow_override"].satisfied,
  },
  { name: "events", description: "How many events the record's history holds.", value: (r) => r.events.length },
  { name: "attachments", description: "How many files (such as signature scans) are attached.", value: (r) => r.attachments.length },
  {
    name: "withheld_private_fields",
    description:
      "Free-text answers that were filled in but left out of this export (names only; a sensitive export has their text in its JSON).",
    value: (r) => list(r.private_fields.withheld),
  },
  {
    name: "terms_sha256",
    description: "SHA-256 stored when the record was made (script, language, terms, free text).",
    value: (r) => r.terms_sha256,
  },
  {
    name: "fingerprint",
    description: "SHA-256 of the record's canonical JSON without fingerprint and private_fields (as in the JSON and on the PDF).",
    value: (r) => r.fingerprint,
  },
];

// A spreadsheet runs a cell as a formula when it begins with one of these. Full-width (＝＋－＠) and other
// compatibility forms (﹦﹢﹣﹫, superscripts…) count too: some spreadsheets fold them to ASCII (NFKC) first.
const FORMULA_START = new Set(["=", "+", "-", "@"]);
// What may stand before that character and still let it count: whitespace (a spreadsheet or an import step may
// trim it), invisible control and format characters (zero-width space, byte-order mark…) and double quotes
// (ASCII and full-width), which some importers strip.
const LEADING = /^[\s\p{Cc}\p{Cf}"\uFF02]*(.)/su;

/**
 * Neutralises a text cell against CSV (formula) injection, as OWASP recommends: a cell that would begin a formula
 * gets a leading apostrophe, which spreadsheets read as "this is text". Dangerous: a cell beginning with a tab or a
 * carriage return, and a cell whose first character that is not whitespace, an invisible character or a double
 * quote is = + - or @, in ASCII or any compatibility form (full-width ＝＋－＠ …). The check looks past leading
 * whitespace on purpose: " =1+1" becomes "=1+1" as soon as something trims it. The apostrophe is put at the very
 * start of the cell; the rest is unchanged (a "-" inside a cell, or a cell beginning with a digit, is left alone).
 */
export function neutraliseFormula(cell: string): string {
  if (cell === "") return cell;
  const first = cell.charCodeAt(0);
  if (first === 0x09 || first === 0x0d) return `'${cell}`;
  const significant = LEADING.exec(cell)?.[1];
  if (significant === undefined) return cell;
  if (FORMULA_START.has(significant)) return `'${cell}`;
  // Only characters outside ASCII can fold into one of the four.
  if (significant.charCodeAt(0) > 0x7f && FORMULA_START.has(significant.normalize("NFKC").charAt(0))) return `'${cell}`;
  return cell;
}

function toCell(value: CsvCell): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return String(value);
  return neutraliseFormula(value);
}

// csv-stringify only quotes CR and LF on their own when told to once a record delimiter is set.
const STRINGIFY_OPTIONS = { record_delimiter: "\r\n", quote_record_delimiter: true, eof: true } as const;

/** One CSV line (cells already strings), ending with CRLF. */
function line(cells: string[]): string {
  return stringify([cells], STRINGIFY_OPTIONS);
}

/** The header line, ending with CRLF (the caller writes CSV_BOM before it). */
export function csvHeaderLine(): string {
  return line(CONSENT_CSV_COLUMNS.map((c) => c.name));
}

/** One record's line, ending with CRLF: one call per record, so exports can stream. */
export function csvRecordLine(r: ConsentRecordJson): string {
  return line(CONSENT_CSV_COLUMNS.map((c) => toCell(c.value(r))));
}

const DOC_WIDTH = 112;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  if (current !== "") lines.push(current);
  return lines;
}

/** A plain-text table of the columns and what they hold, with the format's conventions (for the bundle's README). */
export function csvColumnsDoc(): string {
  const nameWidth = Math.max(...CONSENT_CSV_COLUMNS.map((c) => c.name.length)) + 2;
  const indent = "  ";
  const out: string[] = [];
  for (const column of CONSENT_CSV_COLUMNS) {
    const [first = "", ...rest] = wrap(column.description, DOC_WIDTH - indent.length - nameWidth);
    out.push(`${indent}${column.name.padEnd(nameWidth)}${first}`);
    for (const more of rest) out.push(`${indent}${" ".repeat(nameWidth)}${more}`);
  }
  const notes = [
    'UTF-8 with a byte-order mark; comma-separated; CRLF after every row; RFC 4180 quoting (a cell with a comma, a double quote or a line break is in double quotes, its double quotes doubled). yes/no for true/false; an empty cell means none or not applicable; lists are separated by "; "; times are ISO 8601 in UTC.',
    "A text cell that begins with a tab or a carriage return, or whose first character other than spaces, invisible characters and double quotes is = + - or @ (or a full-width form of them), starts with an apostrophe (') so that spreadsheets do not run it as a formula. That apostrophe is not part of the value.",
  ];
  for (const note of notes) {
    out.push("");
    for (const l of wrap(note, DOC_WIDTH - indent.length)) out.push(`${indent}${l}`);
  }
  return out.join("\n");
}
