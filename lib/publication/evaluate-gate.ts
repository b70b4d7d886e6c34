import { canonicalJson, sha256Hex } from "../audit/canonical";
import { isSettled, type ItemState, type NaApproval } from "../checklist/readiness";
import type { ConsentState } from "../consent/state-machine";
import type { InterviewStatus, SourceType } from "../interviews/constants";
import type { ReviewState } from "../review/rules";

/**
 * The publication gate (issue 9), pure: every reason an interview cannot be cleared for publication, each with
 * where to fix it. Nothing here reads the database or the clock; lib/publication/gate-input.ts gathers the input.
 *
 * The rules, in the order an editor works through them:
 * 1. the ethics checklist: any blocking item open, or marked not applicable and still awaiting an editor;
 * 2. consent: none that stands (given or reconfirmed); withdrawn, revoked or expired; obtained with
 *    detaining-authority personnel, guards or an intelligence service present (needs an editor's reasoned
 *    override, itself awaiting a second editor); a prisoner of war's identifying choice without two editors'
 *    approval; no reconfirmation within the configured days (guidance.md §4.13);
 * 3. the latest version of every document: not scanned, scanned before its last change (or before the vault or
 *    consent changed), high-severity findings undecided, kept findings awaiting an editor or that consent does not
 *    allow; and images the consent does not cover (photographs not agreed, a face not to be shown);
 * 4. for a prisoner of war: every image attached for publication marked de-identified by an editor (face,
 *    distinctive marks; GCIII art. 13 "public curiosity");
 * 5. identifying details or images kept because they were published elsewhere before: prior exposure is not a
 *    licence (guidance.md §6.4) and needs its own recorded justification;
 * 6. the sign-off itself: four eyes — not by the owner or a collaborator — and by an editor of the desk.
 */

export type GateRule = 1 | 2 | 3 | 4 | 5 | 6;

export interface GateReason {
  rule: GateRule;
  code: GateCode;
  message: string;
  /** Where to fix it (an app path). */
  href: string;
  /** The item, document, image or record it is about, when there is one. */
  subjectId?: string;
}

export const GATE_CODES = [
  "checklist_open",
  "checklist_na_pending",
  "consent_missing",
  "consent_not_given",
  "consent_withdrawn",
  "consent_revoked",
  "consent_expired",
  "consent_captor_present",
  "consent_captor_override_pending",
  "consent_pow_override_pending",
  "consent_reconfirmation_due",
  "review_not_scanned",
  "review_stale",
  "review_high_undecided",
  "review_keep_awaiting_approval",
  "review_not_allowed",
  "image_stills_not_agreed",
  "image_face_not_allowed",
  "pow_image_not_deidentified",
  "prior_exposure_unjustified",
  "signer_is_owner",
  "signer_is_collaborator",
  "signer_other_desk",
  "signer_not_editor",
] as const;
export type GateCode = (typeof GATE_CODES)[number];

export const RULE_TITLES: Record<GateRule, string> = {
  1: "Ethics checklist",
  2: "Consent",
  3: "Review of drafts, captions and transcripts",
  4: "Prisoner of war: images de-identified",
  5: "Earlier publication is not a licence",
  6: "Four eyes",
};

export interface GateChecklistItem {
  itemId: string;
  title: string;
  gate: "block" | "warn";
  state: ItemState;
  naApproval: NaApproval;
}

export interface GateConsent {
  status: ConsentState | "none";
  recordId: string | null;
  captorPresent: boolean;
  /** An editor's reasoned override of captor presence, and a second editor's approval of it. */
  captorOverride: { requested: boolean; approved: boolean };
  /** A prisoner of war's identifying choice still lacks two editors' approval. */
  powOverridePending: boolean;
  /** Reconfirmation against the final content; not `required` for sources the guidance only warns about. */
  reconfirmation: { required: boolean; days: number; lastReconfirmedAt: number | null; current: boolean };
  /** The choices, once consent was recorded. */
  choices: { name: string; face: string; voice: string; media: readonly string[] } | null;
}

export interface GateDocument {
  id: string;
  title: string;
  versionId: string;
  state: ReviewState;
  /** SHA-256 over the latest scan's findings and their current decisions (ids and decisions only). */
  decisionsDigest: string;
}

export interface GateImage {
  id: string;
  label: string;
  /** An editor marked it de-identified (face, distinctive marks). */
  deidentified: boolean;
  /** Kept because it was published elsewhere before, and whether that was justified on its own. */
  priorExposure: { claimed: boolean; justified: boolean };
}

export interface GatePriorExposureKeep {
  documentId: string;
  findingId: string;
  justified: boolean;
}

export interface GateInput {
  interview: {
    id: string;
    status: InterviewStatus;
    sourceType: SourceType;
    ownerId: string;
    collaboratorIds: readonly string[];
    deskId: string;
  };
  /** Who attempts the sign-off; null for the report alone. */
  signer: { id: string; deskIds: readonly string[]; isEditor: boolean } | null;
  checklist: readonly GateChecklistItem[];
  consent: GateConsent;
  documents: readonly GateDocument[];
  images: readonly GateImage[];
  priorExposureKeeps: readonly GatePriorExposureKeep[];
}

export interface GateReport {
  clear: boolean;
  reasons: GateReason[];
  /** SHA-256 over what was evaluated and what was found: an editor signs exactly this report. */
  hash: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function evaluateGate(input: GateInput): GateReport {
  const { interview: iv } = input;
  const base = `/interviews/${iv.id}`;
  const reasons: GateReason[] = [];
  const add = (rule: GateRule, code: GateCode, message: string, href: string, subjectId?: string) =>
    reasons.push(subjectId === undefined ? { rule, code, message, href } : { rule, code, message, href, subjectId });

  // 1. Checklist.
  for (const item of input.checklist) {
    if (item.gate !== "block" || isSettled(item)) continue;
    if (item.state === "not_applicable" && item.naApproval === "pending")
      add(
        1,
        "checklist_na_pending",
        `“${item.title}” is marked not applicable and waits for an editor's approval.`,
        `${base}#item-${item.itemId}`,
        item.itemId,
      );
    else add(1, "checklist_open", `“${item.title}” is not done.`, `${base}#item-${item.itemId}`, item.itemId);
  }

  // 2. Consent.
  const c = input.consent;
  const consentHref = c.recordId ? `${base}/consent/${c.recordId}` : `${base}/consent/new`;
  switch (c.status) {
    case "none":
      add(2, "consent_missing", "No consent is recorded.", `${base}/consent/new`);
      break;
    case "requested":
    case "refused":
      add(
        2,
        "consent_not_given",
        c.status === "refused" ? "The source refused consent." : "The source has not decided yet.",
        consentHref,
        c.recordId ?? undefined,
      );
      break;
    case "withdrawn":
      add(
        2,
        "consent_withdrawn",
        "The source withdrew consent. Nothing from this interview may be published.",
        consentHref,
        c.recordId ?? undefined,
      );
      break;
    case "revoked":
      add(2, "consent_revoked", "The newsroom revoked this consent. A new consent record is needed.", consentHref, c.recordId ?? undefined);
      break;
    case "expired":
      add(
        2,
        "consent_expired",
        "Consent expired on the date the source agreed to. A new consent record is needed.",
        consentHref,
        c.recordId ?? undefined,
      );
      break;
    default:
      break;
  }
  if (c.status === "given" || c.status === "reconfirmed") {
    if (c.captorPresent && !c.captorOverride.approved)
      add(
        2,
        c.captorOverride.requested ? "consent_captor_override_pending" : "consent_captor_present",
        c.captorOverride.requested
          ? "Consent was obtained with the detaining authority, guards or an intelligence service present: an editor's override is recorded and a second editor must approve it."
          : "Consent was obtained with the detaining authority, guards or an intelligence service present: it cannot count unless an editor records a reasoned override and a second editor approves it.",
        `${base}/publication#captor-override`,
        c.recordId ?? undefined,
      );
    if (c.powOverridePending)
      add(
        2,
        "consent_pow_override_pending",
        "The prisoner of war's identifying choice needs two editors' approval of the public-interest justification.",
        consentHref,
        c.recordId ?? undefined,
      );
    if (c.reconfirmation.required && !c.reconfirmation.current)
      add(
        2,
        "consent_reconfirmation_due",
        c.reconfirmation.lastReconfirmedAt === null
          ? `The source has not reconfirmed consent against the final content (needed within ${plural(c.reconfirmation.days, "day")} before publication).`
          : `The last reconfirmation is older than ${plural(c.reconfirmation.days, "day")}: ask the source again against the final content.`,
        consentHref,
        c.recordId ?? undefined,
      );
  }

  // 3. Documents and what consent covers.
  for (const d of input.documents) {
    const href = `${base}/review/${d.id}`;
    const s = d.state;
    if (!s.scanned) add(3, "review_not_scanned", `“${d.title}”: its latest version was not scanned.`, href, d.id);
    else if (s.staleReasons.length > 0) add(3, "review_stale", `“${d.title}”: scan again (${s.staleReasons[0]}).`, href, d.id);
    else {
      if (s.undecidedHigh > 0)
        add(3, "review_high_undecided", `“${d.title}”: ${plural(s.undecidedHigh, "high-severity finding")} not decided.`, href, d.id);
      if (s.notKeepable > 0)
        add(
          3,
          "review_not_allowed",
          `“${d.title}”: ${plural(s.notKeepable, "kept finding")} the source's consent does not allow (e.g. the real name).`,
          href,
          d.id,
        );
      if (s.awaitingApproval > 0)
        add(
          3,
          "review_keep_awaiting_approval",
          `“${d.title}”: ${plural(s.awaitingApproval, "kept high-severity finding")} awaiting another editor's approval.`,
          href,
          d.id,
        );
    }
  }
  const choices = c.choices;
  const imagesHref = `${base}/review#images`;
  if (input.images.length > 0 && choices && !choices.media.includes("stills"))
    add(
      3,
      "image_stills_not_agreed",
      `${plural(input.images.length, "image is", "images are")} attached, but the source did not agree to photographs.`,
      imagesHref,
    );
  if (choices && choices.face !== "shown")
    for (const img of input.images.filter((i) => !i.deidentified))
      add(
        3,
        "image_face_not_allowed",
        `${img.label}: the source's face may not be shown; an editor must mark it de-identified.`,
        imagesHref,
        img.id,
      );

  // 4. Prisoner of war: every image de-identified by an editor, whatever consent says.
  if (iv.sourceType === "pow")
    for (const img of input.images.filter((i) => !i.deidentified))
      add(
        4,
        "pow_image_not_deidentified",
        `${img.label}: a prisoner of war's face and distinctive marks must be de-identified, checked by an editor.`,
        imagesHref,
        img.id,
      );

  // 5. Prior exposure.
  for (const img of input.images.filter((i) => i.priorExposure.claimed && !i.priorExposure.justified))
    add(
      5,
      "prior_exposure_unjustified",
      `${img.label} is used because it was published before; that needs its own justification.`,
      imagesHref,
      img.id,
    );
  for (const k of input.priorExposureKeeps.filter((k) => !k.justified)) {
    const title = input.documents.find((d) => d.id === k.documentId)?.title ?? "a document";
    add(
      5,
      "prior_exposure_unjustified",
      `“${title}”: a detail kept because it was published before needs its own justification.`,
      `${base}/review/${k.documentId}`,
      k.findingId,
    );
  }

  // 6. Who signs.
  const s = input.signer;
  if (s) {
    const href = `${base}/publication`;
    if (s.id === iv.ownerId) add(6, "signer_is_owner", "You own this interview: another editor must clear it.", href);
    else if (iv.collaboratorIds.includes(s.id))
      add(6, "signer_is_collaborator", "You work on this interview: another editor must clear it.", href);
    if (!s.isEditor) add(6, "signer_not_editor", "Only an editor can clear an interview for publication.", href);
    else if (!s.deskIds.includes(iv.deskId)) add(6, "signer_other_desk", "Only an editor of the interview's desk can clear it.", href);
  }

  return { clear: reasons.length === 0, reasons, hash: gateHash(input, reasons) };
}

/**
 * What the report is about, in stable form: the versions, scans and states that were evaluated (ids and states,
 * never content). Signing the hash of this and the reasons binds a sign-off to exactly what the editor saw.
 */
export function gateBasis(input: GateInput) {
  return {
    interviewId: input.interview.id,
    sourceType: input.interview.sourceType,
    checklist: input.checklist.map((i) => [i.itemId, i.gate, i.state, i.naApproval]),
    consent: {
      recordId: input.consent.recordId,
      status: input.consent.status,
      captorPresent: input.consent.captorPresent,
      captorOverride: input.consent.captorOverride,
      powOverridePending: input.consent.powOverridePending,
      lastReconfirmedAt: input.consent.reconfirmation.lastReconfirmedAt,
      choices: input.consent.choices,
    },
    documents: input.documents.map((d) => [d.id, d.versionId, d.state.scanned, d.state.clear, d.decisionsDigest]),
    images: input.images.map((i) => [i.id, i.deidentified, i.priorExposure.claimed, i.priorExposure.justified]),
    priorExposureKeeps: input.priorExposureKeeps.map((k) => [k.findingId, k.justified]),
  };
}

/** The same for every reader: who is looking (rule 6) is not part of what is signed. */
function gateHash(input: GateInput, reasons: readonly GateReason[]): string {
  const about = reasons.filter((r) => r.rule !== 6).map((r) => [r.code, r.subjectId ?? null]);
  return sha256Hex(canonicalJson({ basis: gateBasis(input), reasons: about }));
}
