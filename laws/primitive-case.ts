// A primitive application: the primitive, its static parameters and its operands (each marked
// differentiable or fixed). The derivative laws see it as the LawCase "bind this primitive";
// the abstract-evaluation law uses its parts directly.

import type { Params, PrimTag } from "../src/core/primitives.js";
import { bind } from "../src/core/trace.js";
import { Tensor, type AnyTensor } from "../src/tensor/tensor.js";
import { lawCase, show, showStatics, substitute, type Arg, type LawCase } from "./cases.js";
import type { Precision } from "./tolerance.js";

export interface PrimApplication<P extends PrimTag = PrimTag> {
  readonly prim: P;
  readonly params: Params<P>;
  readonly operands: readonly Arg[];
}

/** A primitive application of any primitive (prim and params kept in step). */
export type AnyPrimApplication = { readonly [P in PrimTag]: PrimApplication<P> }[PrimTag];

export const application = <P extends PrimTag>(prim: P, params: Params<P>, operands: readonly Arg[]): PrimApplication<P> =>
  ({ prim, params, operands });

const asTensors = (prim: string, values: readonly unknown[]): AnyTensor[] =>
  values.map((v, i) => {
    if (!(v instanceof Tensor)) throw new TypeError(`laws: operand ${i} of ${prim} must be a tensor, got ${show(v)}`);
    return v;
  });

/** The operands' values, with the differentiable ones replaced by `xs`. */
export const operandsWith = (app: PrimApplication, xs: readonly AnyTensor[]): AnyTensor[] =>
  asTensors(app.prim, substitute(app.operands, xs));

/** The operands' own values. */
export const operandValues = (app: PrimApplication): AnyTensor[] =>
  operandsWith(app, app.operands.flatMap((a) => (a._tag === "diff" ? [a.value] : [])));

/** Applies the primitive to operands (concrete or traced). */
export const applyPrimitive = <P extends PrimTag>(app: PrimApplication<P>, operands: readonly AnyTensor[]): AnyTensor =>
  bind(app.prim, operands, app.params);

/** Static parameters for messages (a customLinear rule shows only its name). */
const showParams = (params: object): string =>
  Object.entries(params).map(([k, v]) => `${k}=${typeof v === "object" && v !== null && !Array.isArray(v) ? "<rule>" : show(v)}`).join(" ");

/** The application as a LawCase: a function of its differentiable operands. */
export function primitiveCase(app: PrimApplication, precision: Precision = "float64"): LawCase {
  const params = showParams(app.params);
  const statics = [params === "" ? "" : `params ${params}`, showStatics(app.operands)].filter((s) => s !== "").join("; ");
  return lawCase({
    label: app.prim,
    inputs: app.operands.flatMap((a) => (a._tag === "diff" ? [a.value] : [])),
    f: (...xs) => [applyPrimitive(app, operandsWith(app, xs))],
    statics,
    precision,
  });
}
