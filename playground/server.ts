// A static file server on 127.0.0.1 (a free port unless one is given) for the playground and the
// browser tests.
// `isolated` adds the headers that make a page cross-origin isolated (COOP same-origin, COEP
// require-corp), the condition for sharing a WebAssembly.Memory with Web Workers.

import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const types: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export interface StaticServer {
  readonly url: string;
  readonly close: () => Promise<void>;
}

export const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
} as const;

/** Serves the files under `root`; index.html for a folder; 404 for anything outside it. */
export function serveStatic(root: string, options: { readonly isolated: boolean; readonly port?: number }): Promise<StaticServer> {
  const base = normalize(root);
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    const file = normalize(join(base, path.endsWith("/") ? `${path}index.html` : path));
    const headers = options.isolated ? isolationHeaders : {};
    if (file !== base && !file.startsWith(base + sep)) {
      response.writeHead(404, headers).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { ...headers, "Content-Type": types[extname(file)] ?? "application/octet-stream" }).end(body),
      () => response.writeHead(404, headers).end("not found"),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
