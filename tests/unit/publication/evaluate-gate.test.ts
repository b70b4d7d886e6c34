import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "@/lib/audit/canonical";
import type { ItemState, NaApproval } from "@/lib/checklist/readiness";
import type { ConsentState } from "@/lib/consent/state-machine";
import {
  evaluateGate,
  GATE_CODES,
  gateBasis,
  type GateCode,
  type GateInput,
  type GateReason,
  type GateRule,
} from "@/lib/publication/evaluate-gate";
import {
  checklistItem,
  clearInput,
  COLLABORATOR_ID,
  CONSENT_ID,
  deepFreeze,
  deskEditor,
  gateDocument,
  gateImage,
  INTERVIEW_ID,
  OTHER_DESK_ID,
  OWNER_ID,
  priorExposureKeep,
  RECONFIRMED_AT,
} from "@/tests/support/gate-fixtures";

const BASE = `/interviews/${INTERVIEW_ID}`;
/** The interview's own pages: `/interviews/<id>`, then a path or a fragment. */
const INTERVIEW_HREF = new RegExp(`^${BASE}(?:[/#]|$)`);
const HEX64 = /^[0-9a-f]{64}$/;

const codes = (input: GateInput) => evaluateGate(input).reasons.map((r) => r.code);

/** The reason the gate must give, with the message only required to contain `message`. */
function reason(rule: GateRule, code: GateCode, hrefSuffix: string, message: string, subjectId?: string) {
  return {
    rule,
    code,
    href: `${BASE}${hrefSuffix}`,
    message: expect.stringContaining(message) as unknown as string,
    ...(subjectId === undefined ? {} : { subjectId }),
  };
}

describe("clearInput", () => {
  it.each([["defector"], ["pow"]] as const)("a %s with everything in order is clear, and the hash is 64 hex digits", (sourceType) => {
    const report = evaluateGate(clearInput({ interview: { sourceType } }));
    expect(report.reasons).toEqual([]);
    expect(report.clear).toBe(true);
    expect(report.hash).toMatch(HEX64);
  });

  it("stays clear when a desk editor who does not work on the interview attempts the sign-off", () => {
    expect(evaluateGate(clearInput({ signer: deskEditor() })).clear).toBe(true);
  });
});

interface ReasonCase {
  name: string;
  input: GateInput;
  expected: ReturnType<typeof reason>;
}

/** One case per reason code: the smallest change to a clear input that produces it, and only it. */
const REASON_CASES: ReasonCase[] = [
  {
    name: "a blocking item still open",
    input: clearInput({ checklist: [checklistItem(), checklistItem({ itemId: "jigsaw-review", title: "Jigsaw review", state: "open" })] }),
    expected: reason(1, "checklist_open", "#item-jigsaw-review", "“Jigsaw review” is not done", "jigsaw-review"),
  },
  {
    name: "a blocking item marked not applicable, awaiting an editor",
    input: clearInput({
      checklist: [
        checklistItem({
          itemId: "family-details-removed",
          title: "Family details removed",
          state: "not_applicable",
          naApproval: "pending",
        }),
      ],
    }),
    expected: reason(
      1,
      "checklist_na_pending",
      "#item-family-details-removed",
      "“Family details removed” is marked not applicable",
      "family-details-removed",
    ),
  },
  {
    name: "no consent recorded",
    input: clearInput({ consent: { status: "none", recordId: null, choices: null } }),
    expected: reason(2, "consent_missing", "/consent/new", "No consent is recorded"),
  },
  {
    name: "consent requested, not decided",
    input: clearInput({ consent: { status: "requested" } }),
    expected: reason(2, "consent_not_given", `/consent/${CONSENT_ID}`, "has not decided", CONSENT_ID),
  },
  {
    name: "consent withdrawn",
    input: clearInput({ consent: { status: "withdrawn" } }),
    expected: reason(2, "consent_withdrawn", `/consent/${CONSENT_ID}`, "withdrew consent", CONSENT_ID),
  },
  {
    name: "consent revoked",
    input: clearInput({ consent: { status: "revoked" } }),
    expected: reason(2, "consent_revoked", `/consent/${CONSENT_ID}`, "revoked", CONSENT_ID),
  },
  {
    name: "consent expired",
    input: clearInput({ consent: { status: "expired" } }),
    expected: reason(2, "consent_expired", `/consent/${CONSENT_ID}`, "expired", CONSENT_ID),
  },
  {
    name: "captor present, no override",
    input: clearInput({ consent: { captorPresent: true } }),
    expected: reason(2, "consent_captor_present", "/publication#captor-override", "cannot count unless an editor records", CONSENT_ID),
  },
  {
    name: "captor present, override requested but not approved",
    input: clearInput({ consent: { captorPresent: true, captorOverride: { requested: true, approved: false } } }),
    expected: reason(2, "consent_captor_override_pending", "/publication#captor-override", "a second editor must approve it", CONSENT_ID),
  },
  {
    name: "a POW's identifying choice without two editors' approval",
    input: clearInput({ interview: { sourceType: "pow" }, consent: { powOverridePending: true } }),
    expected: reason(2, "consent_pow_override_pending", `/consent/${CONSENT_ID}`, "two editors' approval", CONSENT_ID),
  },
  {
    name: "reconfirmation out of date",
    input: clearInput({ consent: { reconfirmation: { required: true, days: 30, lastReconfirmedAt: RECONFIRMED_AT, current: false } } }),
    expected: reason(2, "consent_reconfirmation_due", `/consent/${CONSENT_ID}`, "older than 30 days", CONSENT_ID),
  },
  {
    name: "a document not scanned",
    input: clearInput({
      documents: [
        gateDocument(),
        gateDocument({ id: "doc-3", title: "Transcript (Korean)", state: { scanned: false, total: 0, clear: false } }),
      ],
    }),
    expected: reason(3, "review_not_scanned", "/review/doc-3", "“Transcript (Korean)”: its latest version was not scanned", "doc-3"),
  },
  {
    name: "a document scanned before its last change",
    input: clearInput({ documents: [gateDocument({ state: { staleReasons: ["the text changed after the scan"], clear: false } })] }),
    expected: reason(3, "review_stale", "/review/doc-1", "“Draft story”: scan again (the text changed after the scan)", "doc-1"),
  },
  {
    name: "a high-severity finding undecided",
    input: clearInput({ documents: [gateDocument({ state: { undecided: 1, undecidedHigh: 1, clear: false } })] }),
    expected: reason(3, "review_high_undecided", "/review/doc-1", "“Draft story”: 1 high-severity finding not decided", "doc-1"),
  },
  {
    name: "a kept high-severity finding awaiting an editor",
    input: clearInput({ documents: [gateDocument({ state: { awaitingApproval: 1, clear: false } })] }),
    expected: reason(3, "review_keep_awaiting_approval", "/review/doc-1", "“Draft story”: 1 kept high-severity finding awaiting", "doc-1"),
  },
  {
    name: "a kept finding consent does not allow (the real name under a pseudonym)",
    input: clearInput({ documents: [gateDocument({ state: { notKeepable: 1, clear: false } })] }),
    expected: reason(
      3,
      "review_not_allowed",
      "/review/doc-1",
      "“Draft story”: 1 kept finding the source's consent does not allow",
      "doc-1",
    ),
  },
  {
    name: "an image while consent does not cover photographs",
    input: clearInput({ consent: { choices: { name: "pseudonym", face: "blurred", voice: "altered", media: ["text"] } } }),
    expected: reason(3, "image_stills_not_agreed", "/review#images", "1 image is attached, but the source did not agree to photographs"),
  },
  {
    name: "an image not de-identified while the face may not be shown",
    input: clearInput({ images: [gateImage({ id: "img-2", label: "Portrait in the kitchen", deidentified: false })] }),
    expected: reason(
      3,
      "image_face_not_allowed",
      "/review#images",
      "Portrait in the kitchen: the source's face may not be shown",
      "img-2",
    ),
  },
  {
    name: "a POW's image not de-identified, even with the face agreed",
    input: clearInput({
      interview: { sourceType: "pow" },
      consent: { choices: { name: "pseudonym", face: "shown", voice: "altered", media: ["text", "stills"] } },
      images: [gateImage({ id: "img-3", label: "Propaganda still", deidentified: false })],
    }),
    expected: reason(4, "pow_image_not_deidentified", "/review#images", "Propaganda still: a prisoner of war's face", "img-3"),
  },
  {
    name: "an image kept because it was published before, unjustified",
    input: clearInput({
      images: [gateImage({ id: "img-4", label: "Ministry video frame", priorExposure: { claimed: true, justified: false } })],
    }),
    expected: reason(
      5,
      "prior_exposure_unjustified",
      "/review#images",
      "Ministry video frame is used because it was published before",
      "img-4",
    ),
  },
  {
    name: "a detail kept because it was published before, unjustified",
    input: clearInput({ priorExposureKeeps: [priorExposureKeep({ documentId: "doc-2", findingId: "f-11" })] }),
    expected: reason(
      5,
      "prior_exposure_unjustified",
      "/review/doc-2",
      "“Photo captions”: a detail kept because it was published before",
      "f-11",
    ),
  },
  {
    name: "the owner signs",
    input: clearInput({ signer: deskEditor({ id: OWNER_ID }) }),
    expected: reason(6, "signer_is_owner", "/publication", "You own this interview"),
  },
  {
    name: "a collaborator signs",
    input: clearInput({ signer: deskEditor({ id: COLLABORATOR_ID }) }),
    expected: reason(6, "signer_is_collaborator", "/publication", "You work on this interview"),
  },
  {
    name: "an editor of another desk signs",
    input: clearInput({ signer: deskEditor({ deskIds: [OTHER_DESK_ID] }) }),
    expected: reason(6, "signer_other_desk", "/publication", "Only an editor of the interview's desk"),
  },
  {
    name: "a journalist who is not an editor signs",
    input: clearInput({ signer: deskEditor({ isEditor: false }) }),
    expected: reason(6, "signer_not_editor", "/publication", "Only an editor can clear"),
  },
];

describe("one case per reason", () => {
  it.each(REASON_CASES.map((c) => [c.name, c] as const))("%s", (_name, { input, expected }) => {
    const report = evaluateGate(input);
    expect(report.clear).toBe(false);
    expect(report.reasons).toEqual([expected]);
    expect(report.reasons[0]?.href).toMatch(INTERVIEW_HREF);
    expect(report.hash).toMatch(HEX64);
  });

  it("covers every code in GATE_CODES (a new code needs a case here)", () => {
    const produced = new Set(REASON_CASES.flatMap((c) => codes(c.input)));
    expect([...produced].sort()).toEqual([...GATE_CODES].sort());
    expect(new Set(GATE_CODES).size).toBe(GATE_CODES.length);
  });
});

describe("rule 1: the checklist", () => {
  it.each([
    // gate, state, approval, reason
    ["block", "open", "none", "checklist_open"],
    ["block", "open", "pending", "checklist_open"],
    ["block", "not_applicable", "none", "checklist_open"],
    ["block", "not_applicable", "pending", "checklist_na_pending"],
    ["block", "not_applicable", "refused", "checklist_open"],
    ["block", "not_applicable", "approved", null],
    ["block", "done", "none", null],
    ["block", "done", "refused", null],
    ["warn", "open", "none", null],
    ["warn", "not_applicable", "pending", null],
    ["warn", "not_applicable", "refused", null],
  ] as const satisfies readonly (readonly ["block" | "warn", ItemState, NaApproval, GateCode | null])[])(
    "a %s item %s with approval %s → %s",
    (gate, state, naApproval, code) => {
      const input = clearInput({ checklist: [checklistItem({ itemId: "x", title: "X", gate, state, naApproval })] });
      expect(codes(input)).toEqual(code === null ? [] : [code]);
    },
  );

  it("gives one reason per unsettled blocking item, in checklist order", () => {
    const report = evaluateGate(
      clearInput({
        checklist: [
          checklistItem({ itemId: "a", title: "A", state: "open" }),
          checklistItem({ itemId: "b", title: "B" }),
          checklistItem({ itemId: "c", title: "C", state: "not_applicable", naApproval: "pending" }),
          checklistItem({ itemId: "d", title: "D", gate: "warn", state: "open" }),
        ],
      }),
    );
    expect(report.reasons.map((r) => [r.code, r.subjectId])).toEqual([
      ["checklist_open", "a"],
      ["checklist_na_pending", "c"],
    ]);
  });
});

describe("rule 2: consent", () => {
  const everythingElseWrong = {
    captorPresent: true,
    captorOverride: { requested: true, approved: false },
    powOverridePending: true,
    reconfirmation: { required: true, days: 30, lastReconfirmedAt: null, current: false },
  };

  it.each([
    ["none", "consent_missing", "No consent is recorded."],
    ["requested", "consent_not_given", "The source has not decided yet."],
    ["refused", "consent_not_given", "The source refused consent."],
    ["withdrawn", "consent_withdrawn", "withdrew consent. Nothing from this interview may be published."],
    ["revoked", "consent_revoked", "A new consent record is needed."],
    ["expired", "consent_expired", "A new consent record is needed."],
  ] as const satisfies readonly (readonly [ConsentState | "none", GateCode, string])[])(
    "consent %s gives exactly %s, and no captor, POW or reconfirmation reason",
    (status, code, message) => {
      const recordId = status === "none" ? null : CONSENT_ID;
      const report = evaluateGate(clearInput({ interview: { sourceType: "pow" }, consent: { ...everythingElseWrong, status, recordId } }));
      expect(report.reasons).toEqual([
        reason(2, code, status === "none" ? "/consent/new" : `/consent/${CONSENT_ID}`, message, recordId ?? undefined),
      ]);
    },
  );

  it.each([["given"], ["reconfirmed"]] as const)("consent %s that stands reports captor, POW and reconfirmation together", (status) => {
    expect(codes(clearInput({ interview: { sourceType: "pow" }, consent: { ...everythingElseWrong, status } }))).toEqual([
      "consent_captor_override_pending",
      "consent_pow_override_pending",
      "consent_reconfirmation_due",
    ]);
  });

  it.each([
    // captor present, override requested, approved, reasons
    [false, false, false, []],
    [false, true, false, []],
    [true, false, false, ["consent_captor_present"]],
    [true, true, false, ["consent_captor_override_pending"]],
    [true, true, true, []],
  ] as const satisfies readonly (readonly [boolean, boolean, boolean, readonly GateCode[]])[])(
    "captor present %s, override requested %s, approved %s → %j",
    (captorPresent, requested, approved, expected) => {
      expect(codes(clearInput({ consent: { captorPresent, captorOverride: { requested, approved } } }))).toEqual(expected);
    },
  );

  it("links the captor override to the publication page and the consent record", () => {
    const [r] = evaluateGate(clearInput({ consent: { captorPresent: true } })).reasons;
    expect(r).toMatchObject({ href: `${BASE}/publication#captor-override`, subjectId: CONSENT_ID });
  });

  it("tells never reconfirmed from reconfirmed too long ago", () => {
    const never = evaluateGate(
      clearInput({ consent: { reconfirmation: { required: true, days: 14, lastReconfirmedAt: null, current: false } } }),
    );
    const old = evaluateGate(
      clearInput({ consent: { reconfirmation: { required: true, days: 14, lastReconfirmedAt: RECONFIRMED_AT, current: false } } }),
    );
    expect(never.reasons).toEqual([
      reason(
        2,
        "consent_reconfirmation_due",
        `/consent/${CONSENT_ID}`,
        "has not reconfirmed consent against the final content",
        CONSENT_ID,
      ),
    ]);
    expect(never.reasons[0]?.message).toContain("within 14 days");
    expect(old.reasons).toEqual([reason(2, "consent_reconfirmation_due", `/consent/${CONSENT_ID}`, "older than 14 days", CONSENT_ID)]);
  });

  it("says 1 day, not 1 days", () => {
    const [r] = evaluateGate(
      clearInput({ consent: { reconfirmation: { required: true, days: 1, lastReconfirmedAt: RECONFIRMED_AT, current: false } } }),
    ).reasons;
    expect(r?.message).toContain("older than 1 day:");
  });

  it("trusts `current` as computed by the caller (the gate reads no clock)", () => {
    expect(codes(clearInput({ consent: { reconfirmation: { required: true, days: 30, lastReconfirmedAt: 0, current: true } } }))).toEqual(
      [],
    );
  });

  it("asks for reconfirmation only where it is required (the guidance only warns for sources not at risk)", () => {
    const stale = { days: 30, lastReconfirmedAt: null, current: false };
    expect(codes(clearInput({ interview: { sourceType: "other" }, consent: { reconfirmation: { ...stale, required: false } } }))).toEqual(
      [],
    );
    expect(codes(clearInput({ consent: { reconfirmation: { ...stale, required: true } } }))).toEqual(["consent_reconfirmation_due"]);
  });
});

describe("rule 3: documents", () => {
  it("a document not scanned gives only review_not_scanned, whatever its counts", () => {
    const input = clearInput({
      documents: [
        gateDocument({
          state: { scanned: false, staleReasons: ["x"], undecidedHigh: 2, awaitingApproval: 1, notKeepable: 1, clear: false },
        }),
      ],
    });
    expect(codes(input)).toEqual(["review_not_scanned"]);
  });

  it("a stale scan gives only review_stale, naming its first reason", () => {
    const input = clearInput({
      documents: [
        gateDocument({
          state: {
            staleReasons: ["the vault changed", "consent changed"],
            undecidedHigh: 2,
            awaitingApproval: 1,
            notKeepable: 1,
            clear: false,
          },
        }),
      ],
    });
    const report = evaluateGate(input);
    expect(report.reasons.map((r) => r.code)).toEqual(["review_stale"]);
    expect(report.reasons[0]?.message).toBe("“Draft story”: scan again (the vault changed).");
  });

  it("reports several problems of one current document at once, counted", () => {
    const report = evaluateGate(
      clearInput({
        documents: [gateDocument({ state: { undecided: 3, undecidedHigh: 2, notKeepable: 1, awaitingApproval: 3, clear: false } })],
      }),
    );
    expect(report.reasons).toEqual([
      reason(3, "review_high_undecided", "/review/doc-1", "2 high-severity findings not decided", "doc-1"),
      reason(3, "review_not_allowed", "/review/doc-1", "1 kept finding the source's consent does not allow", "doc-1"),
      reason(3, "review_keep_awaiting_approval", "/review/doc-1", "3 kept high-severity findings awaiting", "doc-1"),
    ]);
  });

  it("reports each document separately, in document order", () => {
    const report = evaluateGate(
      clearInput({
        documents: [
          gateDocument({ id: "d-a", title: "Draft", state: { scanned: false, clear: false } }),
          gateDocument({ id: "d-b", title: "Captions" }),
          gateDocument({ id: "d-c", title: "Transcript", state: { staleReasons: ["edited"], clear: false } }),
          gateDocument({ id: "d-d", title: "Subtitles", state: { undecidedHigh: 1, undecided: 1, clear: false } }),
        ],
      }),
    );
    expect(report.reasons.map((r) => [r.code, r.subjectId, r.href])).toEqual([
      ["review_not_scanned", "d-a", `${BASE}/review/d-a`],
      ["review_stale", "d-c", `${BASE}/review/d-c`],
      ["review_high_undecided", "d-d", `${BASE}/review/d-d`],
    ]);
  });

  it("does not block on undecided findings below high severity (the issue's rule 3; see report)", () => {
    // Current behaviour: ReviewState.clear is false, but rule 3 only names high-severity findings.
    expect(codes(clearInput({ documents: [gateDocument({ state: { undecided: 2, undecidedHigh: 0, clear: false } })] }))).toEqual([]);
  });

  it("no documents at all is not itself a reason", () => {
    expect(codes(clearInput({ documents: [] }))).toEqual([]);
  });
});

describe("rules 3 and 4: images", () => {
  const choices = (face: string, media: readonly string[] = ["text", "stills"]) => ({ name: "pseudonym", face, voice: "altered", media });

  it("a POW's image with photographs not agreed and the face not allowed, not de-identified: three reasons, rules 3 and 4", () => {
    const report = evaluateGate(
      clearInput({
        interview: { sourceType: "pow" },
        consent: { choices: choices("blurred", ["text"]) },
        images: [gateImage({ label: "Ward", deidentified: false })],
      }),
    );
    expect(report.reasons.map((r) => [r.rule, r.code, r.subjectId])).toEqual([
      [3, "image_stills_not_agreed", undefined],
      [3, "image_face_not_allowed", "img-1"],
      [4, "pow_image_not_deidentified", "img-1"],
    ]);
    for (const r of report.reasons) expect(r.href).toBe(`${BASE}/review#images`);
  });

  it("counts images in one stills reason, and gives one face reason per image not de-identified", () => {
    const report = evaluateGate(
      clearInput({
        consent: { choices: choices("blurred", ["text"]) },
        images: [
          gateImage({ id: "i1", deidentified: false }),
          gateImage({ id: "i2" }),
          gateImage({ id: "i3", label: "Gate", deidentified: false }),
        ],
      }),
    );
    expect(report.reasons.map((r) => [r.code, r.subjectId])).toEqual([
      ["image_stills_not_agreed", undefined],
      ["image_face_not_allowed", "i1"],
      ["image_face_not_allowed", "i3"],
    ]);
    expect(report.reasons[0]?.message).toContain("3 images are attached");
    expect(report.reasons[2]?.message).toMatch(/^Gate: /);
  });

  it.each([
    // source type, face, de-identified, reasons
    ["defector", "not_filmed", true, []],
    ["defector", "blurred", true, []],
    ["defector", "not_filmed", false, ["image_face_not_allowed"]],
    ["defector", "blurred", false, ["image_face_not_allowed"]],
    ["defector", "shown", false, []],
    ["family_in_dprk", "shown", false, []],
    ["pow", "shown", false, ["pow_image_not_deidentified"]],
    ["pow", "shown", true, []],
    ["pow", "blurred", false, ["image_face_not_allowed", "pow_image_not_deidentified"]],
  ] as const satisfies readonly (readonly [GateInput["interview"]["sourceType"], string, boolean, readonly GateCode[]])[])(
    "a %s, face %s, image de-identified %s → %j",
    (sourceType, face, deidentified, expected) => {
      expect(
        codes(clearInput({ interview: { sourceType }, consent: { choices: choices(face) }, images: [gateImage({ deidentified })] })),
      ).toEqual(expected);
    },
  );

  it("no images: nothing to check, whatever consent says", () => {
    expect(
      codes(clearInput({ interview: { sourceType: "pow" }, consent: { choices: choices("not_filmed", ["text"]) }, images: [] })),
    ).toEqual([]);
  });

  it("without recorded choices, images are judged by rule 4 only (consent itself is missing)", () => {
    expect(
      codes(
        clearInput({
          interview: { sourceType: "pow" },
          consent: { status: "none", recordId: null, choices: null },
          images: [gateImage({ deidentified: false })],
        }),
      ),
    ).toEqual(["consent_missing", "pow_image_not_deidentified"]);
  });
});

describe("rule 5: prior exposure", () => {
  it.each([
    [false, false, []],
    [true, false, ["prior_exposure_unjustified"]],
    [true, true, []],
  ] as const satisfies readonly (readonly [boolean, boolean, readonly GateCode[]])[])(
    "an image claimed as published before %s, justified %s → %j",
    (claimed, justified, expected) => {
      expect(codes(clearInput({ images: [gateImage({ priorExposure: { claimed, justified } })] }))).toEqual(expected);
    },
  );

  it.each([
    [false, ["prior_exposure_unjustified"]],
    [true, []],
  ] as const satisfies readonly (readonly [boolean, readonly GateCode[]])[])(
    "a kept finding justified by earlier publication, own justification %s → %j",
    (justified, expected) => {
      expect(codes(clearInput({ priorExposureKeeps: [priorExposureKeep({ justified })] }))).toEqual(expected);
    },
  );

  it("names the document of a kept finding, or says “a document” when it is not attached", () => {
    const report = evaluateGate(
      clearInput({
        priorExposureKeeps: [priorExposureKeep({ findingId: "f-1" }), priorExposureKeep({ documentId: "gone", findingId: "f-2" })],
      }),
    );
    expect(report.reasons).toEqual([
      reason(5, "prior_exposure_unjustified", "/review/doc-1", "“Draft story”: a detail kept", "f-1"),
      reason(5, "prior_exposure_unjustified", "/review/gone", "“a document”: a detail kept", "f-2"),
    ]);
  });

  it("reports an image and a kept finding together, images first", () => {
    const report = evaluateGate(
      clearInput({
        images: [gateImage({ id: "img-9", priorExposure: { claimed: true, justified: false } })],
        priorExposureKeeps: [priorExposureKeep({ findingId: "f-5" })],
      }),
    );
    expect(report.reasons.map((r) => [r.code, r.subjectId])).toEqual([
      ["prior_exposure_unjustified", "img-9"],
      ["prior_exposure_unjustified", "f-5"],
    ]);
  });
});

describe("rule 6: who signs", () => {
  it.each([
    ["nobody (the report alone)", null, []],
    ["the owner, an editor of the desk", deskEditor({ id: OWNER_ID }), ["signer_is_owner"]],
    ["a collaborator, an editor of the desk", deskEditor({ id: COLLABORATOR_ID }), ["signer_is_collaborator"]],
    ["an editor of another desk", deskEditor({ deskIds: [OTHER_DESK_ID] }), ["signer_other_desk"]],
    ["an editor of several desks including this one", deskEditor({ deskIds: [OTHER_DESK_ID, "desk-nk"] }), []],
    ["a journalist of the desk", deskEditor({ isEditor: false }), ["signer_not_editor"]],
    ["a journalist of another desk", deskEditor({ isEditor: false, deskIds: [OTHER_DESK_ID] }), ["signer_not_editor"]],
    ["the owner, not an editor", deskEditor({ id: OWNER_ID, isEditor: false }), ["signer_is_owner", "signer_not_editor"]],
    [
      "a collaborator editing another desk",
      deskEditor({ id: COLLABORATOR_ID, deskIds: [OTHER_DESK_ID] }),
      ["signer_is_collaborator", "signer_other_desk"],
    ],
    ["a valid editor of the desk", deskEditor(), []],
  ] as const satisfies readonly (readonly [string, GateInput["signer"], readonly GateCode[]])[])("%s → %j", (_who, signer, expected) => {
    const report = evaluateGate(clearInput({ signer }));
    expect(report.reasons.map((r) => r.code)).toEqual(expected);
    for (const r of report.reasons) expect(r).toEqual({ rule: 6, code: r.code, message: r.message, href: `${BASE}/publication` });
  });

  it("an owner also listed as a collaborator gets the owner's reason only", () => {
    const input = clearInput({ interview: { collaboratorIds: [OWNER_ID, COLLABORATOR_ID] }, signer: deskEditor({ id: OWNER_ID }) });
    expect(codes(input)).toEqual(["signer_is_owner"]);
  });
});

/** Every problem at once (those that exclude each other aside): a POW interview in a bad way, signed by its owner. */
function everythingWrong(): GateInput {
  return clearInput({
    interview: { sourceType: "pow" },
    signer: deskEditor({ id: OWNER_ID, isEditor: false }),
    checklist: [
      checklistItem({ itemId: "warn-open", title: "Warn open", gate: "warn", state: "open" }),
      checklistItem({ itemId: "open", title: "Open", state: "open" }),
      checklistItem({ itemId: "na", title: "N/A", state: "not_applicable", naApproval: "pending" }),
    ],
    consent: {
      status: "given",
      captorPresent: true,
      powOverridePending: true,
      reconfirmation: { required: true, days: 30, lastReconfirmedAt: null, current: false },
      choices: { name: "real", face: "blurred", voice: "real", media: ["text"] },
    },
    documents: [
      gateDocument({ id: "d1", state: { scanned: false, clear: false } }),
      gateDocument({ id: "d2", state: { staleReasons: ["edited"], clear: false } }),
      gateDocument({ id: "d3", state: { undecided: 1, undecidedHigh: 1, notKeepable: 1, awaitingApproval: 1, clear: false } }),
    ],
    images: [gateImage({ id: "i1", deidentified: false, priorExposure: { claimed: true, justified: false } }), gateImage({ id: "i2" })],
    priorExposureKeeps: [priorExposureKeep({ documentId: "d3", findingId: "f1" })],
  });
}

describe("everything at once", () => {
  it("gives every reason, in rule order, each linked to the interview", () => {
    const report = evaluateGate(everythingWrong());
    expect(report.clear).toBe(false);
    expect(report.reasons.map((r) => r.code)).toEqual([
      "checklist_open",
      "checklist_na_pending",
      "consent_captor_present",
      "consent_pow_override_pending",
      "consent_reconfirmation_due",
      "review_not_scanned",
      "review_stale",
      "review_high_undecided",
      "review_not_allowed",
      "review_keep_awaiting_approval",
      "image_stills_not_agreed",
      "image_face_not_allowed",
      "pow_image_not_deidentified",
      "prior_exposure_unjustified",
      "prior_exposure_unjustified",
      "signer_is_owner",
      "signer_not_editor",
    ]);
    const rules = report.reasons.map((r) => r.rule);
    for (let i = 1; i < rules.length; i += 1) expect(rules[i]).toBeGreaterThanOrEqual(rules[i - 1]!);
    expect(new Set(rules)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    for (const r of report.reasons) {
      expect(r.href).toMatch(INTERVIEW_HREF);
      expect(r.message.length).toBeGreaterThan(0);
    }
  });
});

describe("hash", () => {
  const hashOf = (input: GateInput) => evaluateGate(input).hash;
  const clearHash = hashOf(clearInput());
  const expectedHash = (input: GateInput, reasons: readonly GateReason[]) =>
    sha256Hex(
      canonicalJson({
        basis: gateBasis(input),
        reasons: reasons.filter((r) => r.rule !== 6).map((r) => [r.code, r.subjectId ?? null]),
      }),
    );

  it("is the same for identical inputs built separately", () => {
    expect(hashOf(clearInput())).toBe(clearHash);
    expect(hashOf(everythingWrong())).toBe(hashOf(everythingWrong()));
    expect(hashOf(everythingWrong())).not.toBe(clearHash);
  });

  it.each([
    // name, changed input, still clear (the basis alone changed)
    ["a checklist item's state", clearInput({ checklist: [checklistItem({ state: "not_applicable", naApproval: "approved" })] }), true],
    [
      "a warn item's approval",
      clearInput({
        checklist: [checklistItem(), checklistItem({ itemId: "repatriation-impact", gate: "warn", state: "open", naApproval: "pending" })],
      }),
      true,
    ],
    ["a checklist item's state (re-opened)", clearInput({ checklist: [checklistItem({ state: "open" })] }), false],
    ["a document's version", clearInput({ documents: [gateDocument({ versionId: "ver-2" })] }), true],
    ["a finding's decision (redacted, then kept), same version", clearInput({ documents: [gateDocument({ decisionsDigest: "1".repeat(64) })] }), true],
    [
      "a document's clear flag (low-severity findings undecided)",
      clearInput({ documents: [gateDocument({ state: { undecided: 1, clear: false } })] }),
      true,
    ],
    ["the consent status", clearInput({ consent: { status: "given" } }), true],
    ["the consent record", clearInput({ consent: { recordId: "cr-8" } }), true],
    [
      "the last reconfirmation",
      clearInput({ consent: { reconfirmation: { required: true, days: 30, lastReconfirmedAt: RECONFIRMED_AT + 1, current: true } } }),
      true,
    ],
    [
      "the consent choices",
      clearInput({ consent: { choices: { name: "none", face: "blurred", voice: "altered", media: ["text", "stills"] } } }),
      true,
    ],
    [
      "an image's de-identification",
      clearInput({ consent: { choices: { name: "pseudonym", face: "shown", voice: "altered", media: ["stills"] } } }),
      true,
    ],
    ["an image's prior exposure", clearInput({ images: [gateImage({ priorExposure: { claimed: true, justified: true } })] }), true],
    ["a justified kept finding", clearInput({ priorExposureKeeps: [priorExposureKeep({ justified: true })] }), true],
    ["the source type", clearInput({ interview: { sourceType: "other_at_risk" } }), true],
    ["the interview", clearInput({ interview: { id: "iv-43" } }), true],
  ] as const)("changes with %s", (_name, input, stillClear) => {
    expect(evaluateGate(input).clear).toBe(stillClear);
    expect(hashOf(input)).not.toBe(clearHash);
  });

  it("changes with an image's de-identification alone (face shown, a defector: no reason either way)", () => {
    const consent = { choices: { name: "pseudonym", face: "shown", voice: "altered", media: ["stills"] } };
    const shown = evaluateGate(clearInput({ consent, images: [gateImage({ deidentified: false })] }));
    const masked = evaluateGate(clearInput({ consent, images: [gateImage({ deidentified: true })] }));
    expect(shown.clear && masked.clear).toBe(true);
    expect(shown.hash).not.toBe(masked.hash);
  });

  it("changes when only the reasons change (a reconfirmation falling out of date)", () => {
    const input = clearInput({
      consent: { reconfirmation: { required: true, days: 30, lastReconfirmedAt: RECONFIRMED_AT, current: false } },
    });
    expect(gateBasis(input)).toEqual(gateBasis(clearInput()));
    expect(hashOf(input)).not.toBe(clearHash);
  });

  it("does not depend on who looks: the same hash for every signer, whatever rule 6 says", () => {
    const signers: GateInput["signer"][] = [
      null,
      deskEditor(),
      deskEditor({ id: OWNER_ID }),
      deskEditor({ id: COLLABORATOR_ID }),
      deskEditor({ deskIds: [OTHER_DESK_ID] }),
      deskEditor({ id: OWNER_ID, isEditor: false }),
    ];
    for (const base of [clearInput, everythingWrong]) {
      const hashes = new Set(signers.map((signer) => hashOf({ ...base(), signer })));
      expect(hashes.size).toBe(1);
    }
    expect(gateBasis(clearInput({ signer: deskEditor() }))).not.toHaveProperty("signer");
  });

  it("covers the basis and every reason but rule 6's", () => {
    for (const input of [clearInput({ signer: deskEditor({ id: OWNER_ID, isEditor: false }) }), everythingWrong()]) {
      const report = evaluateGate(input);
      expect(report.reasons.some((r) => r.rule === 6)).toBe(true);
      expect(report.hash).toBe(expectedHash(input, report.reasons));
    }
  });

  it("holds ids and states, never titles or labels", () => {
    const renamed = clearInput({
      checklist: [checklistItem({ title: "Renamed" })],
      documents: [gateDocument({ title: "Renamed draft" })],
      images: [gateImage({ label: "Renamed image" })],
    });
    const original = clearInput({ checklist: [checklistItem()], documents: [gateDocument()], images: [gateImage()] });
    expect(hashOf(renamed)).toBe(hashOf(original));
    expect(canonicalJson(gateBasis(renamed))).not.toMatch(/Renamed/);
  });
});

describe("purity", () => {
  it.each([
    ["a clear input", () => clearInput({ signer: deskEditor() })],
    ["an input with every reason", everythingWrong],
  ] as const)("does not mutate %s (deep-frozen) and gives the same report twice", (_name, build) => {
    const input = deepFreeze(build());
    const before = structuredClone(input);
    const first = evaluateGate(input);
    expect(input).toEqual(before);
    expect(evaluateGate(input)).toEqual(first);
    expect(Object.isFrozen(input.consent.reconfirmation)).toBe(true);
  });
});
