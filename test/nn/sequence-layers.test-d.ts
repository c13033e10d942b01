// The sequence layers' types: parameters exactly typed, outputs of the input's shape (or the
// recurrent layers' [..., T, H] / [..., H]), in bodies generic over the batch B and the length T
// with no casts, and mismatched feature counts rejected with the dims named.
import { describe, expectTypeOf, test } from "vitest";
import * as nn from "../../src/nn/index.js";
import { key } from "../../src/random/key.js";
import type { ShapeError } from "../../src/shape/error.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const k = key(0);
declare const tokens: Tensor<[32, 64, 128]>;
declare const wrongWidth: Tensor<[32, 64, 100]>;
declare const vector: Tensor<[128]>;
declare const ids: Tensor<[32, 64], "int32">;
declare const padding: Tensor<[32, 64], "bool">;

describe("attention and transformer blocks", () => {
  test("multiHeadAttention: typed projections, shape-keeping apply and attend", () => {
    const mha = nn.multiHeadAttention(128, { heads: 4, keySize: 32 });
    const p = mha.init(k);
    expectTypeOf(p.query.w).toEqualTypeOf<Tensor<[128, 4, 32], "float32">>();
    expectTypeOf(p.value.b).toEqualTypeOf<Tensor<[4, 32], "float32">>();
    expectTypeOf(p.output.w).toEqualTypeOf<Tensor<[4, 32, 128], "float32">>();
    expectTypeOf(nn.multiHeadAttention(8, { heads: 2, keySize: 3, valueSize: 5 }).init(k).output.w).toEqualTypeOf<Tensor<[2, 5, 8], "float32">>();
    expectTypeOf(mha.apply(p, tokens)).toEqualTypeOf<Tensor<[32, 64, 128], "float32">>();
    expectTypeOf(mha.attend(p, tokens, { padding })).toEqualTypeOf<Tensor<[32, 64, 128], "float32">>();
    // @ts-expect-error multiHeadAttention(128): expects a sequence [..., T, 128], got [32, 64, 100]
    mha.apply(p, wrongWidth);
    // @ts-expect-error a single vector is not a sequence
    mha.apply(p, vector);
  });
  test("the exact error", () => {
    expectTypeOf<nn.OutputShape<nn.MultiHeadAttentionShape<128>, [32, 64, 100]>>().toEqualTypeOf<
      ShapeError<"multiHeadAttention(128): expects a sequence [..., T, 128], got [32, 64, 100] (last dim 100)", 100, 128>
    >();
    expectTypeOf<nn.OutputShape<nn.MultiHeadAttentionShape<128>, [128]>>().toEqualTypeOf<
      ShapeError<"multiHeadAttention(128): expects a sequence [..., T, 128], got [128]", [128], 128>
    >();
  });
  test("dotProductAttention: [..., Tq, dk] × [..., Tk, dk] × [..., Tk, dv] → [..., Tq, dv]", () => {
    const attend = <B extends number, Tq extends number, Tk extends number>(q: Tensor<[B, Tq, 16]>, kv: Tensor<[B, Tk, 16]>, v: Tensor<[B, Tk, 8]>) =>
      nn.dotProductAttention(q, kv, v, { causal: true });
    expectTypeOf(attend<2, 3, 5>).returns.toEqualTypeOf<Tensor<[2, 3, 8], "float32">>();
    expectTypeOf(nn.causalMask(4, 4)).toEqualTypeOf<Tensor<[4, 4], "bool">>();
  });
  test("a decoder generic over B and T: embedding → positions → blocks → norm → logits, no casts", () => {
    const model = nn.sequential(
      nn.embedding(12, 128), nn.sinusoidalPositions(128),
      nn.transformerBlock(128, { heads: 4, causal: true }), nn.transformerBlock(128, { heads: 4, causal: true }),
      nn.rmsNorm(128), nn.dense(128, 12),
    );
    const params = model.init(k);
    const logits = <B extends number, T extends number>(x: Tensor<[B, T], "int32">): Tensor<[B, T, 12]> => model.apply(params, x);
    expectTypeOf(logits(ids)).toEqualTypeOf<Tensor<[32, 64, 12], "float32">>();
    const block = nn.transformerBlock(128, { heads: 4 });
    const masked = <B extends number, T extends number>(x: Tensor<[B, T, 128]>, pad: Tensor<[B, T], "bool">): Tensor<[B, T, 128]> =>
      block.attend(block.init(k), x, { padding: pad });
    expectTypeOf(masked(tokens, padding)).toEqualTypeOf<Tensor<[32, 64, 128], "float32">>();
    expectTypeOf(nn.learnedPositions(64, 128).init(k).table).toEqualTypeOf<Tensor<[64, 128], "float32">>();
  });
});

describe("recurrent layers", () => {
  test("cells: exactly typed gates and steps generic over the batch", () => {
    const cell = nn.gruCell(128, 32);
    expectTypeOf(cell.init(k).wi).toEqualTypeOf<Tensor<[128, 3, 32], "float32">>();
    expectTypeOf(nn.lstmCell(3, 5, { dtype: "float64" }).init(k).wh).toEqualTypeOf<Tensor<[5, 4, 5], "float64">>();
    const step = <B extends number>(h: Tensor<[B, 32]>, x: Tensor<[B, 128]>): Tensor<[B, 32]> => cell.step(cell.init(k), h, x);
    expectTypeOf(step<7>).returns.toEqualTypeOf<Tensor<[7, 32], "float32">>();
    const lstm = nn.lstmCell(128, 32);
    const lstep = <B extends number>(carry: nn.LstmCarry<[B], 32>, x: Tensor<[B, 128]>): nn.LstmCarry<[B], 32> => lstm.step(lstm.init(k), carry, x);
    expectTypeOf(lstep<7>).returns.toEqualTypeOf<nn.LstmCarry<[7], 32>>();
  });
  test("over time: [B, T, I] → [B, T, H], or [B, H] for the last step", () => {
    const every = nn.gru(128, 32);
    const last = nn.lstm(128, 32, { returnSequences: false });
    const encode = <B extends number, T extends number>(x: Tensor<[B, T, 128]>): Tensor<[B, T, 32]> => every.apply(every.init(k), x);
    const summarize = <B extends number, T extends number>(x: Tensor<[B, T, 128]>): Tensor<[B, 32]> => last.apply(last.init(k), x);
    expectTypeOf(encode(tokens)).toEqualTypeOf<Tensor<[32, 64, 32], "float32">>();
    expectTypeOf(summarize(tokens)).toEqualTypeOf<Tensor<[32, 32], "float32">>();
    expectTypeOf(nn.sequential(nn.gru(128, 32, { returnSequences: false }), nn.dense(32, 10)).apply(nn.sequential(nn.gru(128, 32, { returnSequences: false }), nn.dense(32, 10)).init(k), tokens))
      .toEqualTypeOf<Tensor<[32, 10], "float32">>();
    // @ts-expect-error rnn(128 → 32): expects a sequence [..., T, 128], got [32, 64, 100]
    every.apply(every.init(k), wrongWidth);
    // @ts-expect-error the hidden size does not match the next layer
    nn.sequential(nn.gru(128, 32), nn.dense(64, 10));
  });
});
