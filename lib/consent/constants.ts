/** Client-safe vocabularies of the consent record (guidance.md §7). */
export const PRESENCE = ["none", "detaining_authority", "intelligence_service", "guards", "officials", "family", "other"] as const;
export type Presence = (typeof PRESENCE)[number];
export const PRESENCE_LABELS: Record<Presence, string> = {
  none: "Nobody else",
  detaining_authority: "Detaining-authority personnel",
  intelligence_service: "An intelligence service",
  guards: "Guards",
  officials: "Other officials",
  family: "Family",
  other: "Someone else",
};
/** Presence that makes consent doubtful: flagged as a blocking problem. */
export const CAPTOR_PRESENCE: readonly Presence[] = ["detaining_authority", "intelligence_service", "guards"];

export const ANONYMITY_FROM = ["dprk_state", "people_who_know_them", "general_public"] as const;
export type AnonymityFrom = (typeof ANONYMITY_FROM)[number];
export const ANONYMITY_LABELS: Record<AnonymityFrom, string> = {
  dprk_state: "The North Korean state (strictest)",
  people_who_know_them: "People who know them",
  general_public: "The general public only",
};

export const NAME_CHOICES = ["none", "pseudonym", "real"] as const;
export const FACE_CHOICES = ["not_filmed", "blurred", "shown"] as const;
export const VOICE_CHOICES = ["not_recorded", "altered", "real"] as const;
export const NAME_LABELS = { none: "No name at all", pseudonym: "A pseudonym", real: "Real name" } as const;
export const FACE_LABELS = { not_filmed: "Not filmed or photographed", blurred: "Irreversibly masked", shown: "Face shown" } as const;
export const VOICE_LABELS = { not_recorded: "Not recorded", altered: "Re-voiced or altered", real: "Real voice" } as const;

export const MEDIA = ["text", "audio", "video", "stills"] as const;
export const MEDIA_LABELS = { text: "Text", audio: "Audio", video: "Video", stills: "Photographs" } as const;

export const PERMITTED_USES = ["quotes", "audio", "video", "stills", "archive", "translation", "syndication", "reuse"] as const;
export type PermittedUse = (typeof PERMITTED_USES)[number];
export const PERMITTED_USE_LABELS: Record<PermittedUse, string> = {
  quotes: "Quotes",
  audio: "Audio",
  video: "Video",
  stills: "Photographs",
  archive: "Keeping it in the archive",
  translation: "Translation",
  syndication: "Syndication or licensing to others",
  reuse: "Reuse in later stories",
};

/** What must have been explained before consent counts as informed (guidance.md §7 item 8). */
export const INFORMATION_ITEMS = [
  "purpose",
  "outlets",
  "formats",
  "platforms_languages",
  "permanence",
  "translation_syndication",
  "who_can_see",
  "risks_self_family",
  "mitigations",
  "limits",
  "no_effect_on_treatment",
  "right_to_stop",
  "how_to_withdraw",
  "contact_route",
] as const;
export type InformationItem = (typeof INFORMATION_ITEMS)[number];
export const INFORMATION_LABELS: Record<InformationItem, string> = {
  purpose: "What the interview is for",
  outlets: "Which outlets will publish it",
  formats: "In which formats (text, audio, video, photographs)",
  platforms_languages: "On which platforms and in which languages",
  permanence: "That it stays online and cannot be fully taken back",
  translation_syndication: "That it may be translated and passed on to others",
  who_can_see: "Who can see it, including North Korean authorities and the detaining state",
  risks_self_family: "The risks to them and to their family",
  mitigations: "What we will do to reduce those risks",
  limits: "What we cannot prevent",
  no_effect_on_treatment: "Taking part or refusing changes nothing about their treatment or status",
  right_to_stop: "They may refuse, skip questions and stop at any time",
  how_to_withdraw: "How to withdraw, and until when",
  contact_route: "How to reach us",
};

export const METHODS = ["written", "recorded_verbal", "witnessed_verbal"] as const;
export type ConsentMethod = (typeof METHODS)[number];
export const METHOD_LABELS: Record<ConsentMethod, string> = {
  written: "Written signature",
  recorded_verbal: "Recorded verbal consent",
  witnessed_verbal: "Witnessed verbal consent",
};

export const CHANNELS = ["in_person", "phone", "secure_message", "via_intermediary", "other"] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  in_person: "In person",
  phone: "By phone",
  secure_message: "Secure message",
  via_intermediary: "Through an intermediary",
  other: "Other",
};

export const OUTCOMES = ["given", "refused"] as const;
