// Builds a page with esbuild, as a user's bundler would: the page's imports of the library's
// source entry point (../src/index.js, so that the page type-checks against the source) go to
// the library's browser build instead: the package installed in a consumer folder
// (node_modules/tygrad, resolved through its "exports"), or a given file.

import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { build, type Plugin } from "esbuild";
import { typedExamples } from "./typed-examples.js";

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

const root = join(import.meta.dirname, "..");

/**
 * What tsc says about each typed example (typed-examples.ts), checked against the library's
 * source with the project's settings: { name: { mistake, code, message } }, the message being
 * tsc's report with the temporary file's name replaced by "example.ts".
 */
export async function compilerMessages(): Promise<Record<string, { mistake: string; code: string; message: string }>> {
  // inside the repository, so that tsc finds the project's node_modules
  await mkdir(join(root, ".tygrad-tmp"), { recursive: true });
  const dir = await mkdtemp(join(root, ".tygrad-tmp", "typed-"));
  try {
    const names = Object.keys(typedExamples);
    const source = join(root, "src", "index.js").replaceAll("\\", "/");
    await Promise.all(names.map((name, i) => writeFile(join(dir, `example-${i}.ts`), `${typedExamples[name]?.code.replace('from "tygrad"', `from "${source}"`)}\nexport {};\n`)));
    await writeFile(join(dir, "tsconfig.json"), JSON.stringify({ extends: join(root, "tsconfig.json"), compilerOptions: { noEmit: true, rootDir: root }, include: ["example-*.ts"] }));
    const tsc = join(root, "node_modules", ".bin", "tsc");
    const report = await promisify(execFile)(tsc, ["-p", join(dir, "tsconfig.json"), "--pretty", "false"], { cwd: dir }).then(
      () => "",
      (e: { stdout: string }) => e.stdout,
    );
    const blocks = report.split(/\n(?=\S)/);
    return Object.fromEntries(names.map((name, i) => {
      const example = typedExamples[name] ?? { mistake: "", code: "" };
      const message = blocks.filter((b) => b.startsWith(`example-${i}.ts(`)).map((b) => b.replace(`example-${i}.ts`, "example.ts").trimEnd()).join("\n");
      return [name, { ...example, message }];
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The playground into `outDir`: index.html, main.js and the compiler's messages. */
export async function buildPlayground(outDir: string, library: Library): Promise<void> {
  await bundlePage(join(import.meta.dirname, "main.ts"), outDir, "main", library);
  await cp(join(import.meta.dirname, "index.html"), join(outDir, "index.html"));
  await writeFile(join(outDir, "compiler-messages.json"), JSON.stringify(await compilerMessages(), null, 2));
}
