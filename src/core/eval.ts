// Level 0 of the interpreter stack: plain evaluation with the reference kernels, or with an
// accelerated kernel where a backend has registered one (see accelerate.ts).

import type { Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import { concreteData, Tensor, type AnyTensor } from "../tensor/tensor.js";
import { abstractEval } from "./abstract-eval.js";
import { applyAccelerated } from "./accelerate.js";
import { applyImpl } from "./impl/index.js";
import type { Params, PrimTag } from "./primitives.js";
import { avalOf, installEvalTrace, Trace, type MainTrace } from "./trace.js";

export class EvalTrace extends Trace {
  pure(x: AnyTensor): AnyTensor {
    return x;
  }
  process<P extends PrimTag>(prim: P, inputs: readonly AnyTensor[], params: Params<P>): AnyTensor {
    const out = abstractEval(prim, inputs.map(avalOf), params);
    const hosts = inputs.map((x) => ({ shape: x.shape, dtype: x.dtype, data: concreteData(x, prim) }));
    const data = applyAccelerated(prim, hosts, params, out) ?? applyImpl(prim, hosts, params, out);
    return new Tensor<Shape, DType>(out.shape, out.dtype, data);
  }
}

installEvalTrace((main: MainTrace) => new EvalTrace(main));
