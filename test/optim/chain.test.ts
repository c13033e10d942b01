// chain and identity on explicit examples (the laws are checked on random inputs in
// laws.test.ts), and applyUpdates.

import { describe, expect, it } from "vitest";
import { applyUpdates, chain, clipByValue, identity, scale, traceMomentum } from "../../src/optim/index.js";
import { fromArray, scalar } from "../../src/tensor/index.js";
import { TreeMismatchError } from "../../src/tree/index.js";
import { identicalTrees, numbersOf } from "./helpers.js";

const vec = (xs: readonly number[]) => fromArray(xs, [xs.length], "float64");

describe("chain", () => {
  it("applies its transformations in order: clip then scale differs from scale then clip", () => {
    const g = vec([1, -3]);
    const clipThenScale = chain(clipByValue(1), scale(2));
    const scaleThenClip = chain(scale(2), clipByValue(1));
    expect(numbersOf(clipThenScale.update(g, clipThenScale.init(g))[0])).toEqual([[2, -2]]);
    expect(numbersOf(scaleThenClip.update(g, scaleThenClip.init(g))[0])).toEqual([[1, -1]]);
  });

  it("keeps one state per transformation, in order, and threads each to its owner", () => {
    const opt = chain(scale(0.5), traceMomentum({ decay: 0.5 }), traceMomentum({ decay: 0.25 }));
    const p = vec([0]);
    const s0 = opt.init(p);
    expect(s0).toHaveLength(3);
    const [u1, s1] = opt.update(vec([8]), s0, p);
    // scale: 4; first trace: v = 4; second trace: w = 4.
    expect(numbersOf(s1[1].trace)).toEqual([[4]]);
    expect(numbersOf(u1)).toEqual([[4]]);
    const [u2, s2] = opt.update(vec([8]), s1, p);
    // scale: 4; v = 0.5·4 + 4 = 6; w = 0.25·4 + 6 = 7.
    expect(numbersOf(s2[1].trace)).toEqual([[6]]);
    expect(numbersOf(s2[2].trace)).toEqual([[7]]);
    expect(numbersOf(u2)).toEqual([[7]]);
  });

  it("with no transformations is the identity", () => {
    const g = vec([1, 2]);
    const empty = chain();
    expect(empty.init(g)).toEqual([]);
    expect(identicalTrees(empty.update(g, empty.init(g))[0], g)).toBe(true);
  });

  it("rejects a state that is not its tuple of states", () => {
    const opt = chain(identity(), scale(2));
    const g = vec([1]);
    const short = [opt.init(g)[0]];
    // @ts-expect-error the compiler rejects a 1-tuple too; this checks the runtime guard
    expect(() => opt.update(g, short)).toThrow(TreeMismatchError);
    // @ts-expect-error as above
    expect(() => opt.update(g, short)).toThrow(/chain\.update: .*a tuple of 2 state\(s\).*array of length 1/);
  });
});

describe("identity", () => {
  it("returns the gradients unchanged and keeps no state", () => {
    const g = { a: vec([1, -2]), b: scalar(3, "float64") };
    const t = identity();
    const [u, s] = t.update(g, t.init(g));
    expect(u).toBe(g);
    expect(s).toEqual({});
  });
});

describe("applyUpdates", () => {
  it("adds the updates leaf by leaf and keeps the params' structure", () => {
    const params = { w: vec([1, 2]), layers: [{ b: scalar(3, "float64") }] };
    const next = applyUpdates(params, { w: vec([0.5, -1]), layers: [{ b: scalar(-3, "float64") }] });
    expect(next.w.toNested()).toEqual([1.5, 1]);
    expect(next.layers[0]?.b.item()).toBe(0);
  });

  it("rejects updates of another tree", () => {
    expect(() => applyUpdates({ w: vec([1, 2]) }, { w: vec([1, 2, 3]) })).toThrow(TreeMismatchError);
  });
});
