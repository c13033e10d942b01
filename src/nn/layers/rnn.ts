// A recurrent layer: a cell (recurrent-cells.ts) run over the time axis of sequences
// [..., T, I], from a zero carry:
//
//   h_t = cell(h_{t−1}, x_t),  t = 1 … T    →    [..., T, H] (every h_t) or [..., H] (h_T)
//
// The input's part of every gate is computed for all T steps in one matrix product; the loop
// then applies the carry's part step by step. The loop is unrolled: a traced (jitted) program
// holds T copies of the step, so compile time grows with T (a scan primitive would compile the
// step once).
import * as lax from "../../core/lax.js";
import type { Key } from "../../random/key.js";
import type { FloatDType } from "../../tensor/dtype.js";
import type { AnyTensor } from "../../tensor/tensor.js";
import { checkDType, makeLayer, type Layer } from "../layer.js";
import { gruCell, lstmCell, type CellCore, type CellOptions, type GruParams, type LstmParams } from "./recurrent-cells.js";
import { checkSequence, type RecurrentShape } from "./sequence-shape.js";

export interface RnnOptions<Every extends boolean> {
  /** Return every step's output [..., T, H] (default true) or only the last one, [..., H]. */
  readonly returnSequences?: Every;
  /** Run from the last step to the first (outputs stay aligned with their inputs); default false. */
  readonly reverse?: boolean;
}

/** A cell with parameters P from I features to H units in dtype D. */
export interface SizedCell<P, K, I extends number, H extends number, D extends FloatDType> extends CellCore<P, K> {
  readonly inputSize: I;
  readonly hiddenSize: H;
  readonly dtype: D;
}

export type RnnLayer<P, I extends number, H extends number, D extends FloatDType, Every extends boolean> =
  Layer<RecurrentShape<`rnn(${I} → ${H})`, I, H, Every>, P, null, D>;

/** Runs the cell over x: [N, T, I] and returns every output [N, T, H] or the last [N, H]. */
function unroll<P, C>(cell: CellCore<P, C>, params: P, x: AnyTensor, every: boolean, reverse: boolean): AnyTensor {
  const [n = 1, t = 1] = x.shape;
  const gates = cell.inputs(params, x); // [N, T, G·H], all steps at once
  const width = gates.shape[2] ?? 1;
  const hidden = cell.hiddenSize;
  let carry = cell.initialCarry([n]);
  const outputs: AnyTensor[] = new Array<AnyTensor>(t);
  for (let k = 0; k < t; k++) {
    const s = reverse ? t - 1 - k : k;
    const step = lax.reshape(lax.slice(gates, [0, s, 0], [n, s + 1, width]), [n, width]);
    const [next, h] = cell.recur(params, carry, step);
    carry = next;
    outputs[s] = lax.reshape(h, [n, 1, hidden]);
  }
  return every ? lax.concatenate(outputs, 1) : cell.output(carry);
}

/** The cell run over time (see the header). */
export function rnn<P, K, const I extends number, const H extends number, D extends FloatDType, const Every extends boolean = true>(
  cell: SizedCell<P, K, I, H, D>, options: RnnOptions<Every> = {},
): RnnLayer<P, I, H, D, Every> {
  const core = cell;
  const every = options.returnSequences !== false;
  const reverse = options.reverse === true;
  const name = `rnn(${core.name}${every ? "" : ", last"}${reverse ? ", reverse" : ""})`;
  return makeLayer<RecurrentShape<`rnn(${I} → ${H})`, I, H, Every>, P, null, D>({
    name,
    stateful: false,
    traits: { trainingDiffers: false },
    init: (key: Key) => core.init(key),
    initState: () => null,
    run: (params, state, x) => {
      checkSequence(name, x.shape, core.inputSize);
      checkDType(name, x, core.dtype);
      const lead = x.shape.slice(0, -2);
      const t = x.shape[x.shape.length - 2] ?? 1;
      const n = lead.reduce((a, b) => a * b, 1);
      const y = unroll(core, params, lax.reshape(x, [n, t, core.inputSize]), every, reverse);
      return [lax.reshape(y, every ? [...lead, t, core.hiddenSize] : [...lead, core.hiddenSize]), state];
    },
  });
}

/** A GRU layer: rnn(gruCell(inputSize, hiddenSize)). */
export const gru = <const I extends number, const H extends number, const Every extends boolean = true, D extends FloatDType = "float32">(
  inputSize: I, hiddenSize: H, options: RnnOptions<Every> & CellOptions<D> = {},
): RnnLayer<GruParams<I, H, D>, I, H, D, Every> => rnn(gruCell<I, H, D>(inputSize, hiddenSize, options), options);

/** An LSTM layer: rnn(lstmCell(inputSize, hiddenSize)). */
export const lstm = <const I extends number, const H extends number, const Every extends boolean = true, D extends FloatDType = "float32">(
  inputSize: I, hiddenSize: H, options: RnnOptions<Every> & CellOptions<D> = {},
): RnnLayer<LstmParams<I, H, D>, I, H, D, Every> => rnn(lstmCell<I, H, D>(inputSize, hiddenSize, options), options);
