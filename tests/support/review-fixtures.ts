import { uploadFiles } from "./consent-fixtures";
import { sqlite } from "./test-db";

/** Helpers for the identifier vault and document review tests (issue 6). */

/** The registered real name of the source and two spellings the journalist did not type. */
export const REAL_NAME = "Choe Kwang-hyok";
export const NAME_VARIANT = "Choi Kwanghyeok";
export const NAME_HANGUL = "최광혁";
/** The registered hometown and its Hangul spelling. */
export const HOMETOWN = "Hoeryong";
export const HOMETOWN_HANGUL = "회령";

/** Every spelling of the real name that must be gone from a redacted text. */
export const NAME_SPELLINGS = [REAL_NAME, NAME_VARIANT, NAME_HANGUL, "Choe", "Choi", "Kwanghyeok", "Kwang-hyok", "광혁"];

/**
 * A draft with the real name in a variant romanization and in Hangul, an age, and the hometown in Hangul. Scanned
 * against REAL_NAME and HOMETOWN it yields four findings, in this order.
 */
export const DRAFT = `${NAME_VARIANT}, 24, told us about the war. In Korean his name is ${NAME_HANGUL}. He grew up in ${HOMETOWN_HANGUL} near the border.`;
export const DRAFT_SPANS = {
  name: span(DRAFT, NAME_VARIANT),
  age: span(DRAFT, "24"),
  hangulName: span(DRAFT, NAME_HANGUL),
  hometown: span(DRAFT, HOMETOWN_HANGUL),
};

export function span(text: string, part: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(part, from);
  if (start < 0) throw new Error(`span: "${part}" not in text`);
  return { start, end: start + part.length };
}

export interface EntryInput {
  id?: string;
  category: string;
  value: string;
  realName?: boolean;
}

/** The vault form's entries (new entries have an empty id). */
export const entries = (list: readonly EntryInput[]) =>
  list.map((e) => ({ id: e.id ?? "", category: e.category, realName: e.realName ?? false, value: e.value }));

/** The source's real name and hometown, as a journalist registers them. */
export const BASIC_VAULT: EntryInput[] = [
  { category: "name", value: REAL_NAME, realName: true },
  { category: "place", value: HOMETOWN },
];

/** A justification long enough for keeping a finding. */
export const KEEP_REASON = "Widely reported already, and he asked us to include it.";

export const REVIEW_TABLES = [
  "vault_identifiers",
  "review_documents",
  "review_versions",
  "review_scans",
  "review_findings",
  "finding_decisions",
  "finding_approvals",
  "interview_images",
  "audit_events",
] as const;

/** Every row of the review tables and the audit log, and the files under DATA_DIR/uploads. */
export function reviewSnapshot(dataDir: string): { tables: Record<string, unknown[]>; files: string[] } {
  return {
    tables: Object.fromEntries(REVIEW_TABLES.map((t) => [t, sqlite().prepare(`select * from ${t} order by rowid`).all()])),
    files: uploadFiles(dataDir),
  };
}

export const count = (table: (typeof REVIEW_TABLES)[number]) =>
  (sqlite().prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

export interface FindingRow {
  id: string;
  scan_id: string;
  position: number;
  start: number;
  end: number;
  category: string;
  severity: string;
  score: number;
  recognizer: string;
  explanation: string;
  identifier_id: string | null;
  real_name: number;
  keepable: number;
  related_json: string | null;
}

export interface VersionRow {
  id: string;
  document_id: string;
  number: number;
  origin: string;
  format: string;
  parent_version_id: string | null;
  text_sealed: string;
  chars: number;
  created_by: string;
  created_at: number;
}

export const versionRows = (documentId: string) =>
  sqlite().prepare("select * from review_versions where document_id = ? order by number").all(documentId) as VersionRow[];

/** The latest scan of a version (or of the document's latest version). */
export function latestScanId(documentId: string, versionId?: string): string {
  const version = versionId ?? versionRows(documentId).at(-1)!.id;
  const row = sqlite()
    .prepare("select id from review_scans where version_id = ? order by scanned_at desc, rowid desc limit 1")
    .get(version) as { id: string } | undefined;
  if (!row) throw new Error("latestScanId: version not scanned");
  return row.id;
}

export const scanFindings = (scanId: string) =>
  sqlite().prepare("select * from review_findings where scan_id = ? order by position").all(scanId) as FindingRow[];

/** The findings of the latest scan of the document's latest version. */
export const currentFindings = (documentId: string) => scanFindings(latestScanId(documentId));

/** The current finding at a span of the latest version. */
export function findingAt(documentId: string, at: { start: number; end: number }): FindingRow {
  const f = currentFindings(documentId).find((x) => x.start === at.start && x.end === at.end);
  if (!f) throw new Error(`findingAt: no finding at ${at.start}-${at.end}`);
  return f;
}

export const decisionRows = (findingId: string) =>
  sqlite().prepare("select * from finding_decisions where finding_id = ? order by rowid").all(findingId) as {
    id: string;
    finding_id: string;
    decision: string;
    replacement_sealed: string | null;
    justification_sealed: string | null;
    decided_by: string;
    decided_at: number;
  }[];
