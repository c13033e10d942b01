// User-defined derivatives. `customJvp` replaces the forward-mode rule of a function (and so,
// through linearize and transpose, its reverse mode too); `customVjp` gives the reverse-mode
// rule directly. Both are used for numerical stability, e.g. softplus and logsumexp.
//
// The custom rule applies when the function is called inside jvp/grad/vjp. A function first
// traced into a Program (printProgram, jit) records the primitives of its body instead, and a
// transformation of that Program differentiates the body.

import { bind, findTopMain, wrapTracer, avalOf } from "../core/trace.js";
import { REPR, type AnyTensor } from "../tensor/tensor.js";
import { flatten, unflatten } from "../tree/tree.js";
import { instantiate } from "./jvp-rules.js";
import { JvpTrace, JvpTracer } from "./jvp-trace.js";

/** Forward-mode rule: primals and their tangents (zeros where an input has none) ↦ [output, output tangent]. */
export type JvpRuleFn<Args extends readonly AnyTensor[], R extends AnyTensor> =
  (primals: Args, tangents: Args) => readonly [R, R];

/** The JvpTracer parts of `x` at the jvp level `trace`, or (x, no tangent) for a constant. */
const partsAt = (trace: JvpTrace, x: AnyTensor): { primal: AnyTensor; tangent: AnyTensor | null } => {
  const r = x[REPR];
  if (r instanceof JvpTracer && r.trace.main === trace.main) return { primal: r.primal, tangent: r.tangent };
  return { primal: x, tangent: null };
};

/** The jvp trace that must interpret a call with these arguments, if it is a jvp. */
const jvpTraceFor = (args: readonly AnyTensor[]): JvpTrace | undefined => {
  const main = findTopMain(args);
  const trace = main.make(main);
  return trace instanceof JvpTrace ? trace : undefined;
};

/** `f` with the forward-mode derivative given by `rule` instead of by differentiating f's body. */
export function customJvp<Args extends readonly AnyTensor[], R extends AnyTensor>(
  f: (...args: Args) => R, rule: JvpRuleFn<Args, R>,
): (...args: Args) => R {
  const g = (...args: Args): R => {
    const trace = jvpTraceFor(args);
    if (trace === undefined) return f(...args);
    const parts = args.map((x) => partsAt(trace, x));
    // The rule runs one level down, so nested derivatives of the rule itself still work.
    const primals = parts.map((p) => p.primal) as unknown as Args; // same arity and types as args
    const tangents = parts.map((p) => instantiate(p.tangent, p.primal)) as unknown as Args;
    const [out, tangentOut] = rule(primals, tangents);
    return wrapTracer(new JvpTracer(trace, out, tangentOut), avalOf(out)) as R; // a tracer standing for R
  };
  return g;
}

export class ForwardModeUnavailableError extends Error {
  readonly _tag = "ForwardModeUnavailableError";
  constructor(name: string) {
    super(`jvp: "${name}" was defined with customVjp, which gives only a reverse-mode rule; use grad/vjp, or define it with customJvp`);
  }
}

/**
 * `f` with the reverse-mode derivative given by `fwd` (the output and residuals to save) and
 * `bwd` (residuals and the output cotangent ↦ one cotangent per argument).
 */
export function customVjp<Args extends readonly AnyTensor[], R extends AnyTensor, Res>(
  f: (...args: Args) => R,
  fwd: (...args: Args) => readonly [R, Res],
  bwd: (residuals: Res, cotangent: R) => { readonly [K in keyof Args]: AnyTensor | null },
  name = f.name || "customVjp",
): (...args: Args) => R {
  return (...args: Args): R => {
    const trace = jvpTraceFor(args);
    if (trace === undefined) return f(...args);
    const parts = args.map((x) => partsAt(trace, x));
    const [out, res] = fwd(...(parts.map((p) => p.primal) as unknown as Args)); // primals of the same types
    if (parts.every((p) => p.tangent === null)) return wrapTracer(new JvpTracer(trace, out, null), avalOf(out)) as R;
    const tangents = parts.map((p) => instantiate(p.tangent, p.primal));
    // The residuals are operands of the linear map, so linearize keeps them as constants of
    // the linear program and the transpose hands their values to bwd.
    const [resLeaves, resDef] = flatten(res);
    const tangentOut = bind("customLinear", [...resLeaves, ...tangents], {
      name,
      rule: {
        out: avalOf(out),
        residuals: resLeaves.length,
        apply: () => {
          throw new ForwardModeUnavailableError(name);
        },
        // the residual leaves rebuild fwd's Res; the cotangent has the output's type R
        transpose: (ct, residuals) => bwd(unflatten(resDef, residuals) as Res, ct as R),
      },
    });
    return wrapTracer(new JvpTracer(trace, out, tangentOut), avalOf(out)) as R; // a tracer standing for R
  };
}
