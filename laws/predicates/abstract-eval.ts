// Law: abstract evaluation agrees with evaluation. For a primitive applied to concrete operands,
// abstractEval (shapes and dtypes only) predicts the output's shape and dtype; the reference
// kernel (impl) computes the data. The prediction is right when the kernel produced exactly as
// many elements as the predicted shape holds, in the typed array that stores the predicted
// dtype. Many kernels size their output from their inputs (gather, dot, reductions,
// elementwise), so a wrong shape rule shows up as a length mismatch.

import { abstractEvalRules } from "../../src/core/abstract-eval.js";
import type { Params, PrimTag } from "../../src/core/primitives.js";
import { applyImpl } from "../../src/core/impl/index.js";
import { avalOf, type Aval } from "../../src/core/trace.js";
import type { AnyData, DType } from "../../src/tensor/dtype.js";
import { concreteData } from "../../src/tensor/tensor.js";
import { show } from "../cases.js";
import { operandValues, type PrimApplication } from "../primitive-case.js";

export interface AbstractEvalResult {
  readonly law: "abstractEval agrees with impl";
  readonly ok: boolean;
  readonly predicted: Aval;
  /** Elements the kernel produced, and the typed array they are stored in. */
  readonly length: number;
  readonly storage: string;
  readonly summary: string;
}

const STORAGE: { readonly [D in DType]: string } = { float32: "Float32Array", float64: "Float64Array", int32: "Int32Array", bool: "Uint8Array" };

const storageOf = (data: AnyData): string => data.constructor.name;

/** A table of shape rules like abstractEvalRules (a parameter so that a broken copy can be checked too). */
export type AbstractRules = { readonly [P in PrimTag]: (inputs: readonly Aval[], params: Params<P>) => Aval };

const ruleOf = <P extends PrimTag>(rules: AbstractRules, prim: P): ((inputs: readonly Aval[], params: Params<P>) => Aval) => rules[prim];

export function abstractEvalMatchesImpl(app: PrimApplication, rules: AbstractRules = abstractEvalRules): AbstractEvalResult {
  const operands = operandValues(app);
  const predicted = ruleOf(rules, app.prim)(operands.map(avalOf), app.params);
  const hosts = operands.map((x) => ({ shape: x.shape, dtype: x.dtype, data: concreteData(x, app.prim) }));
  const data = applyImpl(app.prim, hosts, app.params, predicted);
  const expectedLength = predicted.shape.reduce((n, d) => n * d, 1);
  const ok = data.length === expectedLength && storageOf(data) === STORAGE[predicted.dtype];
  const summary = ok
    ? `${app.prim}: abstractEval agrees with impl`
    : `${app.prim} on ${operands.map(show).join(", ")}: abstractEval predicts ${predicted.dtype}[${predicted.shape.join(",")}] ` +
      `(${expectedLength} elements in a ${STORAGE[predicted.dtype]}), but impl produced ${data.length} elements in a ${storageOf(data)}`;
  return { law: "abstractEval agrees with impl", ok, predicted, length: data.length, storage: storageOf(data), summary };
}
