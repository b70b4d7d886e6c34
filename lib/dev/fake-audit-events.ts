import type { AuditEvent } from "../audit/events";
import { INTERVIEW_STATUSES } from "../interviews/constants";
import { BUILTIN_SCRIPT_ID } from "../consent/scripts";

/**
 * Fake but catalogue-valid audit events for the development seeder (`npm run cli -- dev seed-audit`) and the
 * audit benchmark. Pure: a seeded random generator and the newsroom the seeder created, nothing else. The mix
 * is weighted like a working newsroom: many views, sign-ins and checklist ticks, few withdrawals or role changes.
 */

export interface SeedDesk {
  id: string;
  editors: string[];
  journalists: string[];
}

export interface SeedInterview {
  id: string;
  desk: number;
  owner: string;
}

export interface SeedWorld {
  admins: string[];
  desks: SeedDesk[];
  interviews: SeedInterview[];
}

export interface FakeEvent {
  event: AuditEvent;
  actorId: string | null;
}

/** mulberry32: small, fast and reproducible (the same seed gives the same log). */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const int = (rng: Rng, max: number) => Math.floor(rng() * max);
const hex = (rng: Rng, chars: number) => {
  let s = "";
  while (s.length < chars) s += (Math.floor(rng() * 0x100000000) >>> 0).toString(16).padStart(8, "0");
  return s.slice(0, chars);
};
const uuid = (rng: Rng) => {
  const h = hex(rng, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
};

const ITEMS = ["consent-before-recording", "custody-presence", "face-blur", "voice-alter", "family-risk", "hometown-check"];
const ITEM_STATES = ["open", "done", "not_applicable"] as const;
const CONSENT_STATES = ["given", "reconfirmed"] as const;
const CATEGORIES = ["person_name", "place", "unit", "phone", "nickname"];

interface Pick {
  desk: SeedDesk;
  interview: SeedInterview;
  actor: string;
}

/** An interview, and who acts on it: its owner mostly, an editor of its desk sometimes, an admin rarely. */
function onInterview(rng: Rng, w: SeedWorld): Pick {
  const interview = pick(rng, w.interviews);
  const desk = w.desks[interview.desk]!;
  const r = rng();
  const actor = r < 0.7 ? interview.owner : r < 0.95 && desk.editors.length ? pick(rng, desk.editors) : pick(rng, w.admins);
  return { desk, interview, actor };
}

function anyUser(rng: Rng, w: SeedWorld): string {
  const desk = pick(rng, w.desks);
  const all = [...desk.editors, ...desk.journalists];
  return all.length && rng() < 0.95 ? pick(rng, all) : pick(rng, w.admins);
}

function deskEditorOrAdmin(rng: Rng, w: SeedWorld): string {
  const desk = pick(rng, w.desks);
  return desk.editors.length && rng() < 0.7 ? pick(rng, desk.editors) : pick(rng, w.admins);
}

type Maker = (rng: Rng, w: SeedWorld) => FakeEvent;

/** An event about an interview, by someone who works on it. */
const about =
  (make: (rng: Rng, p: Pick) => { action: AuditEvent["action"]; payload: unknown }): Maker =>
  (rng, w) => {
    const p = onInterview(rng, w);
    const { action, payload } = make(rng, p);
    return { event: { action, targetId: p.interview.id, payload } as AuditEvent, actorId: p.actor };
  };

const userEvent =
  (action: AuditEvent["action"], payload: (rng: Rng) => unknown): Maker =>
  (rng, w) => ({ event: { action, targetId: anyUser(rng, w), payload: payload(rng) } as AuditEvent, actorId: pick(rng, w.admins) });

/** [weight per 10,000 entries, maker]. */
const MIX: [number, Maker][] = [
  [1200, (rng, w) => ((u) => ({ event: { action: "auth.sign_in_succeeded", targetId: u, payload: {} }, actorId: u }))(anyUser(rng, w))],
  [800, (rng, w) => ((u) => ({ event: { action: "auth.signed_out", targetId: u, payload: {} }, actorId: u }))(anyUser(rng, w))],
  [
    150,
    (rng) => ({
      event: {
        action: "auth.sign_in_failed",
        targetId: null,
        payload: { emailHash: hex(rng, 64), reason: rng() < 0.9 ? "bad_credentials" : "locked" },
      },
      actorId: null,
    }),
  ],
  [
    10,
    (rng) => ({
      event: {
        action: "auth.locked_out",
        targetId: null,
        payload: { scope: "account", keyHash: hex(rng, 64), lockedUntil: 1_700_000_000_000 + int(rng, 1e10) },
      },
      actorId: null,
    }),
  ],
  [400, about((rng) => ({ action: "interview.updated", payload: { fields: [pick(rng, ["outlet", "plannedDate", "notes", "setting"])] } }))],
  [
    100,
    about((rng) => ({
      action: "interview.status_changed",
      payload: { from: pick(rng, INTERVIEW_STATUSES), to: pick(rng, INTERVIEW_STATUSES) },
    })),
  ],
  [600, about((rng) => ({ action: "interview.comment_added", payload: { commentId: uuid(rng) } }))],
  [
    50,
    about((rng, p) => ({
      action: "interview.collaborator_added",
      payload: { userId: pick(rng, p.desk.journalists.length ? p.desk.journalists : [p.actor]) },
    })),
  ],
  [
    20,
    about((rng, p) => ({
      action: "interview.collaborator_removed",
      payload: { userId: pick(rng, p.desk.journalists.length ? p.desk.journalists : [p.actor]) },
    })),
  ],
  [5, about(() => ({ action: "interview.archived", payload: {} }))],
  [
    1800,
    about((rng) => ({
      action: "checklist.item_changed",
      payload: { itemId: pick(rng, ITEMS), from: pick(rng, ITEM_STATES), to: pick(rng, ITEM_STATES), evidence: rng() < 0.5 },
    })),
  ],
  [80, about((rng) => ({ action: "checklist.na_requested", payload: { itemId: pick(rng, ITEMS) } }))],
  [
    60,
    about((rng) => ({
      action: "checklist.na_decided",
      payload: { itemId: pick(rng, ITEMS), decision: rng() < 0.8 ? "approved" : "refused" },
    })),
  ],
  [40, about((rng) => ({ action: "checklist.synced", payload: { added: [pick(rng, ITEMS)], removed: [], restored: [] } }))],
  [
    60,
    about((rng) => ({
      action: "consent.recorded",
      payload: {
        outcome: rng() < 0.9 ? "given" : "refused",
        scriptId: BUILTIN_SCRIPT_ID,
        language: pick(rng, ["ko", "en"]),
        method: pick(rng, ["written", "recorded_verbal", "witnessed_verbal"] as const),
        captorPresent: false,
        needsOverride: rng() < 0.1,
        previousRecordId: null,
        termsHash: hex(rng, 64),
      },
    })),
  ],
  [600, about((rng) => ({ action: "consent.viewed", payload: { recordId: uuid(rng) } }))],
  [
    40,
    about((rng) => ({
      action: "consent.reconfirmed",
      payload: { recordId: uuid(rng), channel: pick(rng, ["in_person", "phone", "messenger"]) },
    })),
  ],
  [
    10,
    about((rng) => ({
      action: "consent.withdrawn",
      payload: { recordId: uuid(rng), channel: pick(rng, ["in_person", "phone"]), from: pick(rng, CONSENT_STATES) },
    })),
  ],
  [5, about((rng) => ({ action: "consent.revoked", payload: { recordId: uuid(rng), from: pick(rng, CONSENT_STATES) } }))],
  [10, about((rng) => ({ action: "consent.override_approved", payload: { recordId: uuid(rng), approvals: 1 + int(rng, 2) } }))],
  [
    30,
    about((rng) => ({
      action: "consent.upload_attached",
      payload: { recordId: uuid(rng), uploadId: uuid(rng), sha256: hex(rng, 64), metadataRemoved: int(rng, 12) },
    })),
  ],
  [80, about((rng) => ({ action: "consent.upload_downloaded", payload: { uploadId: uuid(rng) } }))],
  [
    10,
    (rng, w) => ({
      event: {
        action: "consent.expired",
        targetId: pick(rng, w.interviews).id,
        payload: { recordId: uuid(rng), expiresOn: `2030-0${1 + int(rng, 9)}-1${int(rng, 10)}` },
      },
      actorId: null,
    }),
  ],
  [500, about((rng) => ({ action: "vault.viewed", payload: { identifiers: int(rng, 20) } }))],
  [100, about((rng) => ({ action: "vault.updated", payload: { added: [uuid(rng)], changed: [], removed: [] } }))],
  [
    100,
    about((rng) => ({
      action: "review.document_added",
      payload: {
        documentId: uuid(rng),
        versionId: uuid(rng),
        kind: pick(rng, ["draft", "caption", "transcript"] as const),
        format: "paste",
        chars: int(rng, 40_000),
      },
    })),
  ],
  [
    100,
    about((rng) => ({
      action: "review.version_added",
      payload: { documentId: uuid(rng), versionId: uuid(rng), number: 2 + int(rng, 5), chars: int(rng, 40_000) },
    })),
  ],
  [1200, about((rng) => ({ action: "review.document_viewed", payload: { documentId: uuid(rng), versionId: uuid(rng) } }))],
  [
    250,
    about((rng) => ({
      action: "review.scanned",
      payload: {
        documentId: uuid(rng),
        versionId: uuid(rng),
        scanId: uuid(rng),
        findings: int(rng, 30),
        high: int(rng, 5),
        carriedOver: int(rng, 10),
      },
    })),
  ],
  [
    600,
    about((rng) => ({
      action: "review.decided",
      payload: {
        documentId: uuid(rng),
        findingId: uuid(rng),
        decision: pick(rng, ["redact", "pseudonym", "keep"] as const),
        category: pick(rng, CATEGORIES),
        severity: pick(rng, ["high", "medium", "low"] as const),
      },
    })),
  ],
  [50, about((rng) => ({ action: "review.approved", payload: { documentId: uuid(rng), findingId: uuid(rng), decisionId: uuid(rng) } }))],
  [
    80,
    about((rng) => ({
      action: "review.redacted",
      payload: {
        documentId: uuid(rng),
        fromVersionId: uuid(rng),
        versionId: uuid(rng),
        scanId: uuid(rng),
        redacted: int(rng, 20),
        pseudonymised: int(rng, 5),
        kept: int(rng, 3),
      },
    })),
  ],
  [200, about((rng) => ({ action: "review.downloaded", payload: { documentId: uuid(rng), versionId: uuid(rng) } }))],
  [
    60,
    about((rng) => ({ action: "image.attached", payload: { imageId: uuid(rng), sha256: hex(rng, 64), metadataRemoved: ["GPS", "EXIF"] } })),
  ],
  [100, about((rng) => ({ action: "image.downloaded", payload: { imageId: uuid(rng) } }))],
  [10, userEvent("user.updated", () => ({ fields: ["name"] }))],
  [20, (rng, w) => ((u) => ({ event: { action: "user.password_changed", targetId: u, payload: {} }, actorId: u }))(anyUser(rng, w))],
  [10, userEvent("user.password_reset", () => ({ mustChangePassword: true }))],
  [5, userEvent("user.role_changed", (rng) => (rng() < 0.5 ? { from: "journalist", to: "editor" } : { from: "editor", to: "journalist" }))],
  [5, userEvent("user.desks_changed", () => ({ added: [], removed: [] }))],
  [
    2,
    (rng, w) => ({
      event: {
        action: "settings.updated",
        targetId: null,
        payload: { key: "consent_reconfirmation_days", from: 14, to: 7 + int(rng, 21) },
      },
      actorId: pick(rng, w.admins),
    }),
  ],
  [
    5,
    (rng, w) => ({
      event: { action: "audit.exported", targetId: null, payload: { exportId: uuid(rng), filters: rng() < 0.5 ? [] : ["interviewId"] } },
      actorId: deskEditorOrAdmin(rng, w),
    }),
  ],
];

const TOTAL = MIX.reduce((sum, [weight]) => sum + weight, 0);
const CUMULATIVE = (() => {
  let acc = 0;
  return MIX.map(([weight, make]) => ({ upTo: (acc += weight), make }));
})();

/** One fake event, drawn from the weighted mix. */
export function fakeAuditEvent(rng: Rng, world: SeedWorld): FakeEvent {
  const r = rng() * TOTAL;
  for (const c of CUMULATIVE) if (r < c.upTo) return c.make(rng, world);
  return CUMULATIVE.at(-1)!.make(rng, world);
}
