// Bundles the compiled library (dist/, from tsc) into dist/bundle/, twice:
//
//   dist/bundle/node/      for Node, Deno and Bun (the "node" export condition), with the CLI;
//   dist/bundle/browser/   for browsers and bundlers (the "browser" and "default" conditions).
//
// Each is one ES module per entry point (`tygrad`, `tygrad/laws`, `tygrad/laws/vitest`,
// `tygrad/onnx`) with the code they share in common chunks, so every entry point sees the same
// Tensor class. fp-ts and io-ts are bundled in: loading one file instead of hundreds of modules is
// what makes `import "tygrad"` fast. fast-check (an optional peer of tygrad/laws) and vitest (an
// optional peer of tygrad/laws/vitest) stay external, and so, in the Node build, do Node's
// built-in modules.
//
// The browser build swaps modules: wherever the library imports `X.js` and a sibling
// `X.browser.js` exists, the browser build takes that instead (e.g. io/node-builtins.js, whose
// browser form says that paths need Node). Nothing there may import a Node built-in: esbuild
// stops with "Could not resolve" if anything does.

import { existsSync } from "node:fs";
import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { shiftColumns } from "./sourcemap.mjs";

// fp-ts and io-ts ship CommonJS under lib/ and ES modules under es6/; the ES modules let the
// bundler keep only what is used.
const preferEs6 = {
  name: "prefer-es6",
  setup(b) {
    b.onResolve({ filter: /^(fp-ts|io-ts)(\/lib\/.*)?$/ }, async (args) => {
      const [pkg, rest] = args.path.startsWith("fp-ts") ? ["fp-ts", args.path.slice(5)] : ["io-ts", args.path.slice(5)];
      const target = rest === "" ? `${pkg}/es6/index.js` : `${pkg}/es6/${rest.slice("/lib/".length).replace(/\.js$/, "")}.js`;
      const resolved = await b.resolve(target, { kind: args.kind, resolveDir: args.resolveDir });
      return resolved.errors.length > 0 ? undefined : { path: resolved.path };
    });
  },
};

// X.js → X.browser.js where that exists.
const browserForms = {
  name: "browser-forms",
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const swapped = join(args.resolveDir, args.path.replace(/\.js$/, ".browser.js"));
      return existsSync(swapped) ? { path: swapped } : undefined;
    });
  },
};

// esbuild writes a namespace re-export (`export * as nn from …`) as `var nn_exports = {};
// __export(nn_exports, {…})`: a call at the top level, which a consumer's bundler must keep, and
// with it everything the namespace names. Written as an annotated pure expression instead, the
// namespace (and all it holds) is dropped by any bundler when the consumer does not use it. The
// source map's columns are moved to match (sourcemap.mjs).
const pureNamespaces = (code, file) => {
  const pattern = /var ([\w$]+)=\{\};__export\(\1,(\{[^{}]*\})\);?/g;
  const edits = [];
  const lineStarts = [0];
  for (let i = code.indexOf("\n"); i !== -1; i = code.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const out = code.replace(pattern, (whole, name, all, offset) => {
    const head = `var ${name}=/* @__PURE__ */(()=>{const ns={};__export(ns,`;
    const text = `${head}${all});return ns})();`;
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    const column = offset - lineStarts[line];
    const oldHead = `var ${name}={};__export(${name},`.length;
    edits.push({ line, column, end: column + whole.length, headShift: head.length - oldHead, shift: text.length - whole.length });
    return text;
  });
  if (/__export\([\w$]+_exports,/.test(out)) throw new Error(`bundle: ${file}: a namespace export is not in the expected form; update pureNamespaces`);
  return { code: out, edits };
};

// The compiled library's folder: dist/ (npm run build), or another one given as the argument
// (the package tests build into a temporary folder).
const dist = process.argv[2] ?? "dist";
const outRoot = `${dist}/bundle`;

// Chunk names carry a content hash, so an old build's chunks would otherwise pile up beside the new ones.
await rm(outRoot, { recursive: true, force: true });

const entries = {
  index: `${dist}/src/index.js`, laws: `${dist}/laws/index.js`, "laws-vitest": `${dist}/laws/vitest.js`, onnx: `${dist}/src/onnx/index.js`,
};

const common = {
  bundle: true,
  splitting: true,
  format: "esm",
  external: ["fast-check", "vitest"],
  sourcemap: true,
  // Whitespace and syntax are minified but identifiers are not, so functions keep their own names
  // and stack traces stay readable. Renaming identifiers would need esbuild's keepNames to keep
  // those names, and its thousands of __name(fn, "name") calls run at import: that made
  // `import "tygrad"` about 2 ms slower than this.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  write: false,
};

const targets = [
  {
    outdir: `${outRoot}/node`,
    entryPoints: { ...entries, cli: `${dist}/src/cli/main.js` },
    platform: "node",
    target: "node20",
    plugins: [preferEs6],
  },
  {
    outdir: `${outRoot}/browser`,
    entryPoints: entries,
    platform: "browser",
    target: "es2022",
    plugins: [preferEs6, browserForms],
  },
];

for (const { plugins, ...target } of targets) {
  const result = await build({ ...common, ...target, plugins });
  await mkdir(target.outdir, { recursive: true });
  const edited = new Map();
  for (const file of result.outputFiles.filter((f) => f.path.endsWith(".js"))) {
    const { code, edits } = pureNamespaces(file.text, file.path);
    edited.set(`${file.path}.map`, edits);
    await writeFile(file.path, code);
  }
  for (const file of result.outputFiles.filter((f) => f.path.endsWith(".map"))) {
    const map = JSON.parse(file.text);
    map.mappings = shiftColumns(map.mappings, edited.get(file.path) ?? []);
    await writeFile(file.path, JSON.stringify(map));
  }
}

// `npx tygrad` / the package's bin: the CLI of the Node build.
const bin = `${outRoot}/tygrad.js`;
await writeFile(bin, '#!/usr/bin/env node\nimport "./node/cli.js";\n');
await chmod(bin, 0o755);
