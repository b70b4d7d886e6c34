/** E-mail addresses, found from each "@" outwards instead of trying every position of the text. */
import { defineRecognizer } from "../recognizer";
import { atWordStart } from "../text/chars";
import type { RawFinding } from "../types";

const EMAIL_LOCAL = /[A-Za-z0-9._%+-]/;
const EMAIL_DOMAIN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![\p{L}\p{N}])/u;
/** "icon@2x.png" is a file name, not an address. */
const FILE_EXTENSION = /\.(?:png|jpe?g|gif|svg|webp|bmp|ico|pdf|js|ts|css|html?)$/i;

export const emailRecognizer = defineRecognizer({
  name: "email",
  categories: ["email"],
  analyze({ text }) {
    const out: RawFinding[] = [];
    for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
      let start = at;
      while (start > 0 && at - start < 64 && EMAIL_LOCAL.test(text.charAt(start - 1))) start--;
      if (start === at || !atWordStart(text, start)) continue;
      const domain = EMAIL_DOMAIN.exec(text.slice(at + 1, at + 256));
      if (!domain || FILE_EXTENSION.test(domain[0])) continue;
      out.push({ start, end: at + 1 + domain[0].length, category: "email", score: 0.95, explanation: "e-mail address" });
    }
    return out;
  },
});
