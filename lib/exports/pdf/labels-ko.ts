import type { AnonymityFrom, FACE_CHOICES, MEDIA, NAME_CHOICES, PermittedUse, VOICE_CHOICES } from "@/lib/consent/constants";
import type { ConsentState } from "@/lib/consent/state-machine";

/**
 * Korean for the source's own copy of what they agreed to (lib/exports/pdf/receipt.ts), written as the default
 * consent script is (see its comment in lib/consent/default-script.ts): plain words a North Korean reader knows,
 * the same words the script used when the choices were explained (진짜 이름, 지어낸 이름(가명), 흐리게 가리기, 영상,
 * 녹음, 내보내다 for "publish", 거두어들이다 for "withdraw"), and none of the Southern loanwords listed in
 * lib/consent/korean-style.ts (tests/unit/exports/pdf.test.ts checks every string here against that list).
 */
export const KO_LABELS = {
  name: { none: "이름을 아예 쓰지 않음", pseudonym: "지어낸 이름(가명)", real: "진짜 이름" } satisfies Record<
    (typeof NAME_CHOICES)[number],
    string
  >,
  face: {
    not_filmed: "영상도 사진도 아예 찍지 않음",
    blurred: "아무도 알아볼 수 없게 흐리게 가림 (가린 것은 되돌릴 수 없음)",
    shown: "얼굴을 보임",
  } satisfies Record<(typeof FACE_CHOICES)[number], string>,
  voice: { not_recorded: "아예 녹음하지 않음", altered: "바꾼 목소리, 또는 다른 사람이 대신 읽음", real: "진짜 목소리" } satisfies Record<
    (typeof VOICE_CHOICES)[number],
    string
  >,
  anonymityFrom: {
    dprk_state: "북조선 당국까지 아무도 알아볼 수 없게 함 (가장 안전한 쪽)",
    people_who_know_them: "본인을 아는 사람들이 알아볼 수 없게 함",
    general_public: "일반 사람들이 알아볼 수 없게 함",
  } satisfies Record<AnonymityFrom, string>,
  media: { text: "글", audio: "소리(녹음)", video: "영상", stills: "사진" } satisfies Record<(typeof MEDIA)[number], string>,
  uses: {
    quotes: "본인이 한 말을 그대로 옮겨 씀",
    audio: "녹음한 소리",
    video: "영상",
    stills: "사진",
    archive: "자료로 보관함",
    translation: "다른 나라 말로 옮김",
    syndication: "다른 보도기관이 쓰도록 넘겨줌",
    reuse: "나중에 다른 보도에 다시 씀",
  } satisfies Record<PermittedUse, string>,
  /** Said only when consent is not in force; a given or reconfirmed consent needs no status line. */
  status: {
    requested: "아직 정하지 않았습니다.",
    given: "동의하였습니다.",
    reconfirmed: "동의를 다시 확인하였습니다.",
    refused: "본인은 동의하지 않았습니다. 이 면담에서 아무것도 내보내지 않습니다.",
    withdrawn: "본인은 동의를 거두어들였습니다. 이 면담을 더는 쓰지 않습니다.",
    revoked: "우리 보도기관은 이 동의에 따라 이 면담을 더는 쓰지 않습니다.",
    expired: "동의 기한이 지났습니다. 다시 묻지 않고는 이 면담을 쓰지 않습니다.",
  } satisfies Record<ConsentState, string>,
} as const;
