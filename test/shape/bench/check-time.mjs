// Compile-time cost of the shape rules: writes a synthetic model file of N blocks of typed ops
// (distinct dims in every block, so nothing is answered from the compiler's cache), type-checks
// it with `tsc --extendedDiagnostics`, and prints the median check time of three runs.
//
//   node test/shape/bench/check-time.mjs [blocks=30]      (11 ops per block)
//
// Files go to .tygrad-tmp/shape-bench/ (ignored by git).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const dir = `${root}.tygrad-tmp/shape-bench`;
const blocks = Number(process.argv[2] ?? 30);

// Typed ops declared the way src/tensor uses the rules: the rule guards the offending argument
// and gives the result shape.
const header = `import type {
  Broadcast, Concat, Flatten, Guard, Matmul, Ok, Permute, Reduce, Reshape, Shape, Slice, SwapLast, ExpandDims,
} from "../../src/shape/index.js";
declare class T<S extends Shape = Shape> { readonly shape: S; private readonly phantom: S }
declare function t<const S extends readonly number[]>(shape: S): T<[...S]>;
declare function matmul<A extends Shape, B extends Shape>(a: T<A>, b: T<B> & Guard<Matmul<A, B>>): T<Ok<Matmul<A, B>>>;
declare function add<A extends Shape, B extends Shape>(a: T<A>, b: T<B> & Guard<Broadcast<A, B, "add">>): T<Ok<Broadcast<A, B, "add">>>;
declare function reshape<S extends Shape, const To extends Shape>(x: T<S>, to: To & Guard<Reshape<S, To>>): T<Ok<Reshape<S, To>>>;
declare function flatten<S extends Shape, const A extends number>(x: T<S>, start: A & Guard<Flatten<S, A>>): T<Ok<Flatten<S, A>>>;
declare function sum<S extends Shape, const Ax extends number | readonly number[]>(x: T<S>, axis: Ax & Guard<Reduce<S, Ax, false, "sum">>): T<Ok<Reduce<S, Ax, false, "sum">>>;
declare function concat<A extends Shape, B extends Shape, const Ax extends number>(a: T<A>, b: T<B> & Guard<Concat<A, B, Ax>>, axis: Ax): T<Ok<Concat<A, B, Ax>>>;
declare function permute<S extends Shape, const P extends readonly number[]>(x: T<S>, p: P & Guard<Permute<S, P>>): T<Ok<Permute<S, P>>>;
declare function swapLast<S extends Shape>(x: T<S> & Guard<SwapLast<S>>): T<Ok<SwapLast<S>>>;
declare function slice<S extends Shape, const Ax extends number, const A extends number, const B extends number>(x: T<S>, axis: Ax, start: A, end: B & Guard<Slice<S, Ax, A, B>>): T<Ok<Slice<S, Ax, A, B>>>;
declare function expandDims<S extends Shape, const Ax extends number>(x: T<S>, axis: Ax & Guard<ExpandDims<S, Ax>>): T<Ok<ExpandDims<S, Ax>>>;
`;

/** One block: eleven ops on literal dims that differ from every other block. */
const block = (i) => {
  const b = 8 + i, h = 2 * (64 + i), w = 20 + i;
  return `export function block${i}() {
  const x = flatten(t([${b}, ${w}, ${w}]), 1);
  const y = add(matmul(x, t([${w * w}, ${h}])), t([${h}]));
  const r = reshape(y, [${b}, ${h / 2}, 2]);
  const s = sum(r, -1);
  const c = concat(s, t([${b}, 10]), 1);
  const p = permute(t([${b}, 3, ${w}, ${w}]), [0, 2, 3, 1]);
  const q = matmul(t([${b}, 4, 8, ${w}]), swapLast(t([4, 8, ${w}])));
  const l = slice(c, 1, 2, -1);
  const e = expandDims(l, 1);
  const o1: T<[${b}, ${h / 2 + 10}]> = c; const o2: T<[${b}, ${w}, ${w}, 3]> = p; const o3: T<[${b}, 4, 8, 8]> = q;
  const o4: T<[${b}, 1, ${h / 2 + 7}]> = e;
  return [o1, o2, o3, o4] as const;
}
`;
};

mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/model.ts`, header + Array.from({ length: blocks }, (_, i) => block(i)).join(""));
writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: "../../tsconfig.json", include: ["model.ts"], compilerOptions: { rootDir: "../.." } }));

const runs = [];
let out = "";
for (let r = 0; r < 3; r++) {
  try {
    out = execFileSync(`${root}node_modules/.bin/tsc`, ["-p", dir, "--extendedDiagnostics"], { encoding: "utf8" });
  } catch (e) {
    out = `${e.stdout}${e.stderr}`;
  }
  const m = /Check time:\s+([\d.]+)s/.exec(out);
  runs.push(m ? Number(m[1]) : Number.NaN);
}
const errors = out.split("\n").filter((l) => l.includes("error TS"));
const pick = (re) => re.exec(out)?.[1];
console.log(JSON.stringify({
  blocks, ops: blocks * 11, checkSeconds: runs.sort((a, b) => a - b)[1], totalSeconds: Number(pick(/Total time:\s+([\d.]+)s/)),
  instantiations: Number(pick(/Instantiations:\s+(\d+)/)), memoryKB: Number(pick(/Memory used:\s+(\d+)K/)), errors: errors.length,
}));
if (errors.length > 0) console.log(errors.slice(0, 5).join("\n"));
