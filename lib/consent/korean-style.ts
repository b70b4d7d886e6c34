/**
 * Words a North Korean reader may not know: South Korean loanwords from English and Southern administrative
 * terms, each with a plainer or Northern way to say it. Client-safe. The default script avoids every one of them
 * (tests/unit/consent/default-script.test.ts) and the script editor warns when a Korean text uses one.
 * Suggestions are a starting point for the translator, not a dictionary: some things are best described in a
 * few plain words before (or instead of) being named.
 */
export const SOUTHERN_LOANWORDS: Readonly<Record<string, string>> = {
  인터뷰: "면담, 담화",
  미디어: "신문과 방송",
  온라인: "describe it: 통신망으로",
  오프라인: "describe it",
  인터넷: "describe it first, then 인터네트",
  스트리밍: "describe it",
  업로드: "describe it: 통신망에 올리다",
  다운로드: "describe it: 통신망에서 받다",
  프라이버시: "사생활",
  휴대폰: "손전화",
  핸드폰: "손전화",
  스마트폰: "손전화",
  모바일: "손전화",
  카메라: "사진기",
  비디오: "록화물, 동영상",
  모자이크: "describe it: 얼굴을 알아보지 못하게 가리다",
  블러: "describe it: 얼굴을 알아보지 못하게 가리다",
  뉴스: "보도, 소식",
  사이트: "describe it",
  웹: "describe it",
  유튜브: "describe it",
  에스엔에스: "describe it",
  텔레비전: "텔레비죤",
  티브이: "텔레비죤",
  라디오: "라지오",
  컴퓨터: "콤퓨터",
  파일: "자료",
  데이터: "자료",
  이메일: "전자우편",
  메일: "전자우편",
  메시지: "통보, 소식",
  채널: "describe it",
  플랫폼: "describe it",
  콘텐츠: "내용",
  컨텐츠: "내용",
  디지털: "describe it",
  다큐멘터리: "기록영화",
  프로그램: "방송",
  스트레스: "마음고생, 정신적 압박",
  리스크: "위험",
  케어: "돌봄",
  팀: "조, 일행",
  에디터: "편집자",
  프로듀서: "제작자",
  오케이: "좋습니다",
  러시아: "로씨야",
  북한이탈주민: "a Southern administrative term: say who the person is in plain words",
  탈북민: "a Southern administrative term: say who the person is in plain words",
  새터민: "a Southern administrative term: say who the person is in plain words",
};

/** The loanwords found in a text, in the order of the list, each once. */
export function findSouthernLoanwords(text: string): { word: string; suggestion: string }[] {
  return Object.entries(SOUTHERN_LOANWORDS)
    .filter(([word]) => text.includes(word))
    .map(([word, suggestion]) => ({ word, suggestion }));
}
