import Ajv2020, { type ErrorObject } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import schema from "./consent-record.schema.json";

/**
 * The JSON Schema of an exported consent record (lib/exports/consent-record.schema.json, draft 2020-12), as an
 * object: bundles write it next to consent-records.json so a recipient can validate the records without us.
 */
export const CONSENT_RECORD_SCHEMA: Readonly<Record<string, unknown>> = schema;

// Compiled once per process. Strict mode turns schema mistakes (unknown keywords or formats, a `required` property
// that is not defined, a keyword without its type) into a compile error instead of silently accepting everything;
// union types are allowed because nullable values are written `"type": ["string", "null"]`, as the standard does.
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** "/events/0/type: must be equal to one of the allowed values ("requested", "given", …)": the path first, then what is wrong. */
function describe(error: ErrorObject): string {
  const path = error.instancePath === "" ? "/" : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = "";
  if (error.keyword === "additionalProperties") detail = ` (${JSON.stringify(params.additionalProperty)})`;
  else if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    const allowed = params.allowedValues.slice(0, 8).map((v) => JSON.stringify(v));
    detail = ` (${allowed.join(", ")}${params.allowedValues.length > allowed.length ? ", …" : ""})`;
  } else if (error.keyword === "const") detail = ` (${JSON.stringify(params.allowedValue)})`;
  return `${path}: ${error.message ?? `fails "${error.keyword}"`}${detail}`;
}

/** Checks a value against the consent record schema; on failure, every problem found, each naming its JSON path. */
export function validateConsentRecord(value: unknown): { ok: true } | { ok: false; errors: string[] } {
  if (validate(value)) return { ok: true };
  return { ok: false, errors: (validate.errors ?? []).map(describe) };
}
