// Compile-time cost of models written with the real typed ops, as a user's compiler sees them:
//  - a synthetic model file of about N ops (blocks of 16 typed ops on literal dims that differ
//    from block to block, every other block generic in its batch size B), next to a file with the
//    same imports and no ops (what the library itself costs to check);
//  - the corpus of generic models in test/generic (a GPT block, a ResNet over any image size, a
//    GRU, an MLP-Mixer, a VAE).
// Each is type-checked with `tsc --extendedDiagnostics` twice: against the sources (src/), and
// as a consumer of the package (the declarations `npm run build` emits, imported as "tygrad"); the
// median "Check time" of three runs is printed for each.
//
//   node scripts/typecheck-bench.mjs [ops=300]
//
// The generated files go to .tygrad-tmp/typecheck-bench/ (ignored by git).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const dir = `${root}.tygrad-tmp/typecheck-bench`;
const targetOps = Number(process.argv[2] ?? 300);
const OPS_PER_BLOCK = 16;
const blocks = Math.ceil(targetOps / OPS_PER_BLOCK);

const header = `import {
  add, concat, expandDims, flatten, logsumexp, matmul, mean, permute, relu, reshape, slice, sub, sum, swapLast,
} from "../../src/ops/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";
`;

/** Block i: 16 ops. Odd blocks use a type-parameter batch dim B, even ones a literal batch.
 *  The logits are annotated: in a generic body the result of a broadcasting add stays an
 *  unresolved conditional type that concat cannot take apart, and the annotation resolves it. */
const block = (i) => {
  const w = 10 + i, h = 2 * (40 + i), b = 8 + i;
  const generic = i % 2 === 1;
  const B = generic ? "B" : String(b);
  return `export function block${i}${generic ? "<B extends number>" : ""}(
  x: Tensor<[${B}, ${w}, ${w}]>, w1: Tensor<[${w * w}, ${h}]>, b1: Tensor<[${h}]>, w2: Tensor<[${h}, 10]>, b2: Tensor<[10]>,
  img: Tensor<[${B}, 3, ${w}, ${w}]>,
) {
  const f = flatten(x, 1);
  const hidden = relu(add(matmul(f, w1), b1));
  const logits: Tensor<[${B}, 10]> = add(matmul(hidden, w2), b2);
  const logProbs: Tensor<[${B}, 10]> = sub(logits, logsumexp(logits, -1, true));
  const pairs = reshape(hidden, [x.shape[0], ${h / 2}, 2]);
  const summed = sum(pairs, -1);
  const joined = concat([summed, logits], 1);
  const channelsLast: Tensor<[${B}, ${w}, ${w}, 3]> = permute(img, [0, 2, 3, 1]);
  const inner = slice(joined, 1, 2, -1);
  const column: Tensor<[${B}, ${h / 2 + 7}, 1]> = swapLast(expandDims(inner, 1));
  const loss: Tensor<[]> = mean(logProbs);
  return [loss, column, channelsLast] as const;
}
`;
};

mkdirSync(dir, { recursive: true });
const tsconfig = (file) => JSON.stringify({ extends: "../../tsconfig.json", include: [file], compilerOptions: { rootDir: "../.." } });
const emptyBody = "export const unused = [add, concat, expandDims, flatten, logsumexp, matmul, mean, permute, relu, reshape, slice, sub, sum, swapLast];\n";
const modelBody = Array.from({ length: blocks }, (_, i) => block(i)).join("");
writeFileSync(`${dir}/model.ts`, header + modelBody);
writeFileSync(`${dir}/tsconfig.json`, tsconfig("model.ts"));
writeFileSync(`${dir}/empty.ts`, `${header}${emptyBody}`);
writeFileSync(`${dir}/tsconfig.empty.json`, tsconfig("empty.ts"));

// The corpus, against the sources where it lives.
const corpusDir = `${root}test/generic`;
const corpusFiles = readdirSync(corpusDir).filter((f) => f.endsWith(".ts") && !f.includes(".test"));
writeFileSync(`${dir}/tsconfig.corpus.json`, JSON.stringify({
  extends: "../../tsconfig.json", include: corpusFiles.map((f) => `../../test/generic/${f}`), compilerOptions: { rootDir: "../.." },
}));

// The consumer: the emitted declarations installed as node_modules/tygrad, and the same files
// importing "tygrad" (NodeNext resolution through the package's "exports").
const consumer = `${dir}/consumer`;
rmSync(consumer, { recursive: true, force: true });
const pkg = `${consumer}/node_modules/tygrad`;
mkdirSync(pkg, { recursive: true });
cpSync(`${root}package.json`, `${pkg}/package.json`);
for (const dep of ["fp-ts", "io-ts", "fast-check"]) {
  if (existsSync(`${root}node_modules/${dep}`)) symlinkSync(`${root}node_modules/${dep}`, `${consumer}/node_modules/${dep}`, "dir");
}
execFileSync(`${root}node_modules/.bin/tsc`, ["-p", `${root}tsconfig.build.json`, "--outDir", `${pkg}/dist`, "--emitDeclarationOnly"], { cwd: root });
const asConsumer = (text) => text.replace(/"(\.\.\/)+src\/[^"]*"/g, '"tygrad"');
const consumerConfig = (files) => JSON.stringify({
  compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, skipLibCheck: true, types: [] },
  files,
});
writeFileSync(`${consumer}/model.ts`, asConsumer(header) + modelBody);
writeFileSync(`${consumer}/empty.ts`, asConsumer(header) + emptyBody);
for (const f of corpusFiles) writeFileSync(`${consumer}/${f}`, asConsumer(readFileSync(`${corpusDir}/${f}`, "utf8")));
writeFileSync(`${consumer}/tsconfig.json`, consumerConfig(["model.ts"]));
writeFileSync(`${consumer}/tsconfig.empty.json`, consumerConfig(["empty.ts"]));
writeFileSync(`${consumer}/tsconfig.corpus.json`, consumerConfig(corpusFiles));

/** Median check time (seconds) of three runs, and the last run's output. */
function measure(project) {
  const runs = [];
  let out = "";
  for (let r = 0; r < 3; r++) {
    try {
      out = execFileSync(`${root}node_modules/.bin/tsc`, ["-p", project, "--extendedDiagnostics"], { encoding: "utf8", maxBuffer: 1 << 28 });
    } catch (e) {
      out = `${e.stdout}${e.stderr}`;
    }
    const m = /Check time:\s+([\d.]+)s/.exec(out);
    runs.push(m ? Number(m[1]) : Number.NaN);
  }
  return { seconds: runs.sort((a, b) => a - b)[1], out };
}

const pick = (out, re) => Number(re.exec(out)?.[1]);
const errorLines = (out) => out.split("\n").filter((l) => l.includes("error TS"));

/** The figures of one setting (sources or consumer). */
function figures(base) {
  const model = measure(`${base}/tsconfig.json`);
  const empty = measure(`${base}/tsconfig.empty.json`);
  const corpus = measure(`${base}/tsconfig.corpus.json`);
  return {
    checkSeconds: model.seconds,
    checkSecondsWithoutOps: empty.seconds,
    instantiations: pick(model.out, /Instantiations:\s+(\d+)/),
    memoryKB: pick(model.out, /Memory used:\s+(\d+)K/),
    errors: errorLines(model.out).length,
    corpusFiles: corpusFiles.length,
    corpusCheckSeconds: corpus.seconds,
    corpusErrors: errorLines(corpus.out).length,
    firstErrors: [...errorLines(model.out), ...errorLines(corpus.out)].slice(0, 3),
  };
}

console.log(JSON.stringify({ ops: blocks * OPS_PER_BLOCK, sources: figures(dir), consumer: figures(consumer) }, null, 1));
