// Builds a page with esbuild, as a user's bundler would: the page's imports of the library's
// source entry point (../src/index.js, so that the page type-checks against the source) go to
// the library's browser build instead: the package installed in a consumer folder
// (node_modules/tygrad, resolved through its "exports"), or a given file.

import { cp, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";

export type Library = { readonly consumer: string } | { readonly file: string };

const toLibrary = (library: Library): Plugin => ({
  name: "source-to-library",
  setup(b) {
    b.onResolve({ filter: /\/src\/index\.js$/ }, (args) =>
      "file" in library ? { path: library.file } : b.resolve("tygrad", { kind: args.kind, resolveDir: library.consumer }),
    );
  },
});

/** Bundles `entry` into `outDir/<name>.js` (with its source map), for a page unless `platform` says Node. */
export async function bundlePage(entry: string, outDir: string, name: string, library: Library, platform: "browser" | "node" = "browser"): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: { [name]: entry },
    outdir: outDir,
    bundle: true,
    format: "esm",
    platform,
    target: platform === "node" ? "node20" : "es2022",
    minify: true,
    sourcemap: true,
    logLevel: "warning",
    plugins: [toLibrary(library)],
  });
}

/** The playground into `outDir`: index.html and main.js. */
export async function buildPlayground(outDir: string, library: Library): Promise<void> {
  await bundlePage(join(import.meta.dirname, "main.ts"), outDir, "main", library);
  await cp(join(import.meta.dirname, "index.html"), join(outDir, "index.html"));
}
