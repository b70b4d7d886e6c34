import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { CONSENT_STATES } from "@/lib/consent/state-machine";
import { PRIVATE_FIELDS, type PrivateField } from "@/lib/consent/terms";
import {
  ANONYMITY_FROM,
  CHANNELS,
  FACE_CHOICES,
  INFORMATION_ITEMS,
  MEDIA,
  METHODS,
  NAME_CHOICES,
  OUTCOMES,
  PERMITTED_USES,
  PRESENCE,
  VOICE_CHOICES,
} from "@/lib/consent/constants";
import { INTERVIEW_STATUSES, SOURCE_TYPES } from "@/lib/interviews/constants";
import {
  CONSENT_RECORD_SCHEMA_VERSION,
  DPV_27560_RECORD,
  DPV_STATUS,
  dpvOperations,
  type ConsentRecordJson,
} from "@/lib/exports/consent-record";
import { CONSENT_RECORD_SCHEMA, validateConsentRecord } from "@/lib/exports/validate-record";
import { sampleConsentRecord } from "@/tests/support/consent-export-fixtures";

type Schema = Record<string, unknown>;
const SCHEMA_FILE = path.resolve(__dirname, "../../../lib/exports/consent-record.schema.json");
const schema = CONSENT_RECORD_SCHEMA as Schema;
const defs = schema.$defs as Record<string, Schema>;

/** A schema with its `$ref` (to #/$defs/…) followed. */
function resolve(s: Schema): Schema {
  const ref = s.$ref;
  if (typeof ref !== "string") return s;
  const target = defs[ref.replace("#/$defs/", "")];
  if (!target) throw new Error(`unresolved ${ref}`);
  return resolve(target);
}

/** The sub-schema at a path of property names, with "*" for array items. */
function at(...steps: string[]): Schema {
  let s = resolve(schema);
  for (const step of steps) {
    const next = step === "*" ? s.items : (s.properties as Record<string, Schema> | undefined)?.[step];
    if (!next) throw new Error(`no schema at ${steps.join("/")}`);
    s = resolve(next as Schema);
  }
  return s;
}

const clone = <T>(v: T): T => structuredClone(v);
const nonNull = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error("missing");
  return v;
};

/** Every key required, at every depth: adding even an optional key to ConsentRecordJson breaks `fullRecord` at compile time. */
type DeepRequired<T> = T extends (infer U)[] ? DeepRequired<U>[] : T extends object ? { [K in keyof T]-?: DeepRequired<T[K]> } : T;

/** A record with every optional member present, every nullable object filled and every array of objects non-empty. */
function fullRecord(): DeepRequired<ConsentRecordJson> {
  const base = sampleConsentRecord();
  const editor = { user_id: "u-editor", name: "Editor One" };
  return {
    ...base,
    circumstances: { ...base.circumstances, minor: { guardian_consent: true, child_agreement: true } },
    extensions: {
      ...base.extensions,
      "sourcekeeper:pow_override": { required: true, approvals: [{ editor, approved_at: "2026-11-21T10:00:00.000Z" }], satisfied: false },
    },
    private_fields: {
      withheld: [],
      values: Object.fromEntries(PRIVATE_FIELDS.map((f) => [f, `text of ${f}`])) as Record<PrivateField, string>,
      event_details: { e2: "Re-read the draft to the source by phone." },
      attachment_files: { up1: "attachments/6f1c2a9e-0b7d-4c55-9a51-2f0f5d1e7a10/up1.jpg" },
    },
  };
}

/** A record with every member the type allows to be null set to null (the compiler refuses any other). */
function nulledRecord(): ConsentRecordJson {
  const base = sampleConsentRecord();
  const system = { user_id: null, name: "Sourcekeeper (automatic)" };
  return {
    ...base,
    previous_record_id: null,
    record_creator: system,
    purposes: { ...base.purposes, outlets_agreed: null, outlets_withheld_reason: null },
    processing: { ...base.processing, embargo_until: null, expires_on: null },
    collection_method: { ...base.collection_method, recording_sha256: null },
    consent_status: { ...base.consent_status, last_confirmed_at: null, last_reconfirmed_at: null },
    events: base.events.map((e) => ({ ...e, recorded_by: system, channel: null, content_shown_sha256: null })),
    circumstances: { ...base.circumstances, minor: null },
    extensions: {
      ...base.extensions,
      "sourcekeeper:pow_override": {
        required: true,
        approvals: [{ editor: system, approved_at: "2026-11-21T10:00:00.000Z" }],
        satisfied: false,
      },
    },
    attachments: base.attachments.map((a) => ({ ...a, uploaded_by: system })),
  };
}

describe("the consent record schema", () => {
  it("is the file the bundles ship, draft 2020-12 with a non-resolving $id and the standard it follows", () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, "utf8"))).toEqual(CONSENT_RECORD_SCHEMA);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toMatch(/^https:\/\/sourcekeeper\.invalid\//);
    expect(schema.title).toEqual(expect.any(String));
    expect(schema.description).toContain("ISO/IEC TS 27560:2023");
    expect(schema.description).toContain("Consent Records and Receipts as per ISO/IEC TS 27560:2023 using DPV");
  });

  it("compiles in Ajv's strict mode and is a valid draft 2020-12 schema", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it("strict mode would reject a mistake in it (an unknown keyword)", () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    addFormats(ajv);
    const broken = clone(schema);
    (broken.properties as Record<string, Schema>).record_id = { type: "string", minLenght: 1 };
    expect(() => ajv.compile(broken)).toThrow(/unknown keyword/);
  });

  it("describes every property, forbids extra members on every object and requires all but the optional ones", () => {
    const problems: string[] = [];
    const OPTIONAL: Record<string, readonly string[]> = {
      "/private_fields": ["values", "event_details", "attachment_files"],
      "/private_fields/values": PRIVATE_FIELDS, // Partial<Record<PrivateField, string>>: only the answers that were filled in
    };
    const visit = (s: Schema, where: string) => {
      if (typeof s.$ref === "string") return; // the definition is visited on its own
      if (s.properties) {
        const props = s.properties as Record<string, Schema>;
        if (s.additionalProperties !== false) problems.push(`${where}: additionalProperties is not false`);
        const optional = OPTIONAL[where] ?? [];
        const expected = Object.keys(props).filter((k) => !optional.includes(k));
        if (JSON.stringify([...((s.required as string[]) ?? [])].sort()) !== JSON.stringify(expected.sort()))
          problems.push(`${where}: required is not every property but ${JSON.stringify(optional)}`);
        for (const [k, p] of Object.entries(props)) {
          if (typeof p.description !== "string" || p.description.length < 5) problems.push(`${where}/${k}: no description`);
          visit(p, `${where}/${k}`);
        }
      } else if (s.type === "object" && typeof s.additionalProperties !== "object") problems.push(`${where}: object without properties`);
      if (s.items) visit(s.items as Schema, `${where}/*`);
      if (typeof s.additionalProperties === "object") visit(s.additionalProperties as Schema, `${where}/{key}`);
    };
    visit(schema, "");
    for (const [name, def] of Object.entries(defs)) {
      if (typeof def.description !== "string") problems.push(`$defs/${name}: no description`);
      visit(def, `$defs/${name}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("schema and TypeScript type stay in sync", () => {
  it("every key of a full record is in the schema, and every schema property is in the record", () => {
    const problems: string[] = [];
    const walk = (value: unknown, s0: Schema, where: string) => {
      const s = resolve(s0);
      if (value === null || typeof value !== "object") return;
      if (Array.isArray(value)) {
        if (!s.items) return void problems.push(`${where}: an array in the record, not in the schema`);
        if (value.length === 0 && resolve(s.items as Schema).properties)
          problems.push(`${where}: empty in the full record; give it an item so its items are compared`);
        value.forEach((v, i) => walk(v, s.items as Schema, `${where}/${i}`));
        return;
      }
      const entries = Object.entries(value as Record<string, unknown>);
      if (s.properties) {
        const props = s.properties as Record<string, Schema>;
        for (const [k, v] of entries) {
          if (props[k]) walk(v, props[k], `${where}/${k}`);
          else problems.push(`${where}/${k}: in the record, not in the schema`);
        }
        for (const k of Object.keys(props)) if (!(k in (value as object))) problems.push(`${where}/${k}: in the schema, not in the record`);
      } else if (typeof s.additionalProperties === "object") {
        for (const [k, v] of entries) walk(v, s.additionalProperties as Schema, `${where}/${k}`);
      } else problems.push(`${where}: an object in the record, not in the schema`);
    };
    const record = fullRecord();
    walk(record, schema, "");
    expect(problems).toEqual([]);
    expect(validateConsentRecord(record)).toEqual({ ok: true });
  });

  it("the schema allows null exactly where the type does", () => {
    const schemaNullable: string[] = [];
    const visit = (s0: Schema, where: string) => {
      const s = resolve(s0);
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (types.includes("null") || (Array.isArray(s.enum) && s.enum.includes(null))) schemaNullable.push(where);
      for (const [k, p] of Object.entries((s.properties as Record<string, Schema>) ?? {})) visit(p, `${where}/${k}`);
      if (s.items) visit(s.items as Schema, `${where}/*`);
    };
    visit(schema, "");
    const recordNull: string[] = [];
    const walk = (v: unknown, where: string) => {
      if (v === null) return void recordNull.push(where);
      if (Array.isArray(v)) v.forEach((item) => walk(item, `${where}/*`));
      else if (typeof v === "object") for (const [k, item] of Object.entries(v as object)) walk(item, `${where}/${k}`);
    };
    const nulled = nulledRecord();
    walk(nulled, "");
    expect([...new Set(recordNull)].sort()).toEqual(schemaNullable.sort());
    expect(validateConsentRecord(nulled)).toEqual({ ok: true });
  });

  it("its enums and constants are the app's vocabularies", () => {
    const enumAt = (...steps: string[]) => at(...steps).enum;
    const itemsEnum = (...steps: string[]) => at(...steps, "*").enum;
    const dpv = [...new Set(Object.values(DPV_STATUS))];
    expect(at("schema_version").const).toBe(CONSENT_RECORD_SCHEMA_VERSION);
    expect(at("conforms_to").const).toBe(DPV_27560_RECORD);
    expect(enumAt("consent_status", "status")).toEqual([...CONSENT_STATES]);
    expect(enumAt("consent_status", "dpv_status")).toEqual(dpv);
    expect(enumAt("events", "*", "type")).toEqual([...CONSENT_STATES]);
    expect(enumAt("events", "*", "dpv_status")).toEqual(dpv);
    expect(enumAt("events", "*", "channel")).toEqual([...CHANNELS, null]);
    expect(enumAt("collection_method", "method")).toEqual([...METHODS]);
    expect(enumAt("collection_method", "outcome")).toEqual([...OUTCOMES]);
    expect(enumAt("pii_principal", "source_type")).toEqual([...SOURCE_TYPES]);
    expect(enumAt("interview", "status")).toEqual([...INTERVIEW_STATUSES]);
    expect(itemsEnum("processing", "media")).toEqual([...MEDIA]);
    expect(itemsEnum("processing", "permitted_uses")).toEqual([...PERMITTED_USES]);
    expect([...(itemsEnum("processing", "dpv_operations") as string[])].sort()).toEqual(dpvOperations(PERMITTED_USES).sort());
    expect(itemsEnum("circumstances", "presence")).toEqual([...PRESENCE]);
    expect(itemsEnum("circumstances", "information_given")).toEqual([...INFORMATION_ITEMS]);
    expect(enumAt("extensions", "sourcekeeper:identification", "name")).toEqual([...NAME_CHOICES]);
    expect(enumAt("extensions", "sourcekeeper:identification", "face")).toEqual([...FACE_CHOICES]);
    expect(enumAt("extensions", "sourcekeeper:identification", "voice")).toEqual([...VOICE_CHOICES]);
    expect(enumAt("extensions", "sourcekeeper:identification", "anonymity_from")).toEqual([...ANONYMITY_FROM]);
    expect(itemsEnum("private_fields", "withheld")).toEqual([...PRIVATE_FIELDS]);
    expect(Object.keys(at("private_fields", "values").properties as object)).toEqual([...PRIVATE_FIELDS]);
  });
});

describe("validateConsentRecord", () => {
  it("accepts the sample record", () => {
    expect(validateConsentRecord(sampleConsentRecord())).toEqual({ ok: true });
  });

  it("accepts a sensitive record (free-text values, event details, attachment files)", () => {
    const r = sampleConsentRecord({
      private_fields: {
        withheld: [],
        values: { locationGeneral: "안전한 장소 (a safe location)", explainBack: "저는 이해했습니다 — I understood 🙂" },
        event_details: { e2: "Read the draft out by phone.\nThey agreed." },
        attachment_files: { up1: "attachments/6f1c2a9e-0b7d-4c55-9a51-2f0f5d1e7a10/up1.jpg" },
      },
    });
    expect(validateConsentRecord(r)).toEqual({ ok: true });
  });

  it("accepts every status, method and source type", () => {
    for (const status of CONSENT_STATES) {
      const r = sampleConsentRecord();
      r.consent_status.status = status;
      r.consent_status.dpv_status = DPV_STATUS[status];
      expect(validateConsentRecord(r)).toEqual({ ok: true });
    }
  });

  type Corruption = [what: string, corrupt: (r: Record<string, any>) => unknown, error: string]; // eslint-disable-line @typescript-eslint/no-explicit-any
  const corruptions: Corruption[] = [
    ["missing record_id", (r) => delete r.record_id, "/: must have required property 'record_id'"],
    ["an unknown member at the top", (r) => (r.real_name = "x"), '/: must NOT have additional properties ("real_name")'],
    [
      "an unknown member in a nested object",
      (r) => (r.controller.email = "x"),
      '/controller: must NOT have additional properties ("email")',
    ],
    ["an unknown member in an event", (r) => (r.events[0].note = "x"), '/events/0: must NOT have additional properties ("note")'],
    [
      "an unknown member in a user",
      (r) => (r.record_creator.email = "a@b"),
      '/record_creator: must NOT have additional properties ("email")',
    ],
    [
      "a status outside the enum",
      (r) => (r.consent_status.status = "active"),
      "/consent_status/status: must be equal to one of the allowed values",
    ],
    ["an event type outside the enum", (r) => (r.events[1].type = "renewed"), "/events/1/type: must be equal to one of the allowed values"],
    [
      "a DPV status outside the enum",
      (r) => (r.consent_status.dpv_status = "dpv:Consent"),
      "/consent_status/dpv_status: must be equal to one of the allowed values",
    ],
    [
      "a channel outside the enum",
      (r) => (r.events[1].channel = "pigeon"),
      "/events/1/channel: must be equal to one of the allowed values",
    ],
    [
      "a source type outside the enum",
      (r) => (r.pii_principal.source_type = "soldier"),
      "/pii_principal/source_type: must be equal to one of the allowed values",
    ],
    [
      "a medium outside the enum",
      (r) => r.processing.media.push("hologram"),
      "/processing/media/2: must be equal to one of the allowed values",
    ],
    [
      "an uppercase SHA-256",
      (r) => (r.notice.script_sha256 = "A".repeat(64)),
      '/notice/script_sha256: must match pattern "^[0-9a-f]{64}$"',
    ],
    ["a short fingerprint", (r) => (r.fingerprint = "f".repeat(63)), "/fingerprint: must match pattern"],
    [
      "a non-hex recording hash",
      (r) => (r.collection_method.recording_sha256 = "z".repeat(64)),
      "/collection_method/recording_sha256: must match pattern",
    ],
    ["a date-time without a zone", (r) => (r.record_created_at = "2026-11-20 09:30"), '/record_created_at: must match format "date-time"'],
    [
      "an impossible date-time",
      (r) => (r.events[0].occurred_at = "2026-13-40T25:00:00Z"),
      '/events/0/occurred_at: must match format "date-time"',
    ],
    [
      "a date-time as a day",
      (r) => (r.processing.embargo_until = "2026-12-01T00:00:00.000Z"),
      "/processing/embargo_until: must match pattern",
    ],
    ["a month 13", (r) => (r.processing.expires_on = "2027-13-01"), "/processing/expires_on: must match pattern"],
    ["a day without dashes", (r) => (r.processing.expires_on = "20271120"), "/processing/expires_on: must match pattern"],
    ["an event without occurred_at", (r) => delete r.events[1].occurred_at, "/events/1: must have required property 'occurred_at'"],
    ["an attachment without sha256", (r) => delete r.attachments[0].sha256, "/attachments/0: must have required property 'sha256'"],
    [
      "a non-private field withheld",
      (r) => r.private_fields.withheld.push("realName"),
      "/private_fields/withheld/2: must be equal to one of the allowed values",
    ],
    [
      "a field withheld twice",
      (r) => r.private_fields.withheld.push("explainBack"),
      "/private_fields/withheld: must NOT have duplicate items",
    ],
    [
      "an unknown key among the values",
      (r) => (r.private_fields.values = { realName: "Kim" }),
      '/private_fields/values: must NOT have additional properties ("realName")',
    ],
    ["a value that is not text", (r) => (r.private_fields.values = { witness: 1 }), "/private_fields/values/witness: must be string"],
    [
      "an attachment path outside attachments/",
      (r) => (r.private_fields.attachment_files = { up1: "../../etc/passwd" }),
      "/private_fields/attachment_files/up1: must match pattern",
    ],
    ["a count as a string", (r) => (r.collection_method.sessions = "2"), "/collection_method/sessions: must be integer"],
    ["a fractional count", (r) => (r.consent_status.reconfirmations = 1.5), "/consent_status/reconfirmations: must be integer"],
    ["a negative size", (r) => (r.attachments[0].bytes = -1), "/attachments/0/bytes: must be >= 0"],
    ["a boolean as text", (r) => (r.events[0].details_recorded = "yes"), "/events/0/details_recorded: must be boolean"],
    ["a number where a string or null goes", (r) => (r.previous_record_id = 5), "/previous_record_id: must be string,null"],
    ["events as an object", (r) => (r.events = {}), "/events: must be array"],
    ["minor as a boolean", (r) => (r.circumstances.minor = true), "/circumstances/minor: must be object,null"],
    ["another schema version", (r) => (r.schema_version = "sourcekeeper-consent-record/2"), "/schema_version: must be equal to constant"],
    ["an e-mail as the code name type", (r) => (r.pii_principal.id_type = "email"), "/pii_principal/id_type: must be equal to constant"],
    ["an empty record id", (r) => (r.record_id = ""), "/record_id: must NOT have fewer than 1 characters"],
  ];

  it.each(corruptions)("rejects %s, naming the path", (_what, corrupt, error) => {
    const r = clone(sampleConsentRecord()) as unknown as Record<string, unknown>;
    corrupt(r);
    const verdict = validateConsentRecord(r);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.errors.some((e) => e.startsWith(error))).toBe(true);
  });

  it.each([
    ["null", null],
    ["an array", [sampleConsentRecord()]],
    ["a string", "{}"],
  ])("rejects %s at the root", (_what, value) => {
    expect(validateConsentRecord(value)).toEqual({ ok: false, errors: ["/: must be object"] });
  });

  it("reports every problem at once", () => {
    const r = clone(sampleConsentRecord()) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    r.fingerprint = "x";
    r.events[0].type = "x";
    delete r.terms_sha256;
    const verdict = validateConsentRecord(r);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.errors).toHaveLength(3);
    expect(verdict.errors).toContain(
      `/events/0/type: must be equal to one of the allowed values (${CONSENT_STATES.map((s) => `"${s}"`).join(", ")})`,
    );
  });

  it("shortens long lists of allowed values", () => {
    const r = clone(sampleConsentRecord());
    (r.private_fields.withheld as string[]).push("realName");
    const verdict = validateConsentRecord(r);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(nonNull(verdict.errors[0])).toMatch(
      /^\/private_fields\/withheld\/2: must be equal to one of the allowed values \("locationGeneral", .*, …\)$/,
    );
  });
});
