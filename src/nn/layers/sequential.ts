// sequential: layers composed in order, y = f_n(… f_2(f_1(x))). Its parameters (and state) are
// the tuple of its layers' parameters (states), so `grad` of a loss over a sequential model
// gives one gradient per layer. A shape mismatch between consecutive layers is a compile error
// naming both layers and their dims, reported on the call that composes them when the first
// layer's own input already decides it, else on `apply` for the actual input shape.
import { fold } from "../../random/key.js";
import { TensorShapeError } from "../../shape/runtime/error.js";
import type { AnyTensor } from "../../tensor/tensor.js";
import {
  composedTraits, makeLayer, type AnyLayer, type ApplyOptions, type InputOf, type Layer, type NoState, type ParamsOf, type ShapeFn, type StateOf,
} from "../layer.js";
import type { AcceptsOf, Chain, ChainCheck, ChainDTypeIn, ChainDTypeOut } from "./chain.js";
import type { DType } from "../../tensor/dtype.js";

export interface SequentialShape<Ls extends readonly unknown[]> extends ShapeFn {
  readonly label: "sequential";
  readonly accepts: AcceptsOf<Ls>;
  readonly output: Chain<Ls, InputOf<this>, DType> extends infer R ? (R extends [infer S extends readonly (infer _ extends number)[], DType] ? S : R) : never;
  readonly generic: Chain<Ls, InputOf<this>, DType, "the input", 1, true> extends infer R ? (R extends [infer S extends readonly (infer _ extends number)[], DType] ? S : R) : never;
}

/** One parameter tree per layer (null for layers without parameters). */
export type SequentialParams<Ls extends readonly unknown[]> = { -readonly [K in keyof Ls]: ParamsOf<Ls[K]> };

/** One state per layer when any layer has state, else no state. */
export type SequentialState<Ls extends readonly unknown[]> =
  [StateOf<Ls[number]>] extends [NoState] ? NoState : { -readonly [K in keyof Ls]: StateOf<Ls[K]> };

export interface SequentialLayer<Ls extends readonly unknown[]>
  extends Layer<SequentialShape<Ls>, SequentialParams<Ls>, SequentialState<Ls>, ChainDTypeIn<Ls>, ChainDTypeOut<Ls>> {
  /** The layers, in order. */
  readonly layers: Ls;
}

/** Runs `f`, re-raising a shape error with the position and name of the layer it came from. */
function inLayer<R>(position: number, layer: AnyLayer, f: () => R): R {
  try {
    return f();
  } catch (e) {
    if (e instanceof TensorShapeError) {
      throw new TensorShapeError(`sequential: layer ${position} (${layer.name})`, e.shapes, e.expected, `${e.op}: ${e.problem}`);
    }
    throw e;
  }
}

/** The list of per-layer values (params or states) that `run` was given, checked. */
function perLayer(what: string, value: unknown, count: number): readonly unknown[] {
  if (!Array.isArray(value) || value.length !== count) {
    throw new TypeError(`sequential: expected ${what} for ${count} layers (an array, as init/initState return), got ${Array.isArray(value) ? `an array of ${value.length}` : String(value)}`);
  }
  return value;
}

/** The layers applied in order. Each layer gets its own key, fold(key, position). */
export function sequential<const Ls extends readonly AnyLayer[]>(...layers: Ls & ChainCheck<Ls>): SequentialLayer<Ls> {
  const list: readonly AnyLayer[] = layers;
  const stateful = list.some((l) => l.stateful);
  const run = (params: unknown, state: unknown, x: AnyTensor, options: ApplyOptions): readonly [AnyTensor, unknown] => {
    const ps = perLayer("parameters", params, list.length);
    const ss = stateful ? perLayer("states", state, list.length) : list.map(() => null);
    let y = x;
    const next: unknown[] = [];
    list.forEach((layer, i) => {
      const opts = options.key === undefined ? options : { ...options, key: fold(options.key, i) };
      const [out, st] = inLayer(i + 1, layer, () => layer.run(ps[i], ss[i], y, opts));
      y = out;
      next.push(st);
    });
    return [y, stateful ? next : null];
  };
  const layer = makeLayer<SequentialShape<Ls>, SequentialParams<Ls>, SequentialState<Ls>, ChainDTypeIn<Ls>, ChainDTypeOut<Ls>>({
    name: `sequential(${list.map((l) => l.name).join(", ")})`,
    stateful,
    traits: composedTraits(list),
    // Layer i draws its parameters from fold(key, i).
    init: (key) => list.map((l, i) => l.init(fold(key, i))) as SequentialParams<Ls>, // one entry per layer, in order
    initState: () => (stateful ? list.map((l) => l.initState()) : null) as SequentialState<Ls>, // likewise
    run: (params, state, x, options) => run(params, state, x, options) as readonly [AnyTensor, SequentialState<Ls>], // the states of these layers
  });
  return { ...layer, layers };
}
