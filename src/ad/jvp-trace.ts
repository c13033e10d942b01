// Forward mode by dual numbers. Inside `jvpFlat`, every tensor is a JvpTracer: a pair
// (primal, tangent). Each primitive maps input pairs to an output pair by its jvp rule. Because
// each jvp call is a new level of the interpreter stack, nested jvps keep their perturbations
// apart: a value of an outer jvp enters an inner one as a constant (tangent zero).

import { avalOf, CoreTracer, Trace, withMain, wrapTracer } from "../core/trace.js";
import type { Params, PrimTag } from "../core/primitives.js";
import { isFloat } from "../tensor/dtype.js";
import { REPR, type Tensor, type AnyTensor } from "../tensor/tensor.js";
import { instantiate, jvpRules, type JvpRule, type Tangent } from "./jvp-rules.js";

export class JvpTracer extends CoreTracer {
  readonly kind = "jvp tracer";
  constructor(readonly trace: JvpTrace, readonly primal: AnyTensor, readonly tangent: Tangent) {
    super();
  }
}

export class JvpTrace extends Trace {
  pure(x: AnyTensor): AnyTensor {
    return wrapTracer(new JvpTracer(this, x, null), avalOf(x));
  }
  process<P extends PrimTag>(prim: P, inputs: readonly AnyTensor[], params: Params<P>): AnyTensor {
    const parts = inputs.map(unpack);
    const rule = jvpRules[prim] as JvpRule<P>;
    const [primal, tangent] = rule(parts.map((x) => x.primal), parts.map((x) => x.tangent), params);
    return wrapTracer(new JvpTracer(this, primal, tangent), avalOf(primal));
  }
}

const unpack = (x: AnyTensor): JvpTracer => {
  const r = x[REPR];
  if (!(r instanceof JvpTracer)) throw new Error("jvp: expected a value of this jvp");
  return r;
};

export class TangentError extends TypeError {
  readonly _tag = "TangentError";
}

/** Checks that a tangent can pair with a primal: same shape and dtype, and a float dtype. */
export function checkTangent(op: string, index: number, primal: AnyTensor, tangent: AnyTensor): void {
  if (!isFloat(primal.dtype)) {
    throw new TangentError(`${op}: argument ${index} is ${primal.dtype}; only float32 and float64 tensors can be differentiated (cast it, or mark it static)`);
  }
  const same = primal.dtype === tangent.dtype && primal.shape.length === tangent.shape.length && primal.shape.every((d, i) => d === tangent.shape[i]);
  if (!same) {
    throw new TangentError(`${op}: tangent ${index} is ${tangent.dtype}[${tangent.shape.join(", ")}] but its primal is ${primal.dtype}[${primal.shape.join(", ")}]; they must match`);
  }
}

/**
 * jvp on flat lists: runs f on dual numbers (primals[i] + ε·tangents[i]) and returns the outputs
 * with their tangents. A tangent that is symbolically zero is returned as a zero tensor.
 */
export function jvpFlat(
  f: (...xs: AnyTensor[]) => readonly AnyTensor[], primals: readonly AnyTensor[], tangents: readonly AnyTensor[],
): [AnyTensor[], AnyTensor[]] {
  primals.forEach((x, i) => checkTangent("jvp", i, x, tangents[i] ?? x));
  return withMain("jvp", (main) => new JvpTrace(main), undefined, (main) => {
    const trace = new JvpTrace(main);
    const inputs = primals.map((x, i) => wrapTracer(new JvpTracer(trace, x, tangents[i] ?? null), avalOf(x)));
    const outs = f(...inputs).map((o) => unpackOrConst(trace, o));
    return [outs.map((o) => o.primal), outs.map((o) => instantiate(o.tangent, o.primal))];
  });
}

const unpackOrConst = (trace: JvpTrace, x: AnyTensor): JvpTracer => {
  const r = x[REPR];
  if (r instanceof JvpTracer && r.trace.main === trace.main) return r;
  return unpack(trace.pure(x)); // an output that does not depend on the inputs
};

/** Like jvpFlat but keeps symbolic zeros as null (used by linearize). */
export function jvpFlatSymbolic(
  f: (...xs: AnyTensor[]) => readonly AnyTensor[], primals: readonly AnyTensor[], tangents: readonly Tangent[],
): [AnyTensor[], Tangent[]] {
  return withMain("jvp", (main) => new JvpTrace(main), undefined, (main) => {
    const trace = new JvpTrace(main);
    const inputs = primals.map((x, i) => wrapTracer(new JvpTracer(trace, x, tangents[i] ?? null), avalOf(x)));
    const outs = f(...inputs).map((o) => unpackOrConst(trace, o));
    return [outs.map((o) => o.primal), outs.map((o) => o.tangent)];
  });
}
