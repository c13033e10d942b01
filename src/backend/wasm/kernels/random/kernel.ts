// The public random-draw kernel: `count` values of one draw (module.ts) from the key whose two
// words [hi, lo] are stored as float64 values at `key`.

import { type BufferRef } from "../../runtime/buffer.js";
import { type CompiledKernel } from "../../runtime/cache.js";
import { type Runtime } from "../../runtime/runtime.js";
import { exportedFunction } from "../../wasm-api.js";
import { checkCount } from "../checks.js";
import { drawLayout, randomDraws, randomModule, type RandomDraw } from "./module.js";

export interface RandomArgs {
  readonly key: BufferRef;
  readonly output: BufferRef;
  readonly count: number;
  /**
   * The draw's parameters: uniform32 / uniform64 [lo, span, top] (float values of the output
   * type); bernoulli [tHi, tLo] (the threshold's two parts, see module.ts).
   */
  readonly params: readonly number[];
}

export interface RandomKernel {
  (args: RandomArgs): void;
  readonly compiled: CompiledKernel;
}

export const randomKernel = (runtime: Runtime, draw: RandomDraw): RandomKernel => {
  const known = randomDraws.find((d) => d === draw);
  if (known === undefined) throw new TypeError(`random: draw ${JSON.stringify(draw)} is not one of ${randomDraws.join(", ")}`);
  const op = `random(${known})`;
  const layout = drawLayout[known];
  const compiled = runtime.kernels.get(`random:${known}`, () => randomModule(known, runtime.kernels.memoryImport));
  const entry = exportedFunction(compiled.instance, "draw");
  const call = (args: RandomArgs): void => {
    const count = checkCount(op, "count", args.count);
    if (args.key.dtype !== "float64" || args.key.length < 2) {
      throw new TypeError(`${op}: the key must be 2 float64 words, got ${args.key.length} ${args.key.dtype}`);
    }
    if (args.output.dtype !== layout.out) throw new TypeError(`${op}: output holds ${args.output.dtype}, expected ${layout.out}`);
    if (args.output.length < count) throw new RangeError(`${op}: output has ${args.output.length} elements, expected at least ${count}`);
    if (args.params.length !== layout.params.length || !args.params.every((p) => typeof p === "number")) {
      throw new TypeError(`${op}: expected ${layout.params.length} numeric parameters, got ${args.params.length}`);
    }
    entry(args.key.offset, args.output.offset, count, ...args.params);
  };
  return Object.assign(call, { compiled });
};
