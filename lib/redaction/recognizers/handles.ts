/**
 * Messaging handles: @handles (Telegram, X), IDs written after a platform name (WeChat ma_yj_3391,
 * KakaoTalk ID: …), profile links (t.me/…), WeChat internal IDs (wxid_…), handles introduced by "handle"/"username".
 */
import { patternRecognizer } from "../recognizer";

const PLATFORMS = String.raw`WeChat|Weixin|微信|위챗|KakaoTalk|Kakao|카카오톡|카톡|Telegram|텔레그램|Телеграм|Телеграмм|Signal|WhatsApp|Viber|LINE|QQ|VK|ВКонтакте|Instagram|Facebook`;
/** An ID, not an ordinary word: has a digit, underscore or dot inside, or follows an explicit "ID"/colon. */
const idLike = (id: string) => /[\d_]/.test(id);

export const handleRecognizer = patternRecognizer({
  name: "handle",
  category: "handle",
  context: [
    "handle",
    "account",
    "username",
    "channel",
    "wechat",
    "telegram",
    "kakao",
    "signal",
    "id",
    "아이디",
    "계정",
    "ник",
    "аккаунт",
    "канал",
  ],
  patterns: [
    {
      regex: /(?<![\p{L}\p{N}_.@])@[A-Za-z][A-Za-z0-9_]{2,31}(?![\p{L}\p{N}_]|\.[A-Za-z]{2,}|@)/gu,
      score: 0.85,
      explanation: "messaging handle (@name)",
    },
    {
      regex: new RegExp(
        String.raw`(?:${PLATFORMS})(?:\s*(?:ID|id|Id|아이디|handle|account|username|number|name))?(?:\s+(?:is|was))?\s*(?<sep>[:：=]\s*)?\(?@?(?<id>[A-Za-z][A-Za-z0-9_.\-]{2,31}[A-Za-z0-9])(?![\p{L}\p{N}_@])`,
        "gdu",
      ),
      group: "id",
      score: 0.85,
      explanation: "messaging ID after a platform name",
      validate: (m) => Boolean(m.groups?.sep) || idLike(m.groups?.id ?? ""),
    },
    {
      regex:
        /(?:https?:\/\/)?(?:t\.me|telegram\.me|instagram\.com|vk\.com|facebook\.com|x\.com|twitter\.com)\/(?<id>[A-Za-z0-9_.]{3,40})/dg,
      group: "id",
      score: 0.85,
      explanation: "account in a profile link",
    },
    {
      regex: /(?<![\p{L}\p{N}_])wxid_[a-z0-9]{6,}(?![\p{L}\p{N}_])/gu,
      score: 0.9,
      explanation: "WeChat internal ID",
    },
    {
      regex: new RegExp(
        String.raw`(?:handle|username|user name|account|nickname online|아이디|ник|никнейм)\s*(?:is\s*)?[:(“"«'‘]?\s*@?(?<id>[A-Za-z][A-Za-z0-9_.]{2,31}[A-Za-z0-9])`,
        "gdiu",
      ),
      group: "id",
      score: 0.75,
      explanation: "handle introduced by a label",
      validate: (m) => idLike(m.groups?.id ?? ""),
    },
  ],
});
