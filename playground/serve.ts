// `npm run playground`: builds the playground against the package's browser build (dist/, from
// `npm run build`) into playground/dist/ and serves it on http://127.0.0.1:8080 (PORT to change),
// cross-origin isolated so that matmuls may use Web Workers. Ctrl-C stops it.

import { join } from "node:path";
import { buildPlayground } from "./build.js";
import { serveStatic } from "./server.js";

const root = join(import.meta.dirname, "..");
const out = join(import.meta.dirname, "dist");
await buildPlayground(out, { file: join(root, "dist", "bundle", "browser", "index.js") });
const server = await serveStatic(out, { isolated: true, port: Number(process.env["PORT"] ?? 8080) });
console.log(`tygrad playground: ${server.url}/ (Ctrl-C to stop)`);
