// Recurrent cells: one step of a recurrent network, h_t = cell(h_{t−1}, x_t). The input's part
// of every gate, x W_i + b_i, does not depend on the carry, so it is split off (`inputs`) and a
// layer over time (rnn.ts) computes it for all steps in one matrix product before the loop;
// `recur` is what remains of each step.
//
// GRU (Cho et al., 2014; the arrangement of cuDNN and PyTorch), gates r (reset), z (update), n:
//   r = σ(x W_ir + b_ir + h W_hr + b_hr)
//   z = σ(x W_iz + b_iz + h W_hz + b_hz)
//   n = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn))
//   h' = (1 − z) ⊙ n + z ⊙ h
//
// LSTM (Hochreiter & Schmidhuber, 1997, with forget gates, Gers et al., 2000), gates i, f, g, o:
//   [i, f, g, o] = x W_i + h W_h + b
//   c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g),    h' = σ(o) ⊙ tanh(c')
// The forget gate's bias starts at 1 (Jozefowicz et al., 2015), so c is kept at first.
//
// Weights hold their gates on a middle axis, W_i: [I, G, H], W_h: [H, G, H] (G = 3 or 4), and
// are drawn from U(±1/√H), as in PyTorch.
import * as lax from "../../core/lax.js";
import { split, type Key } from "../../random/key.js";
import { uniform } from "../../random/samplers.js";
import type { Shape } from "../../shape/dim.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import { shapeToString } from "../../shape/runtime/show.js";
import { sigmoid, tanh } from "../../ops/elementwise.js";
import { typed } from "../../ops/typed.js";
import { fromArray, full } from "../../tensor/create.js";
import type { DType, FloatDType } from "../../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../../tensor/tensor.js";
import { defaultFloat } from "../float.js";
import { checkDType, checkFloat } from "../layer.js";
import { checkCount } from "./features.js";

/**
 * The untyped core of a recurrent cell with parameters P and carry C, which rnn calls.
 * `inputs` maps inputs [M, I] to their gate parts [M, G·H]; `recur` takes the carry and one
 * step's gate parts [N, G·H] to the next carry and the step's output h [N, H].
 */
export interface CellCore<P, C> {
  readonly name: string;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly dtype: FloatDType;
  init(key: Key): P;
  /** The carry before the first step, zeros for a batch of shape `lead`. */
  initialCarry(lead: readonly number[]): C;
  inputs(params: P, x: AnyTensor): AnyTensor;
  recur(params: P, carry: C, gates: AnyTensor): readonly [C, AnyTensor];
  /** The output h of a carry. */
  output(carry: C): AnyTensor;
}

/** Any cell, for rnn. */
export type AnyCell = CellCore<unknown, unknown>;

/** Throws unless x is [..., size] of the cell's dtype. */
function checkStepInput(name: string, x: AnyTensor, size: number, dtype: DType, what: string): void {
  if (x.shape.length < 1 || x.shape[x.shape.length - 1] !== size) {
    throw new TensorShapeError(name, [x.shape], `${what} [..., ${size}]`, `got ${shapeToString(x.shape)}`);
  }
  checkDType(name, x, dtype);
}

/** x: [..., I] ↦ x W + b: [..., G·H] for W: [I, G, H], b: [G, H] (x W without b). */
function gateInputs(x: AnyTensor, w: AnyTensor, b?: AnyTensor): AnyTensor {
  const [i = 1, g = 1, h = 1] = w.shape;
  const lead = x.shape.slice(0, -1);
  const rows = lax.dot(lax.reshape(x, [lead.reduce((a, c) => a * c, 1), i]), lax.reshape(w, [i, g * h]));
  const biased = b === undefined ? rows : lax.add(rows, lax.broadcast(lax.reshape(b, [g * h]), rows.shape));
  return lax.reshape(biased, [...lead, g * h]);
}

/** Gate k (of width h) of gates [N, G·h]. */
const gate = (gates: AnyTensor, k: number, h: number): AnyTensor => {
  const n = gates.shape[0] ?? 1;
  return lax.slice(gates, [0, k * h], [n, (k + 1) * h]);
};

const sigma = (name: string, x: AnyTensor): AnyTensor => {
  checkFloat(name, x);
  return sigmoid(x);
};
const tanhOf = (name: string, x: AnyTensor): AnyTensor => {
  checkFloat(name, x);
  return tanh(x);
};

/** U(±1/√H) of `shape`. */
const recurrentInit = <const S extends Shape, D extends FloatDType>(key: Key, shape: S, hidden: number, dtype: D) =>
  uniform(key, shape, { dtype, minval: -1 / Math.sqrt(hidden), maxval: 1 / Math.sqrt(hidden) });

export interface CellOptions<D extends FloatDType> {
  readonly dtype?: D;
}

// ---------------------------------------------------------------------------------------------
// GRU

export interface GruParams<I extends number, H extends number, D extends FloatDType = "float32"> {
  /** W_i: the input's weights for the gates r, z, n. */
  readonly wi: Tensor<[I, 3, H], D>;
  /** W_h: the carry's weights for r, z, n. */
  readonly wh: Tensor<[H, 3, H], D>;
  readonly bi: Tensor<[3, H], D>;
  readonly bh: Tensor<[3, H], D>;
}

export interface GruCell<I extends number, H extends number, D extends FloatDType> extends CellCore<GruParams<I, H, D>, AnyTensor> {
  readonly inputSize: I;
  readonly hiddenSize: H;
  readonly dtype: D;
  /** One step: h' from h: [..., H] and x: [..., I]. */
  step<S extends Shape>(params: GruParams<I, H, D>, h: Tensor<[...S, H], D>, x: Tensor<[...S, I], D>): Tensor<[...S, H], D>;
}

/** A GRU cell from `inputSize` features to `hiddenSize` units (see the header). */
export function gruCell<const I extends number, const H extends number, D extends FloatDType = "float32">(
  inputSize: I, hiddenSize: H, options: CellOptions<D> = {},
): GruCell<I, H, D> {
  const name = `gruCell(${inputSize} → ${hiddenSize})`;
  checkCount("gruCell", "inputSize", inputSize);
  checkCount("gruCell", "hiddenSize", hiddenSize);
  const dtype = options.dtype ?? defaultFloat<D>();
  const H = hiddenSize;
  const recur = (params: GruParams<I, H, D>, h: AnyTensor, gx: AnyTensor): readonly [AnyTensor, AnyTensor] => {
    const gh = gateInputs(h, params.wh, params.bh);
    const r = sigma(name, lax.add(gate(gx, 0, H), gate(gh, 0, H)));
    const z = sigma(name, lax.add(gate(gx, 1, H), gate(gh, 1, H)));
    const n = tanhOf(name, lax.add(gate(gx, 2, H), lax.mul(r, gate(gh, 2, H))));
    const next = lax.add(lax.mul(lax.sub(lax.onesLike(z), z), n), lax.mul(z, h));
    return [next, next];
  };
  const inputs = (params: GruParams<I, H, D>, x: AnyTensor): AnyTensor => gateInputs(x, params.wi, params.bi);
  return {
    name, inputSize, hiddenSize, dtype,
    init: (key) => {
      const [k1, k2, k3, k4] = split(key, 4);
      return {
        wi: recurrentInit(k1, [inputSize, 3, hiddenSize], hiddenSize, dtype),
        wh: recurrentInit(k2, [hiddenSize, 3, hiddenSize], hiddenSize, dtype),
        bi: recurrentInit(k3, [3, hiddenSize], hiddenSize, dtype),
        bh: recurrentInit(k4, [3, hiddenSize], hiddenSize, dtype),
      };
    },
    initialCarry: (lead) => full([...lead, hiddenSize], 0, dtype),
    inputs,
    recur,
    output: (h) => h,
    step: <S extends Shape>(params: GruParams<I, H, D>, h: Tensor<[...S, H], D>, x: Tensor<[...S, I], D>): Tensor<[...S, H], D> => {
      checkStepInput(name, x, inputSize, dtype, "an input");
      checkStepInput(name, h, hiddenSize, dtype, "a carry");
      const lead = x.shape.slice(0, -1);
      if (shapeToString(lead) !== shapeToString(h.shape.slice(0, -1))) {
        throw new TensorShapeError(name, [h.shape, x.shape], "a carry and an input with the same leading dims", `got ${shapeToString(h.shape)} and ${shapeToString(x.shape)}`);
      }
      const n = lead.reduce((a, b) => a * b, 1);
      const [next] = recur(params, lax.reshape(h, [n, hiddenSize]), lax.reshape(inputs(params, x), [n, 3 * hiddenSize]));
      // The checks above establish the carry's shape [...S, H].
      return typed(lax.reshape(next, h.shape));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// LSTM

export interface LstmParams<I extends number, H extends number, D extends FloatDType = "float32"> {
  /** W_i: the input's weights for the gates i, f, g, o. */
  readonly wi: Tensor<[I, 4, H], D>;
  /** W_h: the carry's weights for i, f, g, o. */
  readonly wh: Tensor<[H, 4, H], D>;
  readonly b: Tensor<[4, H], D>;
}

/** The LSTM carry: the output h and the cell c, each [..., H]. */
export interface LstmCarry<S extends Shape, H extends number, D extends FloatDType = "float32"> {
  readonly h: Tensor<[...S, H], D>;
  readonly c: Tensor<[...S, H], D>;
}

type Carry = { readonly h: AnyTensor; readonly c: AnyTensor };

export interface LstmCell<I extends number, H extends number, D extends FloatDType> extends CellCore<LstmParams<I, H, D>, Carry> {
  readonly inputSize: I;
  readonly hiddenSize: H;
  readonly dtype: D;
  /** One step: (h', c') from (h, c) and x: [..., I]. */
  step<S extends Shape>(params: LstmParams<I, H, D>, carry: LstmCarry<S, H, D>, x: Tensor<[...S, I], D>): LstmCarry<S, H, D>;
}

/** An LSTM cell from `inputSize` features to `hiddenSize` units (see the header). */
export function lstmCell<const I extends number, const H extends number, D extends FloatDType = "float32">(
  inputSize: I, hiddenSize: H, options: CellOptions<D> = {},
): LstmCell<I, H, D> {
  const name = `lstmCell(${inputSize} → ${hiddenSize})`;
  checkCount("lstmCell", "inputSize", inputSize);
  checkCount("lstmCell", "hiddenSize", hiddenSize);
  const dtype = options.dtype ?? defaultFloat<D>();
  const H = hiddenSize;
  const recur = (params: LstmParams<I, H, D>, { h, c }: Carry, gx: AnyTensor): readonly [Carry, AnyTensor] => {
    const gates = lax.add(gx, gateInputs(h, params.wh));
    const i = sigma(name, gate(gates, 0, H));
    const f = sigma(name, gate(gates, 1, H));
    const g = tanhOf(name, gate(gates, 2, H));
    const o = sigma(name, gate(gates, 3, H));
    const cNext = lax.add(lax.mul(f, c), lax.mul(i, g));
    const hNext = lax.mul(o, tanhOf(name, cNext));
    return [{ h: hNext, c: cNext }, hNext];
  };
  const inputs = (params: LstmParams<I, H, D>, x: AnyTensor): AnyTensor => gateInputs(x, params.wi, params.b);
  return {
    name, inputSize, hiddenSize, dtype,
    init: (key) => {
      const [k1, k2] = split(key);
      // Bias 0 for i, g, o and 1 for the forget gate f (the second row).
      const bias = Array.from({ length: 4 * hiddenSize }, (_, k) => (Math.floor(k / hiddenSize) === 1 ? 1 : 0));
      return {
        wi: recurrentInit(k1, [inputSize, 4, hiddenSize], hiddenSize, dtype),
        wh: recurrentInit(k2, [hiddenSize, 4, hiddenSize], hiddenSize, dtype),
        b: fromArray(bias, [4, hiddenSize], dtype),
      };
    },
    initialCarry: (lead) => ({ h: full([...lead, hiddenSize], 0, dtype), c: full([...lead, hiddenSize], 0, dtype) }),
    inputs,
    recur,
    output: (carry) => carry.h,
    step: <S extends Shape>(params: LstmParams<I, H, D>, carry: LstmCarry<S, H, D>, x: Tensor<[...S, I], D>): LstmCarry<S, H, D> => {
      checkStepInput(name, x, inputSize, dtype, "an input");
      checkStepInput(name, carry.h, hiddenSize, dtype, "a carry h");
      checkStepInput(name, carry.c, hiddenSize, dtype, "a carry c");
      const lead = x.shape.slice(0, -1);
      if (shapeToString(lead) !== shapeToString(carry.h.shape.slice(0, -1)) || shapeToString(carry.h.shape) !== shapeToString(carry.c.shape)) {
        throw new TensorShapeError(name, [carry.h.shape, carry.c.shape, x.shape], "h, c and an input with the same leading dims",
          `got ${shapeToString(carry.h.shape)}, ${shapeToString(carry.c.shape)} and ${shapeToString(x.shape)}`);
      }
      const n = lead.reduce((a, b) => a * b, 1);
      const flat = { h: lax.reshape(carry.h, [n, hiddenSize]), c: lax.reshape(carry.c, [n, hiddenSize]) };
      const [next] = recur(params, flat, lax.reshape(inputs(params, x), [n, 4 * hiddenSize]));
      // The checks above establish the carry's shape [...S, H].
      return { h: typed(lax.reshape(next.h, carry.h.shape)), c: typed(lax.reshape(next.c, carry.c.shape)) };
    },
  };
}
