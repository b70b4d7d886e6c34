import { createServer, type Server } from "node:http";
import next from "next";
import { guardRequest } from "../security/request-guard";
import { NON_DOCUMENT_CSP, STATIC_SECURITY_HEADERS } from "../security/headers";

/**
 * Sourcekeeper's HTTP server: Next's request handler behind `guardRequest`, which answers the malformed requests
 * Next itself would answer with 500 (see lib/security/request-guard.ts). `npm start` runs this (after building when
 * needed), and so do the end-to-end tests, so what is tested is what a newsroom runs.
 */
export async function serve(options: { port: number; hostname?: string; dir?: string }): Promise<Server> {
  const app = next({ dev: false, dir: options.dir ?? process.cwd(), hostname: options.hostname ?? "localhost", port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    const verdict = guardRequest(req);
    if (!verdict.ok) {
      // Drain what the client sends, then answer and close: nothing of this request reaches the app.
      req.resume();
      res.statusCode = verdict.status;
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      res.setHeader("Connection", "close");
      for (const { key, value } of STATIC_SECURITY_HEADERS) res.setHeader(key, value);
      res.setHeader("Content-Security-Policy", NON_DOCUMENT_CSP);
      if (verdict.status === 405) res.setHeader("Allow", "GET, HEAD, POST");
      res.end(verdict.message);
      return;
    }
    for (const [name, value] of Object.entries(verdict.headers)) req.headers[name] = value;
    handle(req, res).catch((err: unknown) => {
      console.error("Request failed:", err instanceof Error ? err.name : "error");
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end("Something went wrong on the server.");
      } else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  return server;
}
