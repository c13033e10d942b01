// Builds the test pages with esbuild, as a user's bundler would: each page's imports of the
// library's source entry point are mapped to the package installed in `consumer`
// (node_modules/tygrad, resolved through its "exports" for the browser), so the pages type-check
// against the source and run the package's browser build.

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";

const toPackage = (consumer: string): Plugin => ({
  name: "source-to-package",
  setup(b) {
    b.onResolve({ filter: /\/src\/index\.js$/ }, () => b.resolve("tygrad", { kind: "import-statement", resolveDir: consumer }));
  },
});

/** Bundles `entry` into `outDir/<name>.js` with an index page `outDir/<name>.html` that loads it. */
export async function buildPage(entry: string, outDir: string, name: string, consumer: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: { [name]: entry },
    outdir: outDir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: true,
    logLevel: "warning",
    plugins: [toPackage(consumer)],
  });
  await writeFile(join(outDir, `${name}.html`), `<!doctype html>\n<meta charset="utf-8">\n<title>${name}</title>\n<script type="module" src="./${name}.js"></script>\n`);
}
