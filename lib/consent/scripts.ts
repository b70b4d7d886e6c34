import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { consentScripts } from "@/db/schema";
import { DEFAULT_CONSENT_SCRIPT } from "./default-script";
import { scriptVersionHash } from "./script-hash";
import type { ConsentScriptContent } from "./script-types";

/** The script that ships with Sourcekeeper; editors' versions live in the database. */
export const BUILTIN_SCRIPT_ID = "builtin-2026-11";
export const BUILTIN_SCRIPT_LABEL = "2026-11 (built in)";

export interface ScriptVersion {
  id: string;
  label: string;
  builtin: boolean;
  content: ConsentScriptContent;
  hash: string;
  notes: string;
  createdAt: number | null;
  createdBy: string | null;
  basedOn: string | null;
  languages: string[];
}

const builtin: ScriptVersion = {
  id: BUILTIN_SCRIPT_ID,
  label: BUILTIN_SCRIPT_LABEL,
  builtin: true,
  content: DEFAULT_CONSENT_SCRIPT,
  hash: scriptVersionHash(DEFAULT_CONSENT_SCRIPT),
  notes: "Written from the project's guidance (Geneva Convention III arts 7, 13 and 17; BBC, NUJ, RFE/RL, WITNESS, Dart Center).",
  createdAt: null,
  createdBy: null,
  basedOn: null,
  languages: Object.keys(DEFAULT_CONSENT_SCRIPT.texts),
};

function fromRow(row: typeof consentScripts.$inferSelect): ScriptVersion {
  const content = JSON.parse(row.contentJson) as ConsentScriptContent;
  return {
    id: row.id,
    label: row.label,
    builtin: false,
    content,
    hash: row.hash,
    notes: row.notes,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    basedOn: row.basedOn,
    languages: Object.keys(content.texts),
  };
}

/** Every script version, newest first, the built-in one last. Script texts are not sensitive. */
export function listScriptVersions(db: Db): ScriptVersion[] {
  return [...db.select().from(consentScripts).orderBy(desc(consentScripts.createdAt)).all().map(fromRow), builtin];
}

export function getScriptVersion(db: Db, id: string): ScriptVersion | null {
  if (id === BUILTIN_SCRIPT_ID) return builtin;
  const row = db.select().from(consentScripts).where(eq(consentScripts.id, id)).get();
  return row ? fromRow(row) : null;
}
