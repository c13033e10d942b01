// The sequence layers against independent float64 references written with plain loops:
// attention as softmax(QKᵀ/√d)V, its causal and padding masks, multi-head attention head by
// head, the pre-norm transformer block, rmsNorm, the positional tables, and the GRU and LSTM
// equations step by step and over time. Derivatives are in gradient-laws.test.ts.
import { describe, expect, it } from "vitest";
import { DTypeError } from "../../src/core/errors.js";
import * as nn from "../../src/nn/index.js";
import { LayerConfigError } from "../../src/nn/errors.js";
import { key } from "../../src/random/key.js";
import { TensorShapeError } from "../../src/shape/runtime/error.js";
import { fromArray } from "../../src/tensor/create.js";
import type { Shape } from "../../src/shape/dim.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import { gaussian64 } from "./inputs.js";

const f64 = { dtype: "float64" } as const;
const arr = (t: AnyTensor): number[] => Array.from(t.toArray());
const expectClose = (actual: readonly number[], expected: readonly number[], tol = 1e-12): void => {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(0, ...actual.map((a, i) => Math.abs(a - (expected[i] ?? NaN)) / (1 + Math.abs(expected[i] ?? 0))));
  expect(worst).toBeLessThan(tol);
};

/** Row-major [rows, cols] matrices as nested arrays. */
type Matrix = number[][];
const matrix = (t: AnyTensor, rows: number, cols: number, offset = 0): Matrix =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => t.toArray()[offset + i * cols + j] ?? NaN));
const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => (b[0] ?? []).map((_, j) => row.reduce((s, v, k) => s + v * (b[k]?.[j] ?? NaN), 0)));
const transposeM = (a: Matrix): Matrix => (a[0] ?? []).map((_, j) => a.map((row) => row[j] ?? NaN));
const softmaxRows = (a: Matrix): Matrix => a.map((row) => {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const z = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / z);
});
/** softmax(Q Kᵀ / √d + mask) V with allowed(i, j) deciding the mask. */
const attentionReference = (q: Matrix, k: Matrix, v: Matrix, allowed: (i: number, j: number) => boolean = () => true): Matrix => {
  const d = q[0]?.length ?? 1;
  const scores = matmul(q, transposeM(k)).map((row, i) => row.map((s, j) => (allowed(i, j) ? s / Math.sqrt(d) : -Infinity)));
  return matmul(softmaxRows(scores), v);
};

describe("dotProductAttention", () => {
  const [T, S, K, V] = [4, 5, 3, 2] as const;
  const q = gaussian64(key(1), [2, T, K]);
  const k = gaussian64(key(2), [2, S, K]);
  const v = gaussian64(key(3), [2, S, V]);

  it("is softmax(Q Kᵀ / √d) V, batch by batch", () => {
    const out = nn.dotProductAttention(q, k, v);
    expect(out.shape).toEqual([2, T, V]);
    const expected = [0, 1].flatMap((b) => attentionReference(matrix(q, T, K, b * T * K), matrix(k, S, K, b * S * K), matrix(v, S, V, b * S * V)).flat());
    expectClose(arr(out), expected);
  });
  it("causal: query i sees keys j ≤ i + (Tk − Tq) only, so changing later values changes nothing before", () => {
    const kk = gaussian64(key(4), [1, T, K]);
    const vv = gaussian64(key(5), [1, T, V]);
    const qq = gaussian64(key(6), [1, T, K]);
    const out = nn.dotProductAttention(qq, kk, vv, { causal: true });
    expectClose(arr(out), attentionReference(matrix(qq, T, K), matrix(kk, T, K), matrix(vv, T, V), (i, j) => j <= i).flat());
    // The first query sees only the first key: its output is v[0] exactly.
    expectClose(arr(out).slice(0, V), arr(vv).slice(0, V));
    // Changing the last position's key and value leaves every earlier output as it was.
    const changed = fromArray(arr(vv).map((x, i) => (i >= (T - 1) * V ? x + 10 : x)), [1, T, V], "float64");
    const again = nn.dotProductAttention(qq, kk, changed, { causal: true });
    expect(arr(again).slice(0, (T - 1) * V)).toEqual(arr(out).slice(0, (T - 1) * V));
    expect(arr(again).slice((T - 1) * V)).not.toEqual(arr(out).slice((T - 1) * V));
    expect(arr(nn.causalMask(2, 3))).toEqual([1, 1, 0, 1, 1, 1]);
  });
  it("a mask hides keys: padding positions do not matter, and the rest is attention over the real keys", () => {
    const real = 3;
    const mask = fromArray(Array.from({ length: 2 * S }, (_, i) => (i % S < real ? 1 : 0)), [2, 1, S], "bool");
    const out = nn.dotProductAttention(q, k, v, { mask });
    const expected = [0, 1].flatMap((b) => attentionReference(matrix(q, T, K, b * T * K), matrix(k, real, K, b * S * K), matrix(v, real, V, b * S * V)).flat());
    expectClose(arr(out), expected);
  });
  it("a query that may see nothing gets equal weights, not NaN", () => {
    const none = fromArray(new Array(T * S).fill(0), [T, S], "bool");
    const out = nn.dotProductAttention(q, k, v, { mask: none });
    const mean = [0, 1].flatMap((b) => Array.from({ length: T }, () => Array.from({ length: V }, (_, j) => matrix(v, S, V, b * S * V).reduce((s, row) => s + (row[j] ?? 0), 0) / S)).flat());
    expectClose(arr(out), mean);
  });
  it("names the shapes when they disagree", () => {
    const bad = gaussian64(key(7), [2, S, K + 1]);
    expect(() => nn.dotProductAttention(q, bad, v)).toThrow(TensorShapeError);
    expect(() => nn.dotProductAttention(q, bad, v)).toThrow("dotProductAttention: got [2, 4, 3], [2, 5, 4], [2, 5, 2] (expected queries [..., Tq, dk], keys [..., Tk, dk] and values [..., Tk, dv])");
  });
});

describe("multiHeadAttention", () => {
  const [T, F, H, K] = [4, 6, 2, 3] as const;
  const layer = nn.multiHeadAttention(F, { heads: H, keySize: K, ...f64 });
  const params = layer.init(key(10));
  // Non-zero biases, so that a missing bias is caught.
  const p = {
    ...params,
    query: { ...params.query, b: gaussian64(key(11), [H, K]) },
    key: { ...params.key, b: gaussian64(key(12), [H, K]) },
    value: { ...params.value, b: gaussian64(key(13), [H, K]) },
    output: { ...params.output, b: gaussian64(key(14), [F]) },
  };
  const x = gaussian64(key(15), [2, T, F]);

  /** Head h's projection of rows X [T, F]: X W[:, h, :] + b[h]. */
  const projectHead = (X: Matrix, w: AnyTensor, b: AnyTensor, h: number, size: number): Matrix =>
    X.map((row) => Array.from({ length: size }, (_, j) => row.reduce((s, xv, f) => s + xv * (w.toArray()[(f * H + h) * size + j] ?? NaN), 0) + (b.toArray()[h * size + j] ?? NaN)));
  const reference = (X: Matrix, allowed?: (i: number, j: number) => boolean): Matrix => {
    const out: Matrix = X.map(() => Array.from({ length: F }, (_, f) => p.output.b.toArray()[f] ?? NaN));
    for (let h = 0; h < H; h++) {
      const head = attentionReference(projectHead(X, p.query.w, p.query.b, h, K), projectHead(X, p.key.w, p.key.b, h, K), projectHead(X, p.value.w, p.value.b, h, K), allowed);
      head.forEach((row, t) => {
        const target = out[t] ?? [];
        for (let f = 0; f < F; f++) target[f] = (target[f] ?? NaN) + row.reduce((s, hv, j) => s + hv * (p.output.w.toArray()[(h * K + j) * F + f] ?? NaN), 0);
      });
    }
    return out;
  };

  it("is the sum over heads of each head's attention, projected back", () => {
    expect(params.query.w.shape).toEqual([F, H, K]);
    expect(params.output.w.shape).toEqual([H, K, F]);
    const y = layer.apply(p, x);
    expect(y.shape).toEqual([2, T, F]);
    expectClose(arr(y), [0, 1].flatMap((b) => reference(matrix(x, T, F, b * T * F)).flat()));
  });
  it("causal: the reference with j ≤ i", () => {
    const causal = nn.multiHeadAttention(F, { heads: H, keySize: K, causal: true, ...f64 });
    expectClose(arr(causal.apply(p, x)), [0, 1].flatMap((b) => reference(matrix(x, T, F, b * T * F), (i, j) => j <= i).flat()));
  });
  it("attend with a padding mask ignores the padded positions", () => {
    const padding = fromArray([1, 1, 1, 0, 1, 1, 0, 0], [2, T], "bool");
    const y = layer.attend(p, x, { padding });
    const lengths = [3, 2];
    const expected = [0, 1].flatMap((b) => reference(matrix(x, T, F, b * T * F), (_i, j) => j < (lengths[b] ?? 0)).flat());
    expectClose(arr(y), expected);
    // @ts-expect-error one padding row for two sequences
    expect(() => layer.attend(p, x, { padding: fromArray([1, 1, 1, 1], [1, T], "bool") })).toThrow(
      "multiHeadAttention(6): got bool [1, 4] (expected a bool padding mask [2, 4])");
  });
  it("attends to another sequence (cross-attention): queries [B, Tq, F] over a context [B, Tk, F]", () => {
    const context = gaussian64(key(16), [2, 7, F]);
    expect(layer.attend(p, x, { context }).shape).toEqual([2, T, F]);
  });
  it("drops attention weights only while training, from the key", () => {
    const dropping = nn.multiHeadAttention(F, { heads: H, keySize: K, dropout: 0.5, ...f64 });
    expect(arr(dropping.apply(p, x))).toEqual(arr(layer.apply(p, x)));
    const a = arr(dropping.apply(p, x, { train: true, key: key(1) }));
    expect(a).not.toEqual(arr(layer.apply(p, x)));
    expect(arr(dropping.apply(p, x, { train: true, key: key(1) }))).toEqual(a);
    expect(() => dropping.apply(p, x, { train: true })).toThrow("needs a PRNG key");
  });
  it("rejects bad input with the dims named", () => {
    expect(() => layer.apply(p, gaussian64(key(1), [2, T, F + 1]))).toThrow("multiHeadAttention(6): got [2, 4, 7] (expected a sequence [..., T, 6] with T >= 1)");
    // @ts-expect-error float32 input to a float64 layer
    expect(() => layer.apply(p, fromArray(new Array(2 * T * F).fill(0), [2, T, F]))).toThrow(DTypeError);
    expect(() => nn.multiHeadAttention(F, { heads: 0, keySize: K })).toThrow("multiHeadAttention: heads must be a positive integer, got 0");
  });
});

describe("transformerBlock", () => {
  const [T, F] = [5, 8] as const;
  const x = gaussian64(key(20), [3, T, F]);
  it("with both sub-layers' output projections zero, the block is the identity (the residual path)", () => {
    const block = nn.transformerBlock(F, { heads: 2, ...f64 });
    const p = block.init(key(21));
    const zero = <S extends Shape>(t: Tensor<S, "float64">) => fromArray(new Array<number>(t.size).fill(0), t.shape, "float64");
    const silent = { ...p, attention: { ...p.attention, output: { w: zero(p.attention.output.w), b: zero(p.attention.output.b) } }, down: { w: zero(p.down.w), b: zero(p.down.b) } };
    expect(arr(block.apply(silent, x))).toEqual(arr(x));
  });
  it("is x + MHA(LN(x)), then h + W₂ gelu(LN(h) W₁ + b₁) + b₂", () => {
    const block = nn.transformerBlock(F, { heads: 2, mlpRatio: 2, ...f64 });
    const p = block.init(key(22));
    expect(p.up.w.shape).toEqual([F, 2 * F]);
    const ln = nn.layerNorm(F, f64);
    const keySize: number = F / 2; // the block's heads have the type-level size number
    const mha = nn.multiHeadAttention(F, { heads: 2, keySize, ...f64 });
    const n1 = ln.apply(p.norm1, x);
    const h = arr(x).map((v, i) => v + (arr(mha.apply(p.attention, n1))[i] ?? NaN));
    const hT = fromArray(h, [3, T, F], "float64");
    const u = nn.gelu(nn.dense(F, 2 * F, f64).apply(p.up, ln.apply(p.norm2, hT)));
    const m = arr(nn.dense(2 * F, F, f64).apply(p.down, u));
    expectClose(arr(block.apply(p, x)), h.map((v, i) => v + (m[i] ?? NaN)));
  });
  it("causal: no position's output depends on a later position", () => {
    const block = nn.transformerBlock(F, { heads: 4, causal: true, ...f64 });
    const p = block.init(key(23));
    const later = fromArray(arr(x).map((v, i) => (Math.floor(i / F) % T >= 3 ? v * -2 + 1 : v)), [3, T, F], "float64");
    const a = arr(block.apply(p, x));
    const b = arr(block.apply(p, later));
    for (let n = 0; n < 3; n++) {
      const first = (row: number[]) => row.slice(n * T * F, n * T * F + 3 * F);
      expect(first(b)).toEqual(first(a));
    }
    expect(b).not.toEqual(a);
  });
  it("stacks with sequential, and checks its configuration", () => {
    const stack = nn.sequential(nn.transformerBlock(F, { heads: 2, ...f64 }), nn.transformerBlock(F, { heads: 2, ...f64 }));
    expect(stack.apply(stack.init(key(1)), x).shape).toEqual([3, T, F]);
    expect(() => nn.transformerBlock(F, { heads: 3 })).toThrow(LayerConfigError);
    expect(() => nn.transformerBlock(F, { heads: 3 })).toThrow("a head count that divides 8");
  });
});

describe("rmsNorm and positions", () => {
  it("rmsNorm: γ x / √(mean x² + ε)", () => {
    const layer = nn.rmsNorm(3, { epsilon: 1e-6, ...f64 });
    const x = fromArray([1, 2, 2, -3, 0, 4], [2, 3], "float64");
    const gamma = fromArray([1, 2, 0.5], [3], "float64");
    const rms = [Math.sqrt(9 / 3 + 1e-6), Math.sqrt(25 / 3 + 1e-6)];
    expectClose(arr(layer.apply({ gamma }, x)), [1, 2, 2, -3, 0, 4].map((v, i) => (v / (rms[Math.floor(i / 3)] ?? NaN)) * ([1, 2, 0.5][i % 3] ?? NaN)));
  });
  it("the sinusoidal table: sin(t / 10000^(2i/F)) at even features, cos at odd", () => {
    const table = nn.sinusoidalTable(6, 4, "float64");
    expect(table.shape).toEqual([6, 4]);
    expectClose(arr(table).slice(0, 4), [0, 1, 0, 1]);
    expectClose(arr(table).slice(5 * 4, 6 * 4), [Math.sin(5), Math.cos(5), Math.sin(5 / 100), Math.cos(5 / 100)]);
    const x = gaussian64(key(30), [2, 3, 4]);
    const y = nn.sinusoidalPositions(4).apply(null, x);
    expectClose(arr(y), arr(x).map((v, i) => v + (arr(table)[i % 12] ?? NaN)));
  });
  it("learned positions add the first T rows of the table, and refuse longer sequences", () => {
    const layer = nn.learnedPositions(5, 2, f64);
    const p = layer.init(key(31));
    const x = gaussian64(key(32), [2, 3, 2]);
    expectClose(arr(layer.apply(p, x)), arr(x).map((v, i) => v + (arr(p.table)[i % 6] ?? NaN)));
    expect(() => layer.apply(p, gaussian64(key(33), [1, 6, 2]))).toThrow("learnedPositions(5, 2): got [1, 6, 2] (6 positions) (expected a sequence of at most 5 positions)");
  });
});

describe("recurrent cells and layers", () => {
  const [I, H, T] = [3, 4, 5] as const;
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  /** Gate g of x W + b for one row x, with W: [n, G, H] and b: [G, H] (or none). */
  const gatePart = (x: readonly number[], w: AnyTensor, b: AnyTensor | undefined, G: number, g: number): number[] =>
    Array.from({ length: H }, (_, j) => x.reduce((s, xv, f) => s + xv * (w.toArray()[(f * G + g) * H + j] ?? NaN), 0) + (b === undefined ? 0 : b.toArray()[g * H + j] ?? NaN));

  const gru = nn.gruCell(I, H, f64);
  const gp = gru.init(key(40));
  const gruReference = (h: number[], x: number[]): number[] => {
    const r = gatePart(x, gp.wi, gp.bi, 3, 0).map((v, j) => sigmoid(v + (gatePart(h, gp.wh, gp.bh, 3, 0)[j] ?? NaN)));
    const z = gatePart(x, gp.wi, gp.bi, 3, 1).map((v, j) => sigmoid(v + (gatePart(h, gp.wh, gp.bh, 3, 1)[j] ?? NaN)));
    const n = gatePart(x, gp.wi, gp.bi, 3, 2).map((v, j) => Math.tanh(v + (r[j] ?? NaN) * (gatePart(h, gp.wh, gp.bh, 3, 2)[j] ?? NaN)));
    return n.map((nv, j) => (1 - (z[j] ?? NaN)) * nv + (z[j] ?? NaN) * (h[j] ?? NaN));
  };
  const lstm = nn.lstmCell(I, H, f64);
  const lp = lstm.init(key(41));
  const lstmReference = ({ h, c }: { h: number[]; c: number[] }, x: number[]): { h: number[]; c: number[] } => {
    const pre = (g: number) => gatePart(x, lp.wi, lp.b, 4, g).map((v, j) => v + (gatePart(h, lp.wh, undefined, 4, g)[j] ?? NaN));
    const [i, f, g, o] = [pre(0).map(sigmoid), pre(1).map(sigmoid), pre(2).map(Math.tanh), pre(3).map(sigmoid)];
    const cNext = c.map((cv, j) => (f[j] ?? NaN) * cv + (i[j] ?? NaN) * (g[j] ?? NaN));
    return { h: cNext.map((cv, j) => (o[j] ?? NaN) * Math.tanh(cv)), c: cNext };
  };
  const xs = gaussian64(key(42), [2, T, I]);
  const rowOf = (t: AnyTensor, n: number, s: number, width: number, steps = T): number[] => arr(t).slice((n * steps + s) * width, (n * steps + s + 1) * width);

  it("gruCell.step follows the GRU equations", () => {
    const h = gaussian64(key(43), [2, H]);
    const x = gaussian64(key(44), [2, I]);
    const next = gru.step(gp, h, x);
    expect(next.shape).toEqual([2, H]);
    expectClose(arr(next), [0, 1].flatMap((n) => gruReference(arr(h).slice(n * H, (n + 1) * H), arr(x).slice(n * I, (n + 1) * I))));
  });
  it("lstmCell.step follows the LSTM equations, with the forget bias at 1", () => {
    expect(arr(lp.b).slice(H, 2 * H)).toEqual([1, 1, 1, 1]);
    expect(arr(lp.b).filter((v) => v !== 0)).toHaveLength(H);
    const carry = { h: gaussian64(key(45), [2, H]), c: gaussian64(key(46), [2, H]) };
    const x = gaussian64(key(47), [2, I]);
    const next = lstm.step(lp, carry, x);
    const expected = [0, 1].map((n) => lstmReference({ h: arr(carry.h).slice(n * H, (n + 1) * H), c: arr(carry.c).slice(n * H, (n + 1) * H) }, arr(x).slice(n * I, (n + 1) * I)));
    expectClose(arr(next.h), expected.flatMap((e) => e.h));
    expectClose(arr(next.c), expected.flatMap((e) => e.c));
  });
  it("rnn(gru) runs the cell over time from a zero carry: every step, the last one, or backwards", () => {
    const layer = nn.rnn(gru);
    const ys = layer.apply(gp, xs);
    expect(ys.shape).toEqual([2, T, H]);
    for (let n = 0; n < 2; n++) {
      let h = new Array<number>(H).fill(0);
      for (let s = 0; s < T; s++) {
        h = gruReference(h, rowOf(xs, n, s, I));
        expectClose(rowOf(ys, n, s, H), h);
      }
      expectClose(arr(nn.rnn(gru, { returnSequences: false }).apply(gp, xs)).slice(n * H, (n + 1) * H), h);
      let back = new Array<number>(H).fill(0);
      const reversed = nn.rnn(gru, { reverse: true }).apply(gp, xs);
      for (let s = T - 1; s >= 0; s--) {
        back = gruReference(back, rowOf(xs, n, s, I));
        expectClose(rowOf(reversed, n, s, H), back);
      }
    }
  });
  it("lstm over time matches the step-by-step reference", () => {
    const layer = nn.lstm(I, H, f64);
    const ys = layer.apply(lp, xs);
    for (let n = 0; n < 2; n++) {
      let carry = { h: new Array<number>(H).fill(0), c: new Array<number>(H).fill(0) };
      for (let s = 0; s < T; s++) {
        carry = lstmReference(carry, rowOf(xs, n, s, I));
        expectClose(rowOf(ys, n, s, H), carry.h);
      }
    }
  });
  it("rejects bad input with the dims named", () => {
    expect(() => nn.gru(I, H, f64).apply(gp, gaussian64(key(1), [2, T, I + 1]))).toThrow("rnn(gruCell(3 → 4)): got [2, 5, 4] (expected a sequence [..., T, 3] with T >= 1)");
    // @ts-expect-error a carry for 3 sequences, an input for 2
    expect(() => gru.step(gp, gaussian64(key(1), [3, H]), gaussian64(key(2), [2, I]))).toThrow("gruCell(3 → 4): got [3, 4] and [2, 3] (expected a carry and an input with the same leading dims)");
    expect(() => nn.gruCell(0, H)).toThrow("gruCell: inputSize must be a positive integer, got 0");
  });
});

describe("greedyDecode", () => {
  // A causal "model" over 5 tokens: the logits at position t favour (token_t + 1) mod 5, and it
  // records the inputs it was given.
  const V = 5;
  const seen: number[][] = [];
  const next = (x: Tensor<[number, number], "int32">): Tensor<[number, number, number]> => {
    const tokens = Array.from(x.toArray());
    seen.push(tokens);
    return fromArray(tokens.flatMap((t) => Array.from({ length: V }, (_, v) => (v === (t + 1) % V ? 1 : 0))), [x.shape[0], x.shape[1], V]);
  };
  it("appends the most likely token after the prompt, step by step, reading only the prompt", () => {
    const tokens = fromArray([3, 0, 4, 4, 4, 4, 1, 2, 2, 2, 2, 2], [2, 6], "int32");
    const out = nn.greedyDecode(next, tokens, 2, 4);
    expect(out.shape).toEqual([2, 4]);
    // Prompt [3, 0] → 1, 2, 3, 4; prompt [1, 2] → 3, 4, 0, 1.
    expect(arr(out)).toEqual([1, 2, 3, 4, 3, 4, 0, 1]);
    // The positions after the prompt are not read: they start at 0 and receive the decoded tokens.
    expect(seen[0]).toEqual([3, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0]);
    expect(seen[3]).toEqual([3, 0, 1, 2, 3, 0, 1, 2, 3, 4, 0, 0]);
    expect(() => nn.greedyDecode(next, tokens, 3, 5)).toThrow("greedyDecode: got tokens [2, 6] (expected a prompt of length from >= 1 and from + steps <= T + 1 (from 3, steps 5))");
  });
});
