// The compiler's analyses, each against an independent oracle: strided views against the
// reference structural kernels, grid placements against hand-worked cases, buffer plans against
// a direct check that simultaneously live values never share bytes, and program simplification
// against the reference interpreter.

import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { stridedCopy } from "../../src/core/host.js";
import { broadcastArray, sliceArray, transposeArray } from "../../src/core/impl/structure.js";
import * as lax from "../../src/core/lax.js";
import { createWasmBackend } from "../../src/backend/wasm-jit/index.js";
import { SplitGovernor } from "../../src/backend/wasm-jit/governor.js";
import { chooseRows, patternOn, placements } from "../../src/backend/wasm-jit/grid.js";
import { planMemory, type MemoryPlan } from "../../src/backend/wasm-jit/plan.js";
import { simplifyProgram } from "../../src/backend/wasm-jit/simplify.js";
import { stepReads, stepWrites, type Schedule } from "../../src/backend/wasm-jit/steps.js";
import { alignUp, bytesPerElement } from "../../src/backend/wasm/runtime/buffer.js";
import { placePlan } from "../../src/backend/wasm/runtime/plan.js";
import {
  broadcastView, reshapeView, rowMajor, sizeOf, sliceView, transposeView, wholeVar, type View,
} from "../../src/backend/wasm-jit/views.js";
import { Var } from "../../src/core/program.js";
import { fromArray, type AnyTensor, type Tensor } from "../../src/tensor/index.js";
import { grad } from "../../src/ad/index.js";
import { jit } from "../../src/backend/jit/index.js";
import { matmul, mul, sum, tanh } from "../../src/ops/index.js";
import { identical, mismatch, programOf, reference, seeded } from "./wasm-jit-helpers.js";

const backend = createWasmBackend({ threads: false });
afterAll(() => backend.close());

/** The elements a view reads from `data`, row-major. */
const read = (view: View, data: Float64Array): Float64Array => {
  const out = new Float64Array(sizeOf(view.shape));
  stridedCopy(data, view.offset, view.strides, view.shape, out);
  return out;
};

type ViewOp =
  | { readonly _tag: "broadcast"; readonly lead: number; readonly grow: number }
  | { readonly _tag: "transpose"; readonly seed: number }
  | { readonly _tag: "slice"; readonly seed: number };

const viewOp: fc.Arbitrary<ViewOp> = fc.oneof(
  fc.record({ _tag: fc.constant("broadcast" as const), lead: fc.integer({ min: 0, max: 1 }), grow: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ _tag: fc.constant("transpose" as const), seed: fc.nat(1000) }),
  fc.record({ _tag: fc.constant("slice" as const), seed: fc.nat(1000) }),
);

/** Applies `op` to the view and, independently, to the data it stands for (reference kernels). */
const apply = (op: ViewOp, view: View, data: Float64Array): [View, Float64Array] => {
  const shape = view.shape;
  switch (op._tag) {
    case "broadcast": {
      const target = [...Array.from({ length: op.lead }, () => op.grow), ...shape.map((d) => (d === 1 ? op.grow : d))];
      return [broadcastView(view, target), broadcastArray(data, shape, target, "float64") as Float64Array];
    }
    case "transpose": {
      const perm = shape.map((_, i) => i).sort((a, b) => ((a * 7919 + op.seed) % 13) - ((b * 7919 + op.seed) % 13));
      return [transposeView(view, perm), transposeArray(data, shape, perm, "float64") as Float64Array];
    }
    case "slice": {
      const starts = shape.map((d, i) => (op.seed >> i) % Math.max(d, 1));
      const steps = shape.map((_, i) => 1 + ((op.seed >> (i + 3)) % 2));
      const out = shape.map((d, i) => Math.ceil((d - (starts[i] ?? 0)) / (steps[i] ?? 1)));
      return [sliceView(view, starts, steps, out), sliceArray(data, shape, starts, steps, out, "float64") as Float64Array];
    }
  }
};

describe("strided views", () => {
  it("compose like the reference structural kernels, and reshape without a copy only when that is exact", () => {
    const shape = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(shape, fc.array(viewOp, { maxLength: 4 }), fc.nat(100), (base, ops, pick) => {
        const data = Float64Array.from({ length: sizeOf(base) }, (_, i) => i + 1);
        let view = wholeVar(new Var({ shape: base, dtype: "float64" }));
        let values: Float64Array = data;
        for (const op of ops) [view, values] = apply(op, view, values);
        expect(Array.from(read(view, data))).toEqual(Array.from(values));
        // reshape to a factorisation of the size: same elements in the same order, if a view at all
        const n = sizeOf(view.shape);
        const divisors = Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
        const d = divisors[pick % divisors.length] ?? 1;
        const reshaped = reshapeView(view, [d, n / d]);
        if (reshaped !== undefined) expect(Array.from(read(reshaped, data))).toEqual(Array.from(values));
        // a view that reads its elements in order always reshapes
        const contiguous = view.shape.every((dim, i) => dim <= 1 || view.strides[i] === rowMajor(view.shape)[i]);
        if (contiguous) expect(reshaped).toBeDefined();
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it("refuse reshapes that would need a copy", () => {
    const v = wholeVar(new Var({ shape: [2, 3], dtype: "float32" }));
    expect(reshapeView(transposeView(v, [1, 0]), [6])).toBeUndefined();
    expect(reshapeView(broadcastView(wholeVar(new Var({ shape: [3], dtype: "float32" })), [4, 3]), [12])).toBeUndefined();
    expect(reshapeView(broadcastView(wholeVar(new Var({ shape: [3], dtype: "float32" })), [4, 3]), [2, 2, 3])?.strides).toEqual([0, 0, 1]);
  });
});

describe("grid placements", () => {
  const x = (shape: readonly number[]) => wholeVar(new Var({ shape, dtype: "float32" }));

  it("read a bias as a row, per-row values as a column, a scalar and a full operand anywhere", () => {
    const bias = placements(broadcastView(x([10]), [4, 10]));
    expect(patternOn(bias, 4)).toEqual({ broadcast: "row", length: 10 });
    expect(patternOn(bias, 1)).toBeUndefined();
    const perRow = placements(broadcastView(x([4, 1]), [4, 10]));
    expect(patternOn(perRow, 4)).toEqual({ broadcast: "col", length: 4 });
    expect(patternOn(placements(broadcastView(x([]), [4, 10])), 7)).toEqual({ broadcast: "scalar", length: 1 });
    expect(patternOn(placements(x([4, 10])), 2)).toEqual({ broadcast: "full", length: 40 });
    expect(placements(transposeView(x([4, 10]), [1, 0]))).toEqual({ _tag: "grids", byRows: new Map() });
  });

  it("choose the grid that fits most operands", () => {
    const bias = placements(broadcastView(x([10]), [4, 10]));
    const perRow = placements(broadcastView(x([2, 1, 1]), [2, 2, 10]));
    expect(chooseRows([bias, placements(x([4, 10]))], 40)).toBe(4);
    expect(chooseRows([perRow, perRow, bias], 40)).toBe(2);
  });
});

/** Checks that values live at the same step never share bytes, except an in-place elementwise update. */
function checkPlan(schedule: Schedule, plan: MemoryPlan): { sharedPairs: number } {
  const n = schedule.values.length;
  const [start, end] = [new Array<number>(n).fill(Infinity), new Array<number>(n).fill(-1)];
  const touch = (id: number, i: number) => {
    start[id] = Math.min(start[id] ?? i, i);
    end[id] = Math.max(end[id] ?? i, i);
  };
  schedule.steps.forEach((s, i) => [...stepReads(s), ...stepWrites(s)].forEach((v) => touch(v.id, i)));
  schedule.outputs.forEach((o) => o._tag === "device" && touch(o.region.value.id, schedule.steps.length));
  const refs = placePlan(plan.block, 0);
  const range = (id: number): [number, number] => {
    const v = schedule.values[id];
    const ref = refs[plan.classOf[id] ?? -1];
    if (v === undefined || ref === undefined) return [0, 0];
    return [ref.offset, ref.offset + alignUp(v.length * bytesPerElement(v.dtype))];
  };
  let sharedPairs = 0;
  const movable = schedule.values.filter((v) => !v.pinned);
  for (const a of movable) {
    for (const b of movable) {
      if (a.id >= b.id) continue;
      const [ra, rb] = [range(a.id), range(b.id)];
      const bytesOverlap = ra[0] < rb[1] && rb[0] < ra[1];
      if (!bytesOverlap) continue;
      sharedPairs++;
      const [sa, ea, sb, eb] = [start[a.id] ?? 0, end[a.id] ?? 0, start[b.id] ?? 0, end[b.id] ?? 0];
      if (ea < sb || eb < sa) continue; // never live together
      // the only allowed overlap: b written over a at the step where a is last read, in full
      const step = schedule.steps[sb];
      const inPlace = ea === sb && step?._tag === "elementwise" && ra[0] === rb[0] &&
        step.inputs.some((i) => i.region.value === a && i.broadcast === "full") && step.outputs.some((o) => o.target === b);
      expect(inPlace).toBe(true);
    }
  }
  return { sharedPairs };
}

describe("buffer planning", () => {
  it("reuses memory along a chain of products and never overlaps live values", () => {
    const w = fromArray(seeded(64 * 64, 1), [64, 64]);
    const x = fromArray(seeded(8 * 64, 2), [8, 64]);
    const f = (a: AnyTensor, b: AnyTensor) => {
      let h = a;
      for (let i = 0; i < 6; i++) h = lax.tanh(lax.dot(h, b));
      return [h];
    };
    const program = programOf(f, [x, w]);
    const schedule = backend.schedule(program);
    const plan = planMemory(schedule);
    expect(checkPlan(schedule, plan).sharedPairs).toBeGreaterThan(0);
    expect(plan.block.bytes).toBeLessThan(plan.unsharedBytes / 2);
    expect(mismatch(backend.compile(program).run([x, w])[0] ?? x, reference(program, [x, w])[0] ?? x)).toBeUndefined();
  });

  it("updates in place where an elementwise output overwrites a dying input", () => {
    const inputs = [fromArray(seeded(1000, 3), [1000]), fromArray(seeded(1000, 4), [1000])];
    const program = programOf((m, g) => {
      const m2 = lax.add(lax.scale(m, 0.9), lax.scale(g, 0.1));
      return [m2, lax.exp(lax.dot(lax.reshape(m2, [10, 100]), lax.reshape(m2, [100, 10])))];
    }, inputs);
    const schedule = backend.schedule(program);
    const plan = planMemory(schedule);
    checkPlan(schedule, plan);
    const [got, want] = [backend.compile(program).run(inputs), reference(program, inputs)];
    got.forEach((t, i) => expect(mismatch(t, want[i] ?? t)).toBeUndefined());
    const update = schedule.steps.find((s) => s._tag === "elementwise" && s.outputs.length === 1 && s.cols === 1000);
    if (update?._tag !== "elementwise") throw new Error("expected the moment update as one kernel");
    const [input, output] = [update.inputs[0]?.region.value.id ?? -1, update.outputs[0]?.target.id ?? -2];
    expect(plan.classOf[input]).toBe(plan.classOf[output]);
  });
});

describe("fusion", () => {
  it("fuses a chain into one kernel with several outputs", () => {
    const inputs = [fromArray(seeded(64, 5), [8, 8]), fromArray(seeded(8, 6), [8])];
    const program = programOf((x, b) => {
      const h = lax.add(x, lax.broadcast(b, [8, 8]));
      const r = lax.select(lax.compare("gt", h, lax.zerosLike(h)), h, lax.zerosLike(h));
      return [r, lax.tanh(r), lax.exp(lax.neg(h))];
    }, inputs);
    const kernels = backend.schedule(program).steps.filter((s) => s._tag === "elementwise");
    expect(kernels.map((k) => (k._tag === "elementwise" ? [k.outputs.length, k.inputs.map((i) => i.broadcast).join()] : []))).toEqual([[3, "full,row"]]);
    const [got, want] = [backend.compile(program).run(inputs), reference(program, inputs)];
    got.forEach((t, i) => expect(mismatch(t, want[i] ?? t)).toBeUndefined());
  });

  it("keeps expression trees bounded when a chain reuses every value (40 steps of x ← tanh(x·x + x))", () => {
    const x = fromArray(seeded(16, 7), [16]);
    const program = programOf((a) => {
      let h = a;
      for (let i = 0; i < 40; i++) h = lax.tanh(lax.add(lax.mul(h, h), h));
      return [h];
    }, [x]);
    const executable = backend.compile(program); // with unbounded trees: 3^40 nodes, never finishes
    expect(executable.stats.steps.elementwise).toBeGreaterThan(1);
    expect(mismatch(executable.run([x])[0] ?? x, reference(program, [x])[0] ?? x)).toBeUndefined();
  });
});

describe("sums of products", () => {
  it("accumulate into the first product's buffer (the gradient of a weight used twice)", () => {
    const [x, y, w] = [fromArray(seeded(6 * 5, 8), [6, 5]), fromArray(seeded(6 * 5, 9), [6, 5]), fromArray(seeded(5 * 4, 10), [5, 4])];
    // d/dW Σ tanh(xW)·(yW) = xᵀ·(…) + yᵀ·(…): two products summed
    const program = jit(grad((v: Tensor<[5, 4]>) => sum(mul(tanh(matmul(x, v)), matmul(y, v))))).program(w);
    const schedule = backend.schedule(program);
    const products = schedule.steps.filter((s) => s._tag === "matmul");
    expect(products.some((s) => s._tag === "matmul" && s.accumulate)).toBe(true);
    const [got, want] = [backend.compile(program).run([w]), reference(program, [w])];
    got.forEach((t, i) => expect(mismatch(t, want[i] ?? t)).toBeUndefined());
  });

  it("accumulate chains, and leave products that are read elsewhere alone", () => {
    const inputs = [0, 1, 2, 3].map((i) => fromArray(seeded(4 * 6, 20 + i), [4, 6]));
    const program = programOf((a, b, c, d) => {
      const [p1, p2, p3, p4] = [lax.dot(a, b, true, false), lax.dot(b, c, true, false), lax.dot(c, d, true, false), lax.dot(d, a, true, false)];
      const chain = lax.add(lax.add(p1, p2), p3);
      return [chain, lax.add(p4, chain), p4]; // p4 is also an output: no accumulation into or from it
    }, inputs);
    const accumulating = backend.schedule(program).steps.filter((s) => s._tag === "matmul" && s.accumulate);
    expect(accumulating.length).toBe(2);
    const [got, want] = [backend.compile(program).run(inputs), reference(program, inputs)];
    got.forEach((t, i) => expect(mismatch(t, want[i] ?? t)).toBeUndefined());
  });
});

describe("program simplification", () => {
  it("folds constant equations and drops dead ones, computing the same values", () => {
    const c = fromArray([1, 2, 3], [3]);
    const x = fromArray([0.5, -1, 2], [3]);
    const program = programOf((a) => {
      void lax.exp(a); // dead
      const k = lax.add(lax.mul(c, c), lax.convert(lax.iota([3], 0, "int32"), "float32")); // constant
      return [lax.mul(a, k), lax.reduceSum(lax.mul(c, c), [0])];
    }, [x]);
    const simple = simplifyProgram(program);
    expect(simple.eqns.map((e) => e.prim)).toEqual(["mul"]);
    expect(simple.outputs[1]?._tag).toBe("literal");
    const [before, after] = [reference(program, [x]), reference(simple, [x])];
    before.forEach((t, i) => expect(identical(after[i] ?? t, t)).toBe(true));
  });
});

describe("splitting matmuls across threads", () => {
  /** A governor on a fake clock where a split call takes `splitMs` and a whole one `singleMs`. */
  const simulate = (costs: (call: number) => { splitMs: number; singleMs: number }, calls: number): boolean[] => {
    let clock = 0;
    const governor = new SplitGovernor(() => clock, { probeEvery: 8 });
    const chosen: boolean[] = [];
    for (let i = 0; i < calls; i++) {
      const { splitMs, singleMs } = costs(i);
      governor.run(() => {
        chosen.push(false);
        clock += singleMs;
      }, () => {
        chosen.push(true);
        clock += splitMs;
      });
    }
    return chosen;
  };

  it("keeps splitting while it pays", () => {
    const chosen = simulate(() => ({ splitMs: 0.3, singleMs: 0.6 }), 40);
    // call 1 measures the split, call 2 the whole product; then split, with a probe every 8th call
    expect(chosen).toEqual(chosen.map((_, i) => i !== 1 && (i + 1) % 8 !== 0));
  });

  it("stops splitting when the other core is busy, and starts again when it is free", () => {
    const busy = (i: number) => (i < 40 ? { splitMs: 2, singleMs: 0.6 } : { splitMs: 0.3, singleMs: 0.6 });
    const chosen = simulate(busy, 80);
    expect(chosen.slice(2, 40).filter((s) => s).length).toBeLessThanOrEqual(5); // probes only
    // the first probe after the change (call 48) switches back to splitting
    expect(chosen.slice(48)).toEqual(chosen.slice(48).map((_, j) => (48 + j + 1) % 8 !== 0));
  });

  it("runs whole products when there is no pool, without timing them", () => {
    const governor = new SplitGovernor(() => {
      throw new Error("the clock must not be read");
    });
    let runs = 0;
    governor.run(() => runs++, undefined);
    expect(runs).toBe(1);
  });
});
