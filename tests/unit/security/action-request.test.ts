import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ACTION_BODY_LIMIT_BYTES,
  checkActionBody,
  checkActionHeaders,
  checkReplyText,
  MAX_REPLY_DEPTH,
  nestingDepth,
  readBodyWithin,
  type ActionRequestShape,
} from "@/lib/security/action-request";

const require = createRequire(import.meta.url);
// React's client encoder, the one the browser uses to call server actions.
const { encodeReply } = require("next/dist/compiled/react-server-dom-webpack/client.node.js") as {
  encodeReply: (args: unknown[]) => Promise<string | FormData>;
};

const ACTION_ID = "40adb816666b1a9712e91fc1749d758118bdad4a01";
const utf8 = (text: string) => new TextEncoder().encode(text);

function actionRequest(overrides: Partial<ActionRequestShape> = {}): ActionRequestShape {
  return { method: "POST", pathname: "/interviews/abc", contentType: "text/plain;charset=UTF-8", contentLength: null, nextAction: ACTION_ID, ...overrides };
}

async function verdictFor(request: ActionRequestShape, body: Uint8Array | string) {
  const early = checkActionHeaders(request);
  if (early) return early;
  return checkActionBody(request, typeof body === "string" ? utf8(body) : body);
}

/** A multipart body as the browser would send it. */
async function multipart(form: FormData): Promise<{ contentType: string; bytes: Uint8Array }> {
  const response = new Response(form);
  return { contentType: response.headers.get("content-type")!, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** Runs React's server decoder (the one Next uses) over bodies in a child process with the react-server condition. */
function decodeWithReact(bodies: ({ text: string } | { multipart: [string, string][] })[]): (string | null)[] {
  const out = execFileSync(process.execPath, ["--conditions=react-server", path.join(__dirname, "../../support/decode-reply.mjs")], {
    input: JSON.stringify(bodies),
    cwd: path.join(__dirname, "../../.."),
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.toString()) as (string | null)[];
}

/** Values a form can hand to an action: JSON plus undefined, with keys and strings that look like React's tokens. */
const trickyString = fc.oneof(
  fc.string(),
  fc.constantFrom("$", "$$", "$@1", "$K1", "$Q0", "$undefined", "$D", "__proto__", "constructor", "<script>alert(1)</script>", "' OR 1=1 --"),
  fc.string().map((s) => `$${s}`),
);
const formValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    trickyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie("value"), { maxLength: 4 }),
    // The browser's form values are plain objects (React refuses null-prototype ones before sending).
    fc.dictionary(trickyString, tie("value"), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

describe("checkActionHeaders", () => {
  it.each(["GET", "HEAD", "OPTIONS"])("lets %s through without reading a body", (method) => {
    expect(checkActionHeaders(actionRequest({ method, nextAction: null }))).toEqual({ ok: true });
  });

  it("leaves route handlers to answer for themselves", () => {
    expect(checkActionHeaders(actionRequest({ pathname: "/api/audit/export", contentType: "application/json" }))).toEqual({ ok: true });
  });

  it.each(["PUT", "PATCH", "DELETE", "TRACE"])("refuses %s on a page with 405", (method) => {
    expect(checkActionHeaders(actionRequest({ method }))).toMatchObject({ ok: false, status: 405 });
  });

  it("refuses a declared length over the limit with 413 before reading anything", () => {
    expect(checkActionHeaders(actionRequest({ contentLength: String(ACTION_BODY_LIMIT_BYTES + 1) }))).toMatchObject({ ok: false, status: 413 });
    expect(checkActionHeaders(actionRequest({ contentLength: String(ACTION_BODY_LIMIT_BYTES) }))).toBeNull();
  });

  it.each(["-1", "1e3", "abc", "1.5", "99999999999999999999"])("refuses a nonsense length (%s) with 400", (length) => {
    expect(checkActionHeaders(actionRequest({ contentLength: length }))).toMatchObject({ ok: false, status: 400 });
  });

  it("refuses a page post that is not form data (no action header) with 415", () => {
    expect(checkActionHeaders(actionRequest({ nextAction: null, contentType: "application/json" }))).toMatchObject({ ok: false, status: 415 });
    expect(checkActionHeaders(actionRequest({ nextAction: null, contentType: null }))).toMatchObject({ ok: false, status: 415 });
  });
});

describe("checkActionBody: what the app's own client sends passes", () => {
  it("every JSON-like argument React's encoder produces, text or multipart", async () => {
    await fc.assert(
      fc.asyncProperty(formValue, async (value) => {
        const encoded = await encodeReply([value]);
        if (typeof encoded === "string") {
          expect(await verdictFor(actionRequest(), encoded)).toEqual({ ok: true });
        } else {
          const body = await multipart(encoded);
          expect(await verdictFor(actionRequest({ contentType: body.contentType }), body.bytes)).toEqual({ ok: true });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("dates, and no arguments at all", async () => {
    expect(await verdictFor(actionRequest(), (await encodeReply([{ at: new Date(0) }])) as string)).toEqual({ ok: true });
    expect(await verdictFor(actionRequest(), (await encodeReply([])) as string)).toEqual({ ok: true });
  });

  it("an upload: a form-data argument with a file", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0x00])], { type: "image/jpeg" }), "scan.jpg");
    form.append("interviewId", "abc");
    const body = await multipart((await encodeReply([form])) as FormData);
    expect(await verdictFor(actionRequest({ contentType: body.contentType }), body.bytes)).toEqual({ ok: true });
  });

  it("the sign-out form posted before JavaScript loaded", async () => {
    const form = new FormData();
    form.append(`$ACTION_ID_${ACTION_ID}`, "");
    const body = await multipart(form);
    expect(await verdictFor(actionRequest({ nextAction: null, contentType: body.contentType }), body.bytes)).toEqual({ ok: true });
  });
});

describe("checkActionBody: what would make Next answer 500 is refused with a 4xx", () => {
  it.each([
    ["not JSON", "{not json"],
    ["empty", ""],
    ["an object instead of the argument list", '{"a":1}'],
    ["a bare string", '"$@99"'],
    ["a chunk reference", '["$@1"]'],
    ["a map", '["$Q1"]'],
    ["a set", '["$W1"]'],
    ["a server reference", '["$h1"]'],
    ["a big integer that is not one", '["$n12a"]'],
    ["a form-data reference in a text body", '["$K1"]'],
    ["a date that is not one", '["$Dnot-a-date"]'],
    ["a nested reference", '[{"a":[{"b":"$T"}]}]'],
  ])("%s", async (_label, body) => {
    expect(await verdictFor(actionRequest(), body)).toMatchObject({ ok: false, status: 400 });
  });

  it("invalid UTF-8", async () => {
    expect(await verdictFor(actionRequest(), new Uint8Array([0x5b, 0xff, 0xfe, 0x80, 0x5d]))).toMatchObject({ ok: false, status: 400 });
  });

  it("nesting deeper than the limit (without recursion, even 100,000 deep)", async () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    expect(await verdictFor(actionRequest(), deep(MAX_REPLY_DEPTH))).toEqual({ ok: true });
    expect(await verdictFor(actionRequest(), deep(MAX_REPLY_DEPTH + 1))).toMatchObject({ ok: false, status: 400 });
    expect(await verdictFor(actionRequest(), deep(100_000))).toMatchObject({ ok: false, status: 400 });
    expect(nestingDepth('["[[[[", {"a": "]]]"}]')).toBe(2);
    expect(nestingDepth('["\\"[[["]')).toBe(1);
  });

  it("multipart bodies that are cut short, have no root, or carry stray fields", async () => {
    const type = "multipart/form-data; boundary=xx";
    expect(await verdictFor(actionRequest({ contentType: type }), "garbage")).toMatchObject({ ok: false, status: 400 });
    const noRoot = new FormData();
    noRoot.append("1_file", "x");
    const a = await multipart(noRoot);
    expect(await verdictFor(actionRequest({ contentType: a.contentType }), a.bytes)).toMatchObject({ ok: false, status: 400 });
    const stray = new FormData();
    stray.append("0", '["$K1"]');
    stray.append("_2_file", "x");
    const b = await multipart(stray);
    expect(await verdictFor(actionRequest({ contentType: b.contentType }), b.bytes)).toMatchObject({ ok: false, status: 400 });
    const cut = await multipart(stray);
    expect(await verdictFor(actionRequest({ contentType: cut.contentType }), cut.bytes.slice(0, cut.bytes.length - 10))).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it("a form posted without JavaScript that names a bound action or two actions", async () => {
    for (const fields of [["$ACTION_REF_1", "$ACTION_1:0"], [`$ACTION_ID_${ACTION_ID}`, "$ACTION_ID_ab"], ["$ACTION_ID_not-hex"]]) {
      const form = new FormData();
      for (const f of fields) form.append(f, "{}");
      const body = await multipart(form);
      expect(await verdictFor(actionRequest({ nextAction: null, contentType: body.contentType }), body.bytes)).toMatchObject({ ok: false, status: 400 });
    }
  });

  it("an action id that is not one", async () => {
    expect(await verdictFor(actionRequest({ nextAction: "not-a-real-action-id" }), "[1]")).toMatchObject({ ok: false, status: 400 });
  });

  it("a body over the limit is cut off while reading and answered 413", async () => {
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++;
        if (sent > 20) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const body = await readBodyWithin(stream);
    expect(body).toBe("too_large");
    expect(sent).toBeLessThanOrEqual(11);
    expect(await checkActionBody(actionRequest(), body)).toMatchObject({ ok: false, status: 413 });
  });
});

describe("checkActionBody against React's own decoder", () => {
  it("whatever it lets through, React decodes without throwing (generated bodies, text and multipart)", async () => {
    const hostileText = fc.oneof(
      fc.json(),
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify([v])),
      fc.array(fc.oneof(fc.string().map((s) => `$${s}`), fc.constantFrom("$@0", "$K0", "$Q", "$n1", "$D", "$-0", "$undefined")), { maxLength: 3 }).map((a) =>
        JSON.stringify(a),
      ),
    );
    const samples = fc.sample(hostileText, { numRuns: 600, seed: 20261127 });
    const accepted: { text: string }[] = [];
    for (const text of samples) {
      const verdict = checkReplyText(text, { formDataReferences: false });
      if (verdict.ok) accepted.push({ text });
    }
    const multipartRoots = ['["$K1"]', '[{"a":"$K1","b":"$K2"}]', '["$K999999"]'];
    const bodies = [...accepted, ...multipartRoots.map((root) => ({ multipart: [["0", root], ["_1_file", "x"]] as [string, string][] }))];
    const errors = decodeWithReact(bodies);
    const failures = bodies.filter((_b, i) => errors[i] !== null).map((b, i) => ({ body: b, error: errors[i] }));
    expect(failures).toEqual([]);
    // The generator is hostile enough to exercise both answers.
    expect(accepted.length).toBeGreaterThan(100);
    expect(accepted.length).toBeLessThan(samples.length);
  });

  it("and the bodies it refuses really do make React throw (the check is not stricter than it must be by accident)", () => {
    const refused = ['["$@1"]', '["$Q1"]', '["$n12a"]', "{bad", '["$h1"]'];
    for (const text of refused) expect(checkReplyText(text, { formDataReferences: false }).ok).toBe(false);
    expect(decodeWithReact(refused.map((text) => ({ text }))).every((e) => e !== null)).toBe(true);
  });
});
