import type { ConsentScriptContent, ScriptText } from "./script-types";

/**
 * The consent script Sourcekeeper ships (issue 4), version label "2026-11", written from the project's guidance
 * (guidance.md §1 Third Geneva Convention arts 7, 13, 17 and 126; §2.2–2.4 the 2025 POW case and the risks to
 * families; §3 journalism and research ethics; §4 elements 4.1–4.16; §7 item 8, the information a source must be
 * given). Editors create new versions in the app; this one never changes once released. A wording change here is a
 * new version with a new label, because its SHA-256 (lib/consent/script-hash.ts) is printed on consent sheets and
 * stored with consent records.
 *
 * The journalist reads it aloud, section by section; each section takes about a minute. It names no outlet, person
 * or contact route: the journalist gives those in person, so the paper itself can never lead anyone to the source.
 * `pow_protection` applies only to prisoners of war and says so.
 *
 * Korean text: written for a North Korean reader who has never lived in the South.
 * - Register: 합니다체 in short sentences. The source is addressed as 본인, or the subject is left out; 당신 sounds
 *   cold or rude when read aloud to someone.
 * - Vocabulary: words North Koreans use, never the English loanwords common in South Korea (인터뷰, 미디어,
 *   온라인, 휴대폰, 카메라, 모자이크, 다큐멘터리 …; the full list is checked in
 *   tests/unit/consent/default-script.test.ts). So: 면담 (interview), 보도기관 / 신문 / 방송 (media), 손전화,
 *   영상, 사진, 촬영, 기록영화 (documentary), 통역원, 재판소 (court; 법원 is the Southern word), 군사칭호(계급)
 *   (rank), 정치범수용소(관리소), 흐리게 가리기 (blurring, instead of 모자이크 / 블러).
 * - Country names: 북조선 and 남조선(한국). 북한 is the Southern name; 북조선 is what North Koreans and Koreans
 *   in China say in everyday speech, and South Korean interpreters understand it. 한국 is added once per section
 *   in brackets so a Southern reader is not misled.
 * - Spelling convention: South Korean standard orthography, including the initial-sound rule (녹음, 녹화, 여러,
 *   이용, not the Northern 록음, 록화, 려러, 리용). The Northern and Southern spellings of these words differ in
 *   spelling only, not in meaning, and North Koreans read the Southern forms without difficulty; the interpreters,
 *   editors and the redaction scanner that handle this text all work in Southern spelling, and one consistent
 *   spelling keeps the hash and any later diff meaningful. What a North Korean reader cannot guess is vocabulary,
 *   so that is where the text follows Northern usage.
 * - Foreign words with no native equivalent: explained in plain words, and named in the form a North Korean has
 *   heard. The internet is described before it is named ("온 세계를 잇는 통신망 … 손전화나 콤퓨터로 …
 *   읽고 볼 수 있습니다") and then named 인터네트, the Northern form, not the Southern 인터넷. Likewise 콤퓨터 (not
 *   컴퓨터), 로씨야 (not 러시아) and 쥬네브 next to the treaty's usual Korean name 제네바.
 * The Korean says the same as the English, section by section and paragraph by paragraph.
 */
export const DEFAULT_SCRIPT_VERSION_LABEL = "2026-11";

/** Paragraphs are separated by one blank line. */
const paragraphs = (...ps: string[]): string => ps.join("\n\n");

const en: ScriptText = {
  who_we_are: paragraphs(
    "We are journalists. The journalist reading this to you will tell you their name, the name of the news organisation they work for, and who pays for this work. If you ask, they will show you a press card or a letter from that organisation.",
    "We are not part of any government, army, police force or intelligence service, and we take no orders from them. That is true of any country that holds you, of North Korea, of South Korea and of every other country. We do not work for the people who guard you or who decide what happens to you. We are not the International Committee of the Red Cross either.",
    "We will tell you who the interpreter is and whom they work for. If the interpreter, or anyone else present, works for a government, an army or an intelligence service, we will tell you before we begin.",
  ),
  purpose: paragraphs(
    "We want to report truthfully what happened to you and to people in your situation, so that people in many countries know and understand it. What you tell us may be used in a news report, a longer article or a documentary film.",
    "This is not questioning by the authorities. We do not gather information for any government, army or intelligence service. We will not hand them your words, our recordings or our notes. Only what we publish becomes public.",
    "We will ask about what you yourself lived through. You decide how much to say.",
  ),
  publication: paragraphs(
    "The journalist will tell you which newspapers, broadcasters and other news organisations will publish this, in which languages, and whether it will be written words, sound, video or photographs.",
    "Almost everything published today also goes on the internet, a network that joins the whole world: anyone, anywhere, can read and watch what is on it with a mobile phone or a computer. So it can be seen in every country. People inside North Korea can see it, and so can North Korea's state security, the authorities of any country that holds you, and the governments and armies of Russia, Ukraine and South Korea.",
    "Once published, it can stay there for many years. Others can copy it, translate it into other languages and publish it again. We cannot stop all of this, and we cannot call back every copy.",
  ),
  risks: paragraphs(
    "If the North Korean authorities learn that you spoke to journalists, your family may be punished: parents, brothers and sisters, children, other relatives. Families of people in the news have been questioned, watched, banished to remote areas or sent to political prison camps. If you are in North Korea, or are sent back there, you yourself may be punished severely. Publicity may also affect a prisoner exchange, a transfer to another country or a request for asylum; no one can predict how.",
    "Even without your name, small details can reveal you: your home town, unit, age, family, a scar, the way you speak, a photograph of the room.",
    "To reduce the risk, we hide what you choose to hide and remove details that could point to you. We keep your real name apart from the interview material, and we keep both locked away. Before we publish, we will tell you what we plan to use.",
    "Some things we cannot prevent. Others may already have published details about you. A court or a government may try to force us to hand over material; we will resist, but cannot promise to win. No one can promise you complete safety.",
  ),
  choices: paragraphs(
    "You decide how you appear in what we publish. You choose each of the following.",
    "Name: your real name, a made-up name, or no name at all.",
    "Face: shown; blurred so that no one can recognise it, in a way that cannot be undone; or not filmed or photographed at all.",
    "Voice: your real voice; a changed voice, or your words read by someone else; or not recorded at all.",
    "Where and how: which news organisations may use this, and in which forms (written words, sound, video, photographs).",
    "Tell us also who must not be able to recognise you: the general public, people who know you, or even the North Korean authorities. If you are not sure, we take the safest choice: even the North Korean authorities must not be able to recognise you.",
    "If there is anything you want left out, such as a name, a place or an event, tell us. We will not publish it.",
  ),
  pow_protection: paragraphs(
    "This part is for prisoners of war. If you are not a prisoner of war, it does not apply to you.",
    "The Third Geneva Convention is an international treaty that protects prisoners of war. Its article 13 says prisoners must be protected at all times against insults and public curiosity, which includes being put on show to the world. Its article 7 says prisoners cannot give up these protections, even if they want to.",
    "So if you are a prisoner of war, your agreement alone is not enough for us to use your real name, show your face or use your real voice. Whatever you choose today, our news organisation will make sure that no one can recognise you, even if others have already shown your face or your name.",
    "Only if two senior editors decided in writing that a very serious public reason requires it could we do otherwise, and even then we would first contact you and ask you again. This rule protects you. It is not a punishment, and it has nothing to do with what you said.",
  ),
  voluntary: paragraphs(
    "Talking to us is your free choice. You may say no. You may refuse any question, take a break or stop at any time. You do not have to give a reason.",
    "Saying yes or no must change nothing about your treatment, your detention, a prisoner exchange, a transfer to another country or a request for asylum. No one may treat you better for talking to us or worse for refusing, or tell you otherwise. If anyone does, please tell us.",
    "We pay nothing and promise nothing in return. Talking to us is not a way to help your case. We cannot arrange a transfer, medical care or contact with your family.",
    "If you are a prisoner of war: under article 17 of the Third Geneva Convention, the only things you must tell even the authorities holding you are your name, rank, date of birth and service number. You owe journalists nothing at all.",
    "You do not have to decide now. You can take time to think, and we can come back another day.",
  ),
  withdrawal: paragraphs(
    "If you change your mind, you can withdraw your consent. Tell the journalist or the interpreter, send word by the route we give you, or ask someone you trust to tell us. A few words are enough, and you do not have to give a reason.",
    "You can withdraw at any time before publication. We will then publish nothing from this interview and make no further use of it. The journalist will tell you when we plan to publish. Before anything is published, we will contact you again and check that you still agree.",
    "If you withdraw after publication, our news organisation will take the material down as quickly as it can and not use it again. But we cannot erase copies that others have already made.",
    "Withdrawing costs you nothing, and it must change nothing about how you are treated.",
  ),
  contact: paragraphs(
    "The journalist will give you, in person, a name and a safe way to reach us. It is not written in this text, so that this paper cannot lead anyone to you or to us. Choose a way that is safe for you. If keeping it written down could put you in danger, learn it by heart instead.",
    "If you cannot reach us yourself, someone you trust may pass on your message.",
    "You may ask us anything now, before you decide, and at any time later. Before you agree, we will ask you to tell us in your own words what you have understood, so that we know we explained it well.",
    "If you are a prisoner of war, delegates of the International Committee of the Red Cross may visit you and talk with you in private. That is separate from us. Whether you talk to us or not changes nothing about it.",
  ),
};

const ko: ScriptText = {
  who_we_are: paragraphs(
    "우리는 기자입니다. 이 글을 읽어 드리는 기자가 자기 이름과, 자기가 일하는 보도기관의 이름과, 이 일에 드는 돈을 누가 대는지 알려 드립니다. 원하시면 기자증이나 그 보도기관의 편지를 보여 드립니다.",
    "우리는 어느 정부나 군대, 경찰, 정보기관에도 속하지 않으며, 그들의 지시를 받지 않습니다. 본인을 붙잡아 두고 있는 나라가 있다면 그 나라도, 북조선도, 남조선(한국)도, 다른 어느 나라도 마찬가지입니다. 우리는 본인을 감시하는 사람들이나 본인의 앞날을 결정하는 사람들을 위해 일하지 않습니다. 우리는 국제적십자위원회도 아닙니다.",
    "통역원이 누구이며 누구를 위해 일하는지 알려 드립니다. 통역원이나 이 자리에 있는 다른 누구라도 정부나 군대나 정보기관에서 일한다면, 시작하기 전에 알려 드립니다.",
  ),
  purpose: paragraphs(
    "우리는 본인과, 본인과 같은 처지에 있는 사람들이 겪은 일을 사실대로 알리려고 합니다. 여러 나라 사람들이 그 일을 알고 이해하게 하려는 것입니다. 본인이 하는 말은 보도 기사나 긴 글이나 기록영화에 쓰일 수 있습니다.",
    "이것은 당국의 심문이 아닙니다. 우리는 어느 정부나 군대나 정보기관을 위해서도 정보를 모으지 않습니다. 본인의 말, 우리가 한 녹음, 우리가 적은 것을 그들에게 넘겨주지 않습니다. 세상에 공개되는 것은 우리가 보도하는 내용뿐입니다.",
    "우리는 본인이 직접 겪은 일에 대해 묻겠습니다. 얼마나 말할지는 본인이 정합니다.",
  ),
  publication: paragraphs(
    "기자가 이 면담을 어느 신문사, 방송국, 다른 보도기관이 내보내는지, 어느 나라 말로 내보내는지, 그리고 글로 내는지, 소리로 내는지, 영상이나 사진으로 내는지 알려 드립니다.",
    "오늘날 보도되는 것은 거의 다 온 세계를 잇는 통신망에도 나갑니다. 이 통신망을 인터네트라고 합니다. 세계 어디서나 누구든지 손전화나 콤퓨터로 거기에 있는 것을 읽고 볼 수 있습니다. 그래서 어느 나라에서나 볼 수 있습니다. 북조선 안에 있는 사람들도 볼 수 있고, 북조선 보위부, 본인을 붙잡아 두고 있는 나라의 당국, 로씨야와 우크라이나와 남조선(한국)의 정부와 군대도 볼 수 있습니다.",
    "한번 나가면 여러 해 동안 남아 있을 수 있습니다. 다른 사람들이 그것을 복사하고, 다른 나라 말로 옮기고, 다시 내보낼 수 있습니다. 우리는 이것을 다 막을 수 없고, 퍼진 것을 모두 거두어들일 수도 없습니다.",
  ),
  risks: paragraphs(
    "본인이 기자와 이야기한 것을 북조선 당국이 알게 되면 가족이 처벌받을 수 있습니다. 부모, 형제자매, 자녀, 다른 친척까지입니다. 보도에 나온 사람들의 가족이 조사받고, 감시받고, 먼 곳으로 추방되거나 정치범수용소(관리소)로 보내진 일이 있습니다. 본인이 북조선 안에 있거나 그곳으로 돌려보내지면 본인도 무거운 처벌을 받을 수 있습니다. 보도는 포로 교환, 다른 나라로 옮겨 가는 일, 망명 신청에도 영향을 줄 수 있으나, 어떻게 될지는 아무도 모릅니다.",
    "이름이 없어도 작은 것들이 본인을 드러낼 수 있습니다. 고향, 부대, 나이, 가족, 흉터, 말투, 방 안을 찍은 사진 같은 것입니다.",
    "위험을 줄이기 위해 우리는 본인이 가리기로 한 것을 가리고, 본인을 가리킬 수 있는 내용을 뺍니다. 진짜 이름은 면담 자료와 따로 두고, 둘 다 잠가서 보관합니다. 내보내기 전에 무엇을 쓰려는지 알려 드립니다.",
    "우리가 막을 수 없는 일도 있습니다. 다른 사람들이 이미 본인에 대해 내보낸 것이 있을 수 있습니다. 재판소나 정부가 자료를 내놓으라고 강요할 수 있습니다. 우리는 맞서겠지만 꼭 이긴다고 약속할 수는 없습니다. 누구도 완전한 안전을 약속할 수 없습니다.",
  ),
  choices: paragraphs(
    "보도에 본인이 어떻게 나올지는 본인이 정합니다. 아래 하나하나를 본인이 고릅니다.",
    "이름: 진짜 이름, 지어낸 이름(가명), 또는 이름을 아예 쓰지 않기.",
    "얼굴: 보이기, 아무도 알아볼 수 없게 흐리게 가리기(가린 것은 되돌릴 수 없게 합니다), 또는 영상도 사진도 아예 찍지 않기.",
    "목소리: 진짜 목소리, 바꾼 목소리나 다른 사람이 대신 읽은 목소리, 또는 아예 녹음하지 않기.",
    "어디에, 어떻게: 어느 보도기관이 쓸 수 있는지, 그리고 글, 소리, 영상, 사진 가운데 어느 것으로 쓸 수 있는지.",
    "누가 본인을 알아보지 못하게 해야 하는지도 말해 주십시오. 일반 사람들인지, 본인을 아는 사람들인지, 북조선 당국까지인지 고르십시오. 잘 모르겠으면 가장 안전한 쪽으로 정합니다. 곧 북조선 당국도 본인을 알아볼 수 없게 합니다.",
    "빼 달라는 것이 있으면 말해 주십시오. 사람 이름, 장소, 있었던 일 같은 것입니다. 그것은 내보내지 않습니다.",
  ),
  pow_protection: paragraphs(
    "이 부분은 전쟁포로에게 해당합니다. 전쟁포로가 아니면 본인과 관계가 없습니다.",
    "제네바(쥬네브) 제3협약은 전쟁포로를 보호하는 국제조약입니다. 그 제13조는 포로를 언제나 모욕과 대중의 호기심으로부터 보호해야 한다고 정합니다. 포로를 세상에 드러내 구경거리로 만드는 것도 여기에 들어갑니다. 제7조는 포로 자신이 원하더라도 이 보호를 포기할 수 없다고 정합니다.",
    "그러므로 본인이 전쟁포로라면, 본인이 동의하는 것만으로는 우리가 진짜 이름을 쓰거나, 얼굴을 보이거나, 진짜 목소리를 쓸 수 없습니다. 본인이 오늘 무엇을 고르든, 우리 보도기관은 아무도 본인을 알아볼 수 없게 합니다. 다른 사람들이 이미 본인의 얼굴이나 이름을 내보냈더라도 마찬가지입니다.",
    "사회 전체를 위해 꼭 필요한 아주 중대한 까닭이 있다고 편집 책임자 두 사람이 글로 결정한 경우에만 달리할 수 있으며, 그때에도 먼저 본인에게 연락하여 다시 묻겠습니다. 이 규칙은 본인을 지키기 위한 것입니다. 벌이 아니며, 본인이 한 말과는 관계가 없습니다.",
  ),
  voluntary: paragraphs(
    "우리와 이야기할지는 본인이 자유롭게 정합니다. 싫다고 해도 됩니다. 어떤 물음에도 대답하지 않아도 되고, 쉬어도 되고, 언제든지 그만두어도 됩니다. 까닭을 말하지 않아도 됩니다.",
    "하겠다고 하든 싫다고 하든, 그 때문에 본인이 받는 대우, 억류, 포로 교환, 다른 나라로 옮겨 가는 일, 망명 신청이 달라져서는 안 됩니다. 누구도 우리와 이야기했다고 더 잘 대해 주거나 거절했다고 더 나쁘게 대해서는 안 되며, 이와 다르게 말해서도 안 됩니다. 누가 다르게 말하면 우리에게 알려 주십시오.",
    "우리는 돈을 주지 않으며, 그 대가로 아무것도 약속하지 않습니다. 우리와 이야기하는 것이 본인의 일을 돕는 길은 아닙니다. 우리는 다른 나라로 옮겨 가는 일도, 치료도, 가족과의 연락도 마련해 드릴 수 없습니다.",
    "전쟁포로라면: 제네바 제3협약 제17조에 따라, 본인을 붙잡아 두고 있는 당국에게도 이름, 군사칭호(계급), 생년월일, 군번만 말하면 됩니다. 기자에게는 아무것도 말할 의무가 없습니다.",
    "지금 정하지 않아도 됩니다. 생각할 시간을 가져도 되고, 우리는 다른 날 다시 올 수 있습니다.",
  ),
  withdrawal: paragraphs(
    "마음이 바뀌면 동의를 거두어들일 수 있습니다. 기자나 통역원에게 말하거나, 우리가 알려 드린 방법으로 소식을 보내거나, 믿을 만한 사람에게 대신 전해 달라고 하면 됩니다. 몇 마디면 충분하고, 까닭을 말하지 않아도 됩니다.",
    "내보내기 전에는 언제든지 거두어들일 수 있습니다. 그러면 우리는 이 면담에서 아무것도 내보내지 않고, 더는 어디에도 쓰지 않습니다. 기자는 언제 내보낼 계획인지 알려 드립니다. 무엇이든 내보내기 전에 우리는 다시 연락하여 본인이 아직 동의하는지 확인합니다.",
    "내보낸 뒤에 거두어들이면, 우리 보도기관은 될수록 빨리 그것을 내리고 다시 쓰지 않습니다. 그러나 다른 사람들이 이미 만든 복사본은 우리가 지울 수 없습니다.",
    "동의를 거두어들여도 본인에게는 아무 손해가 없으며, 그 때문에 본인이 받는 대우가 달라져서는 안 됩니다.",
  ),
  contact: paragraphs(
    "기자가 직접 만나서 이름과 안전한 연락 방법을 알려 드립니다. 그것은 이 글에 적지 않습니다. 이 종이가 누구의 손에 들어가도 본인이나 우리를 찾아낼 수 없게 하려는 것입니다. 본인에게 안전한 방법을 고르십시오. 적어 두는 것이 위험하면 외워 두십시오.",
    "직접 연락할 수 없으면 믿을 만한 사람이 대신 말을 전해도 됩니다.",
    "정하기 전에 지금 무엇이든 물어보셔도 되고, 나중에도 언제든지 물어보셔도 됩니다. 동의하기 전에 우리는 본인이 알아들은 것을 본인의 말로 다시 말해 달라고 부탁합니다. 우리가 제대로 설명했는지 확인하려는 것입니다.",
    "전쟁포로라면 국제적십자위원회 대표들이 본인을 찾아와 다른 사람 없이 따로 이야기할 수 있습니다. 이것은 우리와 관계없는 일입니다. 우리와 이야기하든 안 하든 그 일은 달라지지 않습니다.",
  ),
};

/** The built-in script: English and Korean. */
export const DEFAULT_CONSENT_SCRIPT: ConsentScriptContent = {
  title: {
    en: "Before you decide: what you should know about talking to us",
    ko: "정하기 전에: 우리와 이야기하는 것에 대하여 알아야 할 것",
  },
  texts: { en, ko },
};
