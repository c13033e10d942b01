// Automatic batching. Inside `batchFlat`, every tensor is a BatchTracer: a value for all
// examples at once, either batched (one slice per example along axis 0) or the same for every
// example. The function sees one example's shapes; each primitive it applies runs once on the
// whole batch through its batching rule. Each vmap is a new level of the interpreter stack, so
// nested vmaps (and vmap inside or around jvp, grad and jit) keep their batch axes apart.

import { CoreTracer, Trace, withMain, wrapTracer } from "../core/trace.js";
import type { Params, PrimTag } from "../core/primitives.js";
import { REPR, type AnyTensor } from "../tensor/tensor.js";
import { batchRule, materialize, type BatchValue } from "./batch-rules.js";

export class BatchTracer extends CoreTracer {
  readonly kind = "vmap tracer";
  constructor(readonly trace: BatchTrace, readonly part: BatchValue) {
    super();
  }
}

/** What one example sees: the value's shape without its batch axis. */
const exampleAval = ({ value, batched }: BatchValue) => ({ shape: batched ? value.shape.slice(1) : value.shape, dtype: value.dtype });

export class BatchTrace extends Trace {
  /** The number of examples (every batched value's leading dim). */
  get size(): number {
    const size = this.main.data;
    if (typeof size !== "number") throw new Error("internal: a vmap level without a batch size");
    return size;
  }
  /** A value from outside is the same for every example. */
  pure(x: AnyTensor): AnyTensor {
    return this.wrap({ value: x, batched: false });
  }
  process<P extends PrimTag>(prim: P, inputs: readonly AnyTensor[], params: Params<P>): AnyTensor {
    return this.wrap(batchRule(prim)(inputs.map(unpack), params, this.size));
  }
  wrap(part: BatchValue): AnyTensor {
    return wrapTracer(new BatchTracer(this, part), exampleAval(part));
  }
}

const unpack = (x: AnyTensor): BatchValue => {
  const r = x[REPR];
  if (!(r instanceof BatchTracer)) throw new Error("vmap: expected a value of this vmap");
  return r.part;
};

/**
 * vmap on flat lists: runs f once on all examples. `inputs[i]` is batched along axis 0 (of
 * length `size`) when `batched[i]`, else shared by every example. Each output comes back as it
 * came out of the batch: its value for all examples and whether it depends on the batch (a
 * batched one has the batch on axis 0).
 */
export function batchFlatParts(
  f: (...xs: AnyTensor[]) => readonly AnyTensor[], inputs: readonly AnyTensor[], batched: readonly boolean[], size: number,
): BatchValue[] {
  return withMain("vmap", (main) => new BatchTrace(main), size, (main) => {
    const trace = new BatchTrace(main);
    const outs = f(...inputs.map((x, i) => trace.wrap({ value: x, batched: batched[i] ?? false })));
    return outs.map((o) => {
      const r = o[REPR];
      return r instanceof BatchTracer && r.trace.main === main ? r.part : { value: o, batched: false };
    });
  });
}

/** batchFlatParts with every output batched along axis 0 (one that does not depend on the batch is broadcast to it). */
export function batchFlat(
  f: (...xs: AnyTensor[]) => readonly AnyTensor[], inputs: readonly AnyTensor[], batched: readonly boolean[], size: number,
): AnyTensor[] {
  return batchFlatParts(f, inputs, batched, size).map((part) => materialize(part, size));
}
