// The differentiation API over parameter trees. Every function here is derived from three
// mechanisms: jvp (dual numbers), linearize (jvp + partial evaluation) and transpose.
//
//   jvp(f, primals, tangents)   (a → b) → a → T a → (b, T b)
//   linearize(f, ...primals)    (a → b) → a → (b, T a ⊸ T b)
//   vjp(f, ...primals)          (a → b) → a → (b, T b ⊸ T a)        = transpose ∘ linearize
//   grad(f)                     (a → R) → a → T a                   = vjp seeded with 1

import { full } from "../core/lax.js";
import type { Program } from "../core/program.js";
import type { FloatDType } from "../tensor/dtype.js";
import { Tensor, type AnyTensor } from "../tensor/tensor.js";
import { flatten, unflatten, type Grad, type Tangent, type TreeDef } from "../tree/tree.js";
import { assertSameStructure } from "../tree/tree.js";
import { jvpFlat } from "./jvp-trace.js";
import { linearizeFlat } from "./linearize.js";
import { evalProgram } from "../core/eval-program.js";
import { transposeProgram } from "./transpose.js";

export class GradError extends TypeError {
  readonly _tag = "GradError";
}

/** A scalar loss: what grad and valueAndGrad differentiate. */
export type Scalar = Tensor<[], FloatDType>;

// -- flattening whole argument lists ---------------------------------------------------------

interface FlatArgs {
  readonly leaves: AnyTensor[];
  readonly def: TreeDef;
}
const flattenArgs = (args: readonly unknown[]): FlatArgs => {
  const [leaves, def] = flatten([...args]);
  return { leaves, def };
};
const unflattenArgs = (def: TreeDef, leaves: readonly AnyTensor[]): unknown[] => {
  const out = unflatten(def, leaves);
  if (!Array.isArray(out)) throw new Error("internal: argument list did not unflatten to an array");
  return out;
};

/** Wraps a tree function as a function of flat leaves; records the output structure. (Also used
 *  by the Jacobians; not part of the package's API.) */
export function flatFunction(f: (...args: never[]) => unknown, def: TreeDef) {
  let outDef: TreeDef | undefined;
  const flat = (...leaves: AnyTensor[]): AnyTensor[] => {
    const out = (f as (...args: unknown[]) => unknown)(...unflattenArgs(def, leaves));
    const [outLeaves, d] = flatten(out);
    outDef = d;
    return outLeaves;
  };
  const outputDef = (): TreeDef => {
    if (outDef === undefined) throw new Error("internal: the function has not run yet");
    return outDef;
  };
  return { flat, outputDef };
}

// -- jvp ---------------------------------------------------------------------------------------

/**
 * Forward mode: `jvp(f, [x, y], [dx, dy])` returns `[f(x, y), ∂f(x, y)·(dx, dy)]`. Primals and
 * tangents are trees of identical structure; the tangent output has the output's type.
 */
export function jvp<Args extends readonly unknown[], R>(
  f: (...args: Args) => R, primals: Args, tangents: { readonly [K in keyof Args]: Tangent<Args[K]> },
): [R, Tangent<R>] {
  assertSameStructure("jvp", primals, tangents);
  const { leaves, def } = flattenArgs(primals);
  const tLeaves = flattenArgs(tangents).leaves;
  const { flat, outputDef } = flatFunction(f, def);
  const [outs, touts] = jvpFlat(flat, leaves, tLeaves);
  return [unflatten(outputDef(), outs) as R, unflatten(outputDef(), touts) as Tangent<R>]; // rebuilt with f's own output structure
}

// -- linearize and vjp -----------------------------------------------------------------------------

/** The linear map of a linearization, with its program for printing. */
export interface LinearFunction<Args extends readonly unknown[], R> {
  (...tangents: { readonly [K in keyof Args]: Tangent<Args[K]> }): Tangent<R>;
  /** The linear program: inputs are the tangents' leaves, consts the residuals. */
  readonly program: Program;
}

/** `linearize(f, x)` returns `[f(x), t ↦ ∂f(x)·t]`; evaluating the map runs only the linear program. */
export function linearize<Args extends readonly unknown[], R>(f: (...args: Args) => R, ...primals: Args): [R, LinearFunction<Args, R>] {
  const { leaves, def } = flattenArgs(primals);
  const { flat, outputDef } = flatFunction(f, def);
  const lin = linearizeFlat(flat, leaves);
  const outDef = outputDef();
  const apply = (...tangents: { readonly [K in keyof Args]: Tangent<Args[K]> }): Tangent<R> => {
    assertSameStructure("linearize", primals, tangents);
    return unflatten(outDef, evalProgram(lin.linear, flattenArgs(tangents).leaves)) as Tangent<R>; // f's output structure
  };
  return [unflatten(outDef, lin.outputs) as R, Object.assign(apply, { program: lin.linear })];
}

/** The pullback of a vjp, with its (transposable) linear program for printing. */
export interface Pullback<Args extends readonly unknown[], R> {
  (cotangent: Grad<R>): { -readonly [K in keyof Args]: Grad<Args[K]> };
  readonly program: Program;
}

/** `vjp(f, x)` returns `[f(x), ȳ ↦ ∂f(x)ᵀ·ȳ]`, the pullback obtained by transposing the linearization. */
export function vjp<Args extends readonly unknown[], R>(f: (...args: Args) => R, ...primals: Args): [R, Pullback<Args, R>] {
  const { leaves, def } = flattenArgs(primals);
  const { flat, outputDef } = flatFunction(f, def);
  const lin = linearizeFlat(flat, leaves);
  const outDef = outputDef();
  const out = unflatten(outDef, lin.outputs) as R; // f's own output structure
  const pullback = (cotangent: Grad<R>) => {
    assertSameStructure("vjp", out, cotangent);
    const cts = transposeProgram(lin.linear, flatten(cotangent)[0]);
    return unflattenArgs(def, cts) as { -readonly [K in keyof Args]: Grad<Args[K]> }; // the primals' structure
  };
  return [out, Object.assign(pullback, { program: lin.linear })];
}

// -- grad and valueAndGrad --------------------------------------------------------------------

export interface GradOptions<N extends number | readonly number[] = number, Aux extends boolean = boolean> {
  /** Which positional arguments to differentiate (default 0). */
  readonly argnums?: N;
  /** f returns `[loss, aux]`; aux is passed through undifferentiated. */
  readonly hasAux?: Aux;
}

/** The gradient(s) for argnums N: one tree for a number, a tuple for a list. */
export type GradsFor<Args extends readonly unknown[], N> =
  N extends number ? Grad<Args[N]>
  : N extends readonly number[] ? { -readonly [K in keyof N]: Grad<Args[N[K] & number]> }
  : never;

/** What f returns: its loss V (a scalar tensor), or [loss, aux] with hasAux. */
type LossOf<Aux extends boolean, A, V extends Scalar = Scalar> = Aux extends true ? readonly [V, A] : V;

const describeOutput = (x: unknown): string =>
  x instanceof Tensor ? `a tensor of shape [${x.shape.join(", ")}] (${x.dtype})` : Array.isArray(x) ? `an array of length ${x.length}` : `a ${typeof x}`;

function splitAux(out: unknown, hasAux: boolean): [AnyTensor, unknown] {
  if (hasAux) {
    if (!Array.isArray(out) || out.length !== 2 || !(out[0] instanceof Tensor)) {
      throw new GradError(`valueAndGrad with hasAux: the function must return a pair [loss, aux], got ${describeOutput(out)}`);
    }
    return [out[0], out[1]];
  }
  if (!(out instanceof Tensor)) throw new GradError(`grad: the function must return a scalar tensor, got ${describeOutput(out)}`);
  return [out, undefined];
}

/**
 * `valueAndGrad(f)(...args)` returns `[f(...args), ∇f]` with ∇f of the differentiated
 * arguments' own types. With `hasAux`, f returns `[loss, aux]` and the value is `[loss, aux]`.
 */
export function valueAndGrad<
  Args extends readonly unknown[], const N extends number | readonly number[] = 0, A = never, const Aux extends boolean = false, V extends Scalar = Scalar,
>(
  f: (...args: Args) => LossOf<Aux, A, V>, options?: GradOptions<N, Aux>,
): (...args: Args) => [Aux extends true ? [V, A] : V, GradsFor<Args, N>] {
  const argnums: number | readonly number[] = options?.argnums ?? 0;
  const hasAux = options?.hasAux ?? false;
  const positions = typeof argnums === "number" ? [argnums] : [...argnums];
  // f's parameter types are Args; the flat wrapper calls it with the same values rebuilt from leaves.
  const call = f as unknown as (...xs: unknown[]) => unknown;
  return (...args: Args) => {
    positions.forEach((p) => {
      if (!Number.isInteger(p) || p < 0 || p >= args.length) throw new GradError(`grad: argnums ${p} is out of range for ${args.length} argument(s)`);
    });
    const diffArgs = positions.map((p) => args[p]);
    const { leaves, def } = flattenArgs(diffArgs);
    // Aux leaves are extra outputs of the linearized function: they come out as plain values
    // (not tracers), and receiving no cotangent they cost nothing in the backward pass.
    let auxDef: TreeDef | undefined;
    const flat = (...xs: AnyTensor[]): AnyTensor[] => {
      const parts = unflattenArgs(def, xs);
      const allArgs = [...args];
      positions.forEach((p, i) => (allArgs[p] = parts[i]));
      const [loss, a] = splitAux(call(...allArgs), hasAux);
      if (loss.shape.length !== 0) {
        throw new GradError(`grad: the function must return a scalar (shape []), got shape [${loss.shape.join(", ")}]; reduce it first (sum, mean) or use vjp/jacrev`);
      }
      const [auxLeaves, d] = flatten(a);
      auxDef = d;
      return [loss, ...auxLeaves];
    };
    const lin = linearizeFlat(flat, leaves);
    const [loss, ...auxLeaves] = lin.outputs;
    if (loss === undefined || auxDef === undefined) throw new Error("internal: missing loss");
    const cts = transposeProgram(lin.linear, [full([], 1, loss.dtype)]);
    const grads = unflattenArgs(def, cts);
    const g = typeof argnums === "number" ? grads[0] : grads;
    const aux = unflatten(auxDef, auxLeaves);
    const value = hasAux ? [loss, aux] : loss;
    return [value, g] as [Aux extends true ? [V, A] : V, GradsFor<Args, N>]; // built from the args' own structures and f's own loss
  };
}

/** `grad(f)(...args)`: the gradient of a scalar function with respect to argument 0 (or `argnums`). */
export function grad<Args extends readonly unknown[], const N extends number | readonly number[] = 0, A = never, const Aux extends boolean = false>(
  f: (...args: Args) => LossOf<Aux, A>, options?: GradOptions<N, Aux>,
): (...args: Args) => Aux extends true ? [GradsFor<Args, N>, A] : GradsFor<Args, N> {
  const vg = valueAndGrad<Args, N, A, Aux>(f, options);
  return (...args: Args) => {
    const [value, g] = vg(...args);
    return (options?.hasAux === true && Array.isArray(value) ? [g, value[1]] : g) as Aux extends true ? [GradsFor<Args, N>, A] : GradsFor<Args, N>; // hasAux decides the form
  };
}
