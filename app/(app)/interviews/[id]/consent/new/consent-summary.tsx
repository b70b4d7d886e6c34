import {
  ANONYMITY_LABELS,
  FACE_LABELS,
  INFORMATION_ITEMS,
  MEDIA_LABELS,
  METHOD_LABELS,
  NAME_LABELS,
  PERMITTED_USE_LABELS,
  PERMITTED_USES,
  PRESENCE_LABELS,
  VOICE_LABELS,
  CAPTOR_PRESENCE,
} from "@/lib/consent/constants";
import { FactList } from "@/app/_components/fact-list";
import type { ConsentContext, ConsentFields } from "@/lib/consent/schema";

const yes = (b: boolean) => (b ? "yes" : "no");

/** The read-only summary the journalist certifies before the record is saved. */
export function ConsentSummary({
  values: v,
  context,
  scriptLabel,
}: {
  values: ConsentFields;
  context: ConsentContext;
  scriptLabel: string;
}) {
  const captor = v.presence.some((p) => CAPTOR_PRESENCE.includes(p));
  const rows: [string, React.ReactNode][] = [
    ["Script", `${scriptLabel}, read in ${v.language}`],
    [
      "Explained / decided",
      `${v.explainedAt.replace("T", " ")} → ${v.decidedAt.replace("T", " ")} (${v.sessions} session${Number(v.sessions) === 1 ? "" : "s"})`,
    ],
    ["Present", v.presence.map((p) => PRESENCE_LABELS[p]).join(", ") || "not answered"],
    ["Private setting", yes(v.privateSetting)],
    [
      "Interpreter",
      v.interpreterUsed ? `${v.interpreterAffiliation}; independent: ${yes(v.interpreterIndependent)}; ${v.interpreterLanguage}` : "none",
    ],
    ["Capacity", `${v.capacityDecision === "proceed" ? "could decide" : "postpone"}${v.capacityNote ? ` — ${v.capacityNote}` : ""}`],
    ["Explained", `${v.informationGiven.length} of ${INFORMATION_ITEMS.length} points`],
    ["Explain-back", v.explainBack || "not recorded"],
    ["Unidentifiable to", ANONYMITY_LABELS[v.anonymityFrom]],
    ["Name / face / voice", `${NAME_LABELS[v.nameChoice]} / ${FACE_LABELS[v.faceChoice]} / ${VOICE_LABELS[v.voiceChoice]}`],
    ["Media", v.media.map((m) => MEDIA_LABELS[m]).join(", ") || "none"],
    ["Uses", PERMITTED_USES.map((u) => `${PERMITTED_USE_LABELS[u]}: ${yes(v.permittedUses.includes(u))}`).join("; ")],
    ["Leave out", v.leaveOut || "nothing named"],
    ["Inducements", v.inducementsNoneOffered ? "none offered" : v.commitments],
    ["Method", `${METHOD_LABELS[v.method]}${v.methodReason ? ` (${v.methodReason})` : ""}`],
    ["Embargo / expiry", `${v.embargoUntil || "none"} / ${v.expiresOn || "none"}`],
    ["Decision", v.outcome === "given" ? "Consent given" : "Refused"],
  ];
  if (context.pow) rows.push(["Prisoner of war", `protection explained: ${yes(v.powAcknowledged)}`]);
  if (context.minor)
    rows.push([
      "Minor",
      `guardian: ${v.guardian}; guardian agreed: ${yes(v.guardianConsent)}; young person agreed: ${yes(v.childAgreement)}`,
    ]);
  return (
    <section className="card" aria-labelledby="summary-heading">
      <h2 id="summary-heading" style={{ marginTop: 0 }}>
        Summary to confirm
      </h2>
      {captor ? (
        <p className="notice error">
          Detaining-authority personnel, guards or an intelligence service were present. This record will carry a blocking flag: consent
          given in front of captors is not free.
        </p>
      ) : null}
      <FactList facts={rows} />
    </section>
  );
}
