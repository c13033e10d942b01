// docs/autodiff.md as a teacher would use it: every ```ts snippet is type-checked (strict, against
// the library's source as "tygrad") and run, and the ```text block after it must be exactly what
// it prints.

import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin, root, run } from "../package/install.js";

interface Snippet {
  readonly index: number;
  readonly code: string;
  readonly printed: string | undefined;
}

/** The ```ts blocks of a Markdown text, each with the ```text block right after it, if any. */
export const snippets = (markdown: string): Snippet[] => {
  const blocks = [...markdown.matchAll(/```(ts|text)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2] ?? "", at: m.index }));
  return blocks.flatMap((b, i) => {
    if (b.lang !== "ts") return [];
    const next = blocks[i + 1];
    return [{ index: i, code: b.body, printed: next?.lang === "text" ? next.body : undefined }];
  });
};

const doc = join(root, "docs", "autodiff.md");
const work = join(root, ".tygrad-tmp", "autodiff-doc");
let all: Snippet[] = [];

beforeAll(async () => {
  all = snippets(await readFile(doc, "utf8"));
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const source = join(root, "src", "index.js").replaceAll("\\", "/");
  await Promise.all(all.map((s) => writeFile(join(work, `snippet-${s.index}.ts`), `${s.code.replaceAll('from "tygrad"', `from "${source}"`)}\nexport {};\n`)));
  await writeFile(join(work, "tsconfig.json"), JSON.stringify({
    extends: join(root, "tsconfig.json"),
    compilerOptions: { noEmit: true, rootDir: root },
    include: ["snippet-*.ts", "run-all.ts"],
  }));
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("docs/autodiff.md", () => {
  it("has a snippet with its printout for each step, from dual numbers to grad", () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(all.filter((s) => s.printed === undefined)).toEqual([]);
  });

  it("type-checks every snippet", async () => {
    const result = await run(bin("tsc"), ["-p", join(work, "tsconfig.json")], { cwd: work }).then(
      () => "",
      (e: { stdout: string }) => e.stdout,
    );
    expect(result).toBe("");
  }, 60_000);

  it("prints what the document says each snippet prints", async () => {
    // One process runs them all in order, catching what each prints (as console.log formats it).
    await writeFile(join(work, "run-all.ts"), [
      'import { format } from "node:util";',
      `const files = ${JSON.stringify(all.map((s) => `./snippet-${s.index}.ts`))};`,
      "const printed: string[] = [];",
      "const log = console.log;",
      "for (const file of files) {",
      "  const lines: string[] = [];",
      "  console.log = (...args: unknown[]) => void lines.push(format(...args));",
      "  try { await import(file); } finally { console.log = log; }",
      "  printed.push(lines.map((l) => `${l}\\n`).join(\"\"));",
      "}",
      "process.stdout.write(JSON.stringify(printed));",
      "",
    ].join("\n"));
    const { stdout } = await run(bin("tsx"), [join(work, "run-all.ts")], { cwd: work });
    const printed: string[] = JSON.parse(stdout);
    expect(all.map((s, i) => ({ snippet: s.index, printed: printed[i] }))).toEqual(all.map((s) => ({ snippet: s.index, printed: s.printed })));
  }, 120_000);
});
