// Keys inside jit. A key passed to a jitted function is data of the compiled program: one
// compilation serves every key, and the function receives a staged key on which split, fold,
// every sampler, dropout and gradients through a dropout mask give exactly the numbers eager
// evaluation gives with the same concrete key — on the WebAssembly backend (jit's default) and on
// the reference backend. Reading a staged key's words is an error naming what to do instead.
import "../../src/backend/wasm-jit/register.js";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { valueAndGrad } from "../../src/ad/index.js";
import { getDefaultBackend, jit, referenceBackend, type Backend, type Jitted } from "../../src/backend/jit/index.js";
import { activation, dropout, relu, sequential } from "../../src/nn/index.js";
import { mul, sum, tanh } from "../../src/ops/index.js";
import { eqKey, fold, key, keyData, KeyCodec, showKey, split, StagedKeyError, type Key } from "../../src/random/index.js";
import {
  bernoulli, categorical, choice, normal, permutation, randint, truncatedNormal, uniform,
} from "../../src/random/samplers.js";
import { fromArray, type AnyTensor, type Tensor } from "../../src/tensor/index.js";
import { leavesWithPaths, map } from "../../src/tree/index.js";

const BACKENDS: readonly (readonly [string, Backend | undefined])[] = [["WebAssembly (jit's default)", undefined], ["reference", referenceBackend]];

/** Every leaf of a tree as "path: values" (keys as their words), for exact comparisons with a readable diff. */
const valuesOf = (tree: Record<string, AnyTensor | Key>): Record<string, readonly (number | boolean)[]> =>
  Object.fromEntries(Object.entries(tree).map(([name, v]) => [name, "_tag" in v ? [...keyData(v)] : Array.from(v.toArray(), Number)]));

const logits = fromArray([0.5, -1, 2, 0, 0, 1, -3, 4, 1.5, 0, 0.25, -0.5], [3, 4]);

/** Every sampler, each from its own child of k, and a few derived keys. */
const drawEverything = (k: Key) => {
  const ks = split(k, 9);
  const at = (i: number): Key => ks[i] ?? k;
  return {
    uniform: uniform(at(0), [4, 3], { minval: -2, maxval: 5 }),
    uniform64: uniform(at(0), [5], { dtype: "float64" }),
    normal: normal(at(1), [7], { mean: 1, stddev: 0.5 }),
    normal64: normal(at(1), [2, 3], { dtype: "float64" }),
    truncatedNormal: truncatedNormal(at(2), [6], -1, Infinity),
    bernoulli: bernoulli(at(3), 0.3, [3, 5]),
    randint: randint(at(4), [8], -10, 10),
    categorical: categorical(at(5), logits, 1),
    permutation: permutation(at(6), 12),
    choice: choice(at(7), 20, [6], { replace: false }),
    child: fold(at(8), 2 ** 40 + 7),
    grandchild: split(fold(k, 3), 3)[2] ?? k,
  };
};

describe.each(BACKENDS)("on the %s backend", (_name, backend) => {
  const jitted = <Args extends readonly unknown[], R>(f: (...args: Args) => R): Jitted<Args, R> => jit(f, backend === undefined ? {} : { backend });

  it("is the backend it says (the default is WebAssembly)", () => {
    expect(backend?.name ?? getDefaultBackend().name).toBe(backend === undefined ? "wasm" : "reference");
  });

  it("every sampler, split and fold give on a staged key exactly what they give on the concrete key, for any key", () => {
    const compiled = jitted(drawEverything);
    fc.assert(fc.property(fc.maxSafeInteger(), (seed) => {
      expect(valuesOf(compiled(key(seed)))).toEqual(valuesOf(drawEverything(key(seed))));
    }), { numRuns: 25 });
    expect(compiled.stats().compilations).toBe(1);
  });

  it("20 calls with 20 different keys compile once and draw 20 different samples", () => {
    let traces = 0;
    const draw = jitted((k: Key) => {
      traces++;
      return uniform(k, [16]);
    });
    const samples = Array.from({ length: 20 }, (_, i) => Array.from(draw(fold(key(0), i)).toArray()));
    expect(draw.stats()).toEqual({ compilations: 1, cacheHits: 19, inlined: 0, cached: 1, cacheSize: 32, evictions: 0 });
    expect(traces).toBe(1);
    expect(new Set(samples.map((s) => s.join())).size).toBe(20);
    samples.forEach((s, i) => expect(s).toEqual(Array.from(uniform(fold(key(0), i), [16]).toArray())));
  });

  it("keys come out of the program as keys: split and fold chains equal eager evaluation's", () => {
    const chain = (k: Key) => {
      const [a, b, c] = split(k, 3);
      return { a, deep: fold(split(fold(b, 5))[1], 9), c, kept: k };
    };
    const compiled = jitted(chain);
    for (const seed of [0, 1, -1, 2 ** 40]) {
      const [got, want] = [compiled(key(seed)), chain(key(seed))];
      for (const name of ["a", "deep", "c", "kept"] as const) expect(eqKey.equals(got[name], want[name]), name).toBe(true);
    }
    expect(compiled.stats().compilations).toBe(1);
  });

  it("dropout layers (one key per layer, folded in by sequential) draw the eager masks", () => {
    const model = sequential(dropout(0.3), activation(relu, "relu"), dropout(0.5));
    const params = model.init(key(0));
    const apply = (x: Tensor<[6, 5]>, k: Key) => model.apply(params, x, { train: true, key: k });
    const compiled = jitted(apply);
    const x = fromArray(Array.from({ length: 30 }, (_, i) => Math.sin(i) + 0.5), [6, 5]);
    for (let seed = 0; seed < 5; seed++) expect(Array.from(compiled(x, key(seed)).toArray())).toEqual(Array.from(apply(x, key(seed)).toArray()));
    expect(compiled.stats().compilations).toBe(1);
  });

  it("gradients flow through the dropout mask and none through the key: jit(valueAndGrad(loss)) equals eager", () => {
    type P = { readonly w: Tensor<[4, 6], "float64"> };
    const x = fromArray(Array.from({ length: 24 }, (_, i) => Math.cos(i)), [4, 6], "float64");
    const rate = 0.4;
    const loss = (p: P, k: Key) => sum(tanh(dropout(rate).apply(null, mul(p.w, x), { train: true, key: k })));
    const step = valueAndGrad(loss);
    const compiled = jitted(step);
    const p: P = { w: fromArray(Array.from({ length: 24 }, (_, i) => 0.1 * i - 1), [4, 6], "float64") };
    for (const seed of [3, 4]) {
      const k = key(seed);
      const [[value, g], [eagerValue, eagerG]] = [compiled(p, k), step(p, k)];
      // d/dw Σ tanh(w·x·m/(1-p)) = (1 - tanh²(·)) · x · m/(1-p): zero exactly where the mask drops
      const kept = Array.from(bernoulli(k, 1 - rate, [4, 6]).toArray(), Boolean);
      Array.from(g.w.toArray()).forEach((d, i) => expect(d === 0).toBe(!kept[i]));
      if (backend === referenceBackend) {
        expect(value.item()).toBe(eagerValue.item());
        expect(Array.from(g.w.toArray())).toEqual(Array.from(eagerG.w.toArray()));
      } else {
        // the compiled kernels round float64 sums in their own order: equal to rounding
        expect(value.item()).toBeCloseTo(eagerValue.item(), 12);
        Array.from(g.w.toArray()).forEach((d, i) => expect(d).toBeCloseTo(eagerG.w.toArray()[i] ?? NaN, 12));
      }
    }
    expect(compiled.stats().compilations).toBe(1);
  });
});

describe("a staged key", () => {
  /** What the traced function sees of its key argument. */
  const inside = <R>(use: (k: Key) => R): R => {
    let seen: R | undefined;
    jit((k: Key) => {
      seen = use(k);
      return uniform(k, [1]);
    }, { backend: referenceBackend })(key(1));
    if (seen === undefined) throw new Error("the function did not run");
    return seen;
  };
  const thrown = (f: () => unknown): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
    throw new Error("expected an error");
  };

  it("has no words while traced: keyData, eqKey and .data throw a StagedKeyError saying what to do instead", () => {
    const error = inside((k) => thrown(() => keyData(k)));
    expect(error).toBeInstanceOf(StagedKeyError);
    expect(error instanceof StagedKeyError && error.op).toBe("keyData");
    expect(error instanceof Error && error.message).toBe(
      "keyData: this key was passed to a jitted function, where it stands for words that exist only when the compiled program runs, " +
      "so they cannot be read while it is traced; derive keys with split/fold and draw with the samplers (both work on it), " +
      "or read the words outside the jitted function",
    );
    expect(inside((k) => thrown(() => eqKey.equals(k, key(1))))).toMatchObject({ _tag: "StagedKeyError", op: "eqKey" });
    expect(inside((k) => thrown(() => k.data))).toMatchObject({ _tag: "StagedKeyError", op: "key.data" });
  });

  it("prints as Key(staged), as a traced tensor prints its kind, and is no key to encode", () => {
    expect(inside((k) => showKey.show(k))).toBe("Key(staged)");
    expect(inside((k) => showKey.show(split(k)[0] ?? k))).toBe("Key(staged)");
    expect(inside((k) => KeyCodec.is(k))).toBe(false);
    expect(KeyCodec.is(key(1))).toBe(true);
  });
});

describe("keys that are not arguments keep working as before", () => {
  it("a key made inside the traced function, or captured by it, samples on the host: the draws are constants", () => {
    const captured = key(11);
    const f = (x: Tensor<[3]>) => ({ made: mul(x, uniform(key(3), [3])), closed: mul(x, normal(fold(captured, 2), [3])), k: split(key(5))[1] ?? key(5) });
    const compiled = jit(f, { backend: referenceBackend });
    const x = fromArray([1, 2, 3], [3]);
    const [got, want] = [compiled(x), f(x)];
    expect(Array.from(got.made.toArray())).toEqual(Array.from(want.made.toArray()));
    expect(Array.from(got.closed.toArray())).toEqual(Array.from(want.closed.toArray()));
    expect(keyData(got.k)).toEqual(keyData(want.k));
    expect(compiled.program(x).eqns.map((e) => e.prim)).toEqual(["mul", "mul"]);
  });

  it("categorical of traced logits with a concrete key is a sample equation (before, it needed concrete logits)", () => {
    const f = (l: Tensor<[3, 4]>) => categorical(key(2), l);
    const compiled = jit(f, { backend: referenceBackend });
    expect(Array.from(compiled(logits).toArray())).toEqual(Array.from(f(logits).toArray()));
    expect(compiled.program(logits).eqns.map((e) => e.prim)).toEqual(["sample"]);
  });

  it("a jitted function called with a staged key inside another jit runs its body there", () => {
    const inner = jit((k: Key) => uniform(fold(k, 1), [4]), { backend: referenceBackend });
    const outer = jit((k: Key) => mul(inner(k), inner(fold(k, 2))), { backend: referenceBackend });
    expect(Array.from(outer(key(9)).toArray())).toEqual(Array.from(mul(uniform(fold(key(9), 1), [4]), uniform(fold(fold(key(9), 2), 1), [4])).toArray()));
    expect(inner.stats().inlined).toBe(2);
  });
});

describe("keys in trees", () => {
  it("are kept whole: tree.map and unflatten give back the same key, and never read a staged key's words", () => {
    type State = { readonly w: Tensor<[2]>; readonly rng: { readonly k: Key } };
    const state: State = { w: fromArray([1, 2], [2]), rng: { k: key(4) } };
    const mapped = map(state, (t) => mul(t, 2));
    expect(mapped.rng.k).toBe(state.rng.k);
    expect(leavesWithPaths(state).map(([path]) => path)).toEqual(["w"]);
    const step = jit((s: State) => {
      const doubled = map(s, (t) => mul(t, 2));
      return { w: mul(doubled.w, uniform(doubled.rng.k, [2])), k: fold(doubled.rng.k, 1) };
    }, { backend: referenceBackend });
    const got = step(state);
    expect(Array.from(got.w.toArray())).toEqual(Array.from(mul(mapped.w, uniform(key(4), [2])).toArray()));
    expect(keyData(got.k)).toEqual(keyData(fold(key(4), 1)));
  });
});
