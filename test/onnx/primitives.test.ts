// Every exportable primitive, exported with a dynamic batch axis and run in ONNX Runtime on
// random inputs at several batch sizes: the outputs equal tygrad's reference interpreter within
// float32 tolerance (bools and integers exactly). The primitives that are not exportable fail
// with an error naming the equation and the reason.

import { describe, expect, it } from "vitest";
import * as lax from "../../src/core/lax.js";
import { PRIMITIVES, type PrimTag } from "../../src/core/primitives.js";
import { makeProgram } from "../../src/ad/programs.js";
import { nn, random, key, fromArray } from "../../src/index.js";
import { onnxLowerings, toOnnx, OnnxExportError } from "../../src/onnx/index.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { runOrt, session, toleranceRatio } from "./ort.js";

type T = AnyTensor;
const BATCHES = [1, 3, 8];

const normal = (seed: number, shape: number[]): T => random.normal(key(seed), shape);
const positive = (seed: number, shape: number[]): T => lax.add(lax.exp(normal(seed, shape)), lax.full(shape, 0.1, "float32"));
/** Small integers as float32, so that comparisons find equal elements too. */
const rounded = (seed: number, shape: number[]): T => lax.convert(lax.convert(lax.mul(normal(seed, shape), lax.full(shape, 2, "float32")), "int32"), "float32");
const ints = (seed: number, shape: number[], n: number): T => random.randint(key(seed), shape, 0, n);

interface Case {
  readonly name: string;
  readonly inputs: (b: number) => T[];
  readonly f: (...xs: T[]) => T | T[];
  /** Per input, the symbolic axes (default: axis 0 of every input is "batch"). */
  readonly dynamicAxes?: (Record<number, string> | undefined)[];
}

const table = normal(99, [10, 4]);
const cases: Case[] = [
  ...(["neg", "sin", "cos", "tanh", "exp"] as const).map((p): Case => ({ name: p, inputs: (b) => [normal(1, [b, 3, 4])], f: (x) => lax[p](x) })),
  { name: "log", inputs: (b) => [positive(2, [b, 3, 4])], f: lax.log },
  { name: "sqrt", inputs: (b) => [positive(3, [b, 3, 4])], f: lax.sqrt },
  { name: "expm1", inputs: (b) => [normal(60, [b, 3, 4])], f: lax.expm1 },
  { name: "log1p", inputs: (b) => [positive(61, [b, 3, 4])], f: lax.log1p },
  { name: "checkIndices (values pass through)", inputs: (b) => [ints(62, [b, 5], 10)], f: (i) => lax.checkIndices(i, "test", "index", 10) },
  { name: "neg int32", inputs: (b) => [ints(4, [b, 5], 100)], f: lax.neg },
  ...(["add", "sub", "mul", "div", "max", "min"] as const).map((p): Case => ({ name: p, inputs: (b) => [normal(5, [b, 3, 4]), normal(6, [b, 3, 4])], f: (x, y) => lax[p](x, y) })),
  { name: "div int32 (truncates)", inputs: (b) => [lax.sub(ints(7, [b, 6], 40), lax.full([b, 6], 20, "int32")), lax.add(ints(8, [b, 6], 5), lax.full([b, 6], 1, "int32"))], f: lax.div },
  { name: "add int32", inputs: (b) => [ints(9, [b, 6], 1000), ints(10, [b, 6], 1000)], f: lax.add },
  { name: "pow", inputs: (b) => [positive(11, [b, 3, 4]), normal(12, [b, 3, 4])], f: lax.pow },
  { name: "add float64", inputs: (b) => [lax.convert(normal(13, [b, 4]), "float64"), lax.convert(normal(14, [b, 4]), "float64")], f: (x, y) => lax.exp(lax.add(x, y)) },
  ...(["lt", "le", "gt", "ge", "eq", "ne"] as const).map((op): Case => ({ name: `compare ${op}`, inputs: (b) => [rounded(15, [b, 4, 4]), rounded(16, [b, 4, 4])], f: (x, y) => lax.compare(op, x, y) })),
  { name: "select", inputs: (b) => [normal(17, [b, 5]), normal(18, [b, 5])], f: (x, y) => lax.select(lax.compare("gt", x, y), x, lax.neg(y)) },
  { name: "reduceSum [1]", inputs: (b) => [normal(19, [b, 3, 4])], f: (x) => lax.reduceSum(x, [1]) },
  { name: "reduceSum over the batch axis", inputs: (b) => [normal(20, [b, 3, 4])], f: (x) => lax.reduceSum(x, [0, 2]) },
  { name: "reduceSum []", inputs: (b) => [normal(21, [b, 3])], f: (x) => lax.reduceSum(x, []) },
  { name: "reduceMax [2]", inputs: (b) => [normal(22, [b, 3, 4])], f: (x) => lax.reduceMax(x, [2]) },
  { name: "reduceMax over the batch axis", inputs: (b) => [normal(23, [b, 3, 4])], f: (x) => lax.reduceMax(x, [0, 1]) },
  { name: "broadcast", inputs: (b) => [normal(24, [b, 1, 4])], f: (x) => lax.broadcast(x, [2, x.shape[0] ?? 0, 3, 4]) },
  { name: "broadcast a literal", inputs: (b) => [normal(25, [b, 4])], f: (x) => lax.add(x, lax.broadcast(lax.full([], 2.5, "float32"), x.shape)) },
  { name: "reshape [B, 12]", inputs: (b) => [normal(26, [b, 3, 4])], f: (x) => lax.reshape(x, [x.shape[0] ?? 0, 12]) },
  { name: "reshape [12·B]", inputs: (b) => [normal(27, [b, 3, 4])], f: (x) => lax.reshape(x, [12 * (x.shape[0] ?? 0)]) },
  { name: "transpose", inputs: (b) => [normal(28, [b, 3, 4])], f: (x) => lax.transpose(x, [2, 0, 1]) },
  { name: "slice", inputs: (b) => [normal(29, [b, 5, 6])], f: (x) => lax.slice(x, [0, 1, 0], [x.shape[0] ?? 0, 4, 6], [1, 1, 2]) },
  { name: "pad", inputs: (b) => [normal(30, [b, 3, 4])], f: (x) => lax.pad(x, [0, 1, 0], [0, 0, 2], [0, 1, 0]) },
  { name: "pad interior on the batch axis", inputs: (b) => [normal(31, [b, 3])], f: (x) => lax.pad(x, [1, 0], [2, 1], [1, 2]) },
  { name: "concatenate on the batch axis", inputs: (b) => [normal(32, [b, 3]), normal(33, [b, 3])], f: (x, y) => lax.concatenate([x, y, x], 0) },
  { name: "concatenate", inputs: (b) => [normal(34, [b, 3]), normal(35, [b, 2])], f: (x, y) => lax.concatenate([x, y], 1) },
  { name: "gather rows of a table", inputs: (b) => [ints(36, [b, 7], 10)], f: (i) => lax.gather(table, i, 0) },
  { name: "gather along axis 1", inputs: (b) => [normal(37, [b, 6]), ints(38, [b], 6)], f: (x, i) => lax.gather(x, i, 1) },
  { name: "scatterAdd into a table", inputs: (b) => [normal(39, [b, 4]), ints(40, [b], 10)], f: (u, i) => lax.scatterAdd(u, i, 0, [10, 4]) },
  { name: "scatterAdd along axis 1", inputs: (b) => [normal(41, [b, 5, 3])], f: (u) => lax.scatterAdd(u, fromArray([1, 1, 0, 3, 1], [5], "int32"), 1, [u.shape[0] ?? 0, 4, 3]) },
  { name: "iota int32 on the batch axis", inputs: (b) => [normal(42, [b, 4])], f: (x) => lax.add(lax.iota(x.shape, 0, "float32"), x) },
  { name: "iota", inputs: (b) => [normal(43, [b, 4])], f: (x) => lax.iota([x.shape[0] ?? 0, 4], 1, "int32") },
  { name: "dot", inputs: (b) => [normal(44, [b, 3, 4]), normal(45, [b, 4, 5])], f: (x, y) => lax.dot(x, y) },
  { name: "dot transposed", inputs: (b) => [normal(46, [b, 4, 3]), normal(47, [b, 5, 4])], f: (x, y) => lax.dot(x, y, true, true) },
  { name: "dot with weights", inputs: (b) => [normal(48, [b, 4])], f: (x) => lax.dot(x, table, false, true) },
  { name: "convert float32 → int32", inputs: (b) => [normal(49, [b, 5])], f: (x) => lax.convert(lax.scale(x, 10), "int32") },
  { name: "convert → bool, → float64", inputs: (b) => [rounded(50, [b, 5])], f: (x) => [lax.convert(x, "bool"), lax.convert(x, "float64")] },
  { name: "convert int32 → float32", inputs: (b) => [ints(51, [b, 5], 50)], f: (x) => lax.convert(x, "float32") },
  { name: "stopGradient", inputs: (b) => [normal(52, [b, 3])], f: lax.stopGradient },
  { name: "literals 0 and -0 stay apart", inputs: (b) => [normal(53, [b])], f: (x) => {
    const over = (v: number) => lax.div(lax.broadcast(lax.full([], 1, "float32"), x.shape), lax.broadcast(lax.full([], v, "float32"), x.shape));
    return [over(0), over(-0)]; // +∞ and −∞
  } },
];

/** The primitives a case's program applies. */
const primsOf = (c: Case): Set<PrimTag> => new Set(makeProgram(c.f)(...c.inputs(2)).eqns.map((e) => e.prim));

const tolerance = (dtype: string): [number, number] => (dtype === "float64" ? [1e-12, 1e-12] : dtype === "float32" ? [1e-5, 1e-5] : [0, 0]);

describe("every exportable primitive runs in ONNX Runtime as in tygrad", () => {
  it("the cases apply every primitive that has a lowering", () => {
    const covered = new Set(cases.flatMap((c) => [...primsOf(c)]));
    const exportable = PRIMITIVES.filter((p) => "lower" in onnxLowerings[p]);
    expect(exportable.filter((p) => !covered.has(p))).toEqual([]);
    expect(exportable.length).toBe(33);
    expect(PRIMITIVES.length).toBe(36);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const example = c.inputs(2);
      const dynamicAxes = c.dynamicAxes ?? example.map(() => ({ 0: "batch" }));
      const bytes = toOnnx(c.f, example, { dynamicAxes });
      const s = await session(bytes);
      for (const b of BATCHES) {
        const xs = c.inputs(b);
        const ours = [c.f(...xs)].flat();
        const theirs = await runOrt(s, Object.fromEntries(xs.map((x, i) => [xs.length === 1 ? "input" : `input${i}`, x])));
        ours.forEach((y, i) => {
          const out = theirs[ours.length === 1 ? "output" : `output${i}`];
          expect(out?.dims, `${c.name} at batch ${b}`).toEqual(y.shape);
          const [atol, rtol] = tolerance(y.dtype);
          expect(toleranceRatio(out?.data ?? [], y.toArray(), atol, rtol), `${c.name} at batch ${b}`).toBeLessThanOrEqual(1);
        });
      }
    });
  }
});

describe("what is not exportable says so", () => {
  it("drawing from a key names the random primitive and what to do instead", () => {
    const words = fromArray([0, 42], [2], "float64");
    const draw = (w: T) => lax.sample(w, { sampler: "uniform", shape: [3], dtype: "float32", minval: 0, maxval: 1 });
    expect(() => toOnnx(draw, [words])).toThrow("toOnnx: equation 0 (sample) is not exportable: sample draws random numbers from a tygrad key, which ONNX operators cannot reproduce bit for bit; export in inference mode (train: false) or pass random values in as inputs");
    expect(() => toOnnx((w: T) => lax.keyChild(w, 1), [words])).toThrow(/^toOnnx: equation 0 \(keyChild\) is not exportable: keyChild derives PRNG keys/);
  });

  it("an inference pass exports without the key splits that no output needs", async () => {
    const model = nn.sequential(nn.dense(3, 4), nn.dropout(0.5), nn.dense(4, 2));
    const params = model.init(key(0));
    const x = random.normal(key(1), [5, 3]);
    const bytes = toOnnx((v: typeof x) => model.apply(params, v, { train: false, key: key(1) }), [x]);
    const out = (await runOrt(await session(bytes), { input: x })).output;
    expect(toleranceRatio(out?.data ?? [], model.apply(params, x).toArray(), 1e-5, 1e-5)).toBeLessThanOrEqual(1);
  });

  it("each primitive without a lowering gives its reason", () => {
    const declared = PRIMITIVES.filter((p) => "notExportable" in onnxLowerings[p]);
    expect(declared).toEqual(["customLinear", "keyChild", "sample"]);
  });

  it("a function that branches on the batch size is refused", () => {
    const f = (x: T) => ((x.shape[0] ?? 0) > 12 ? lax.exp(x) : lax.sin(x));
    expect(() => toOnnx(f, [normal(1, [2, 3])], { dynamicAxes: [{ 0: "batch" }] })).toThrow(/equation 0 \(.*\) differs between sizes of the symbolic dims/);
  });

  it("a size that is not a polynomial of the batch is refused with the values seen", () => {
    const f = (x: T) => lax.reshape(lax.slice(x, [0, 0], [Math.floor((x.shape[0] ?? 0) / 2), 3]), [3 * Math.floor((x.shape[0] ?? 0) / 2)]);
    expect(() => toOnnx(f, [normal(1, [4, 3])], { dynamicAxes: [{ 0: "batch" }] })).toThrow(/equation 0 \(slice\) result shape\[0\] depends on the symbolic dims \(batch\) in a way ONNX export cannot express: .*got the values 5, 6, 11/);
  });

  it("a dynamic axis that the input does not have is refused", () => {
    expect(() => toOnnx(lax.exp, [normal(1, [4, 3])], { dynamicAxes: [{ 2: "batch" }] })).toThrow("toOnnx: dynamicAxes[0]: axis 2 is not an axis of input 0, of shape [4, 3]");
  });
});
