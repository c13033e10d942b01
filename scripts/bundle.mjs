// Bundles the compiled library (dist/, from tsc) into dist/bundle/: one ES module per entry
// point (`tygrad`, `tygrad/laws`, `tygrad/laws/vitest`, `tygrad/onnx`) with the code they share in common
// chunks, so every entry point sees the same Tensor class. fp-ts and io-ts are bundled in: loading one file instead of
// hundreds of modules is what makes `import "tygrad"` fast. fast-check (an optional peer of
// tygrad/laws), vitest (an optional peer of tygrad/laws/vitest) and Node's built-in modules stay
// external.

import { rm } from "node:fs/promises";
import { build } from "esbuild";

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

// The compiled library's folder: dist/ (npm run build), or another one given as the argument
// (the package test builds into a temporary folder).
const dist = process.argv[2] ?? "dist";

// Chunk names carry a content hash, so an old build's chunks would otherwise pile up beside the new ones.
await rm(`${dist}/bundle`, { recursive: true, force: true });

await build({
  entryPoints: { index: `${dist}/src/index.js`, laws: `${dist}/laws/index.js`, "laws-vitest": `${dist}/laws/vitest.js`, onnx: `${dist}/src/onnx/index.js` },
  outdir: `${dist}/bundle`,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["fast-check", "vitest"],
  sourcemap: true,
  // Whitespace and syntax are minified but identifiers are not, so functions keep their own names
  // and stack traces stay readable. Renaming identifiers would need esbuild's keepNames to keep
  // those names, and its thousands of __name(fn, "name") calls run at import: that made
  // `import "tygrad"` about 2 ms slower than this.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  plugins: [preferEs6],
});
