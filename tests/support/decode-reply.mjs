// Decodes server-action bodies with React's own server decoder (the one Next runs), to check that what the proxy
// lets through never makes it throw. It needs the "react-server" export condition, so tests run it as a child
// process: `node --conditions=react-server tests/support/decode-reply.mjs` with a JSON array of bodies on stdin
// ({ text } or { multipart: [[name, value], ...] }); it prints one error message or null per body.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { decodeReply } = require("next/dist/compiled/react-server-dom-webpack/server.node.js");

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const body of JSON.parse(input)) {
  let payload = body.text;
  if (body.multipart) {
    payload = new FormData();
    for (const [name, value] of body.multipart) payload.append(name, value);
  }
  try {
    const decoded = await decodeReply(payload, {});
    // A reference to a chunk that never arrives decodes to a rejected promise; the action would then fail.
    const pending = JSON.stringify(decoded, (_k, v) => (v && typeof v.then === "function" ? "<promise>" : v));
    results.push(pending.includes("<promise>") ? "decoded a promise" : null);
  } catch (err) {
    results.push(String(err?.message ?? err));
  }
}
process.stdout.write(JSON.stringify(results));
