// scan: a loop over the leading axis of `xs` that threads a carry through the steps (JAX's
// lax.scan):
//
//   scan(f, c₀, xs) = (c_T, [y_0, …, y_{T-1}])   where (c_{t+1}, y_t) = f(c_t, xs[t])
//
// f is traced once into a Program and the loop is one `scan` equation whose body is that
// Program, so a 512-step recurrence is one equation (and one compiled body under jit), not 512
// copies of it. The carry and xs are parameter trees; the carry f returns must have the
// structure, shapes and dtypes of the one it was given. A PRNG key may be carried (it travels
// as its words, like a key passed to jit), so a body can split a fresh key every step.
// Differentiable (its vjp is a scan running backwards), batchable with vmap, and compiled by jit.

import type { ScanParams } from "../core/primitives.js";
import type { Program } from "../core/program.js";
import { hoistConsts, packedDType, scanPieces, unpackScan } from "../core/scan-layout.js";
import { traceToProgram } from "../core/staging.js";
import { avalOf, bind, type Aval } from "../core/trace.js";
import type { Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import { Tensor, type AnyTensor } from "../tensor/tensor.js";
import { flattenWithKeys, keyFromWords } from "../random/staged.js";
import { flatten, isKept, leavesWithPaths, unflatten, type Kept, type Static, type TreeDef } from "../tree/tree.js";

/** A scan whose arguments or body do not fit together: names the tree path and the shapes. */
export class ScanError extends TypeError {
  readonly _tag = "ScanError";
}

/**
 * T with a leading axis of N steps on every tensor leaf: Tensor<S, D> ↦ Tensor<[N, ...S], D>
 * (readonly tuples and records stay readonly, so `[a, b] as const` is accepted as xs).
 */
export type Stacked<T, N extends number> =
  T extends Tensor<infer S extends Shape, infer D extends DType> ? (number extends S["length"] ? T : Tensor<[N, ...S], D>)
  : T extends Static | Kept ? T
  : { [K in keyof T]: Stacked<T[K], N> };

/** The number of steps a tree of xs gives: the leading dim of its tensor leaves (number when they do not say, or hold none). */
export type StepsOf<T> = OrNumber<LeadingDims<T>>;
type OrNumber<N> = [N] extends [never] ? number : IsUnion<N> extends true ? number : N extends number ? N : number;
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
type LeadingDims<T> =
  T extends Tensor<infer S extends Shape, DType> ? (S extends readonly [infer N extends number, ...Shape] ? N : number)
  : T extends Static | Kept ? never
  : T extends readonly unknown[] ? LeadingDims<T[number]>
  : { [K in keyof T]: LeadingDims<T[K]> }[keyof T];

export interface ScanOptions {
  /** The number of steps; needed only when xs holds no tensor (default: the leading dim of xs). */
  readonly length?: number;
  /** Run the steps from the last to the first (ys stay at their step's index). */
  readonly reverse?: boolean;
}

const show = (a: Aval): string => `${a.dtype}[${a.shape.join(", ")}]`;
const at = (what: string, path: string): string => (path === "" ? what : `${what}.${path}`);

function noKeys(tree: unknown, what: string): void {
  const [, def] = flatten(tree);
  const walk = (d: TreeDef): void => {
    if (d._tag === "static" && isKept(d.value)) throw new ScanError(`scan: ${what} holds a PRNG key, which only the carry can hold; carry the key (split it in the body), or pass draws as xs`);
    if (d._tag === "array" || d._tag === "record") d.children.forEach(walk);
  };
  walk(def);
}

/** The number of steps: every xs leaf's leading dim (which must agree), or `length`. */
function stepsOf(xs: unknown, length: number | undefined): number {
  let found: { readonly path: string; readonly n: number } | undefined;
  for (const [path, leaf] of leavesWithPaths(xs)) {
    const n = leaf.shape[0];
    if (n === undefined) throw new ScanError(`scan: ${at("xs", path)} is a scalar, so it has no steps to loop over; give it a leading axis`);
    if (found === undefined) found = { path, n };
    else if (found.n !== n) throw new ScanError(`scan: every xs leaf needs the same leading dim (the steps), but ${at("xs", found.path)} has ${found.n} and ${at("xs", path)} has ${n} (shape [${leaf.shape.join(", ")}])`);
  }
  if (found !== undefined && length !== undefined && length !== found.n) throw new ScanError(`scan: length is ${length} but xs has ${found.n} steps (${at("xs", found.path)})`);
  const n = found?.n ?? length;
  if (n === undefined) throw new ScanError("scan: xs holds no tensor, so the number of steps is unknown; pass options.length");
  if (!Number.isSafeInteger(n) || n < 0) throw new ScanError(`scan: length must be a non-negative integer, got ${n}`);
  return n;
}

/** Traces `f` for one step and checks that the carry it returns matches the one it takes. */
function traceBody(
  f: (carry: unknown, x: unknown) => readonly [unknown, unknown], carryLeaves: readonly AnyTensor[], carryKeys: readonly boolean[],
  carryDef: TreeDef, xsLeaves: readonly AnyTensor[], xsDef: TreeDef,
): { readonly program: Program; readonly yDef: TreeDef } {
  let yDef: TreeDef | undefined;
  const carryPaths = leavesWithPaths(unflatten(carryDef, carryLeaves)).map(([p]) => p);
  const step = (...leaves: AnyTensor[]): AnyTensor[] => {
    // a key in the carry travels as its words and reaches the body as a key standing for them
    const carry = unflatten(carryDef, leaves.slice(0, carryLeaves.length).map((t, i) => (carryKeys[i] === true ? keyFromWords(t) : t)));
    const x = unflatten(xsDef, leaves.slice(carryLeaves.length));
    const result = f(carry, x);
    if (!Array.isArray(result) || result.length !== 2) throw new ScanError("scan: the body must return a pair [carry, y]");
    const [next, y] = result as readonly [unknown, unknown];
    noKeys(y, "the body's y");
    const { leaves: nextLeaves, keys: nextKeys, def: nextDef } = flattenWithKeys(next);
    if (JSON.stringify(nextDef) !== JSON.stringify(carryDef) || nextKeys.some((k, i) => k !== carryKeys[i])) {
      throw new ScanError(`scan: the body returns a carry of another structure than init (init ${describeDef(carryDef)}, returned ${describeDef(nextDef)}); return the same tree`);
    }
    nextLeaves.forEach((t, i) => {
      const want = carryLeaves[i];
      if (want !== undefined && (t.dtype !== want.dtype || t.shape.length !== want.shape.length || t.shape.some((d, k) => d !== want.shape[k]))) {
        throw new ScanError(`scan: the body returns ${at("carry", carryPaths[i] ?? "")} as ${show(avalOf(t))}, but init has ${show(avalOf(want))}; a carry keeps its shape and dtype`);
      }
    });
    const [yLeaves, d] = flatten(y);
    yDef = d;
    return [...nextLeaves, ...yLeaves];
  };
  const avals = [...carryLeaves.map(avalOf), ...xsLeaves.map((x) => ({ shape: x.shape.slice(1), dtype: x.dtype }))];
  const program = traceToProgram(step, avals);
  if (yDef === undefined) throw new Error("internal: the scan body did not run");
  return { program, yDef };
}

const describeDef = (d: TreeDef): string =>
  d._tag === "leaf" ? "a tensor" : d._tag === "static" ? `the static ${JSON.stringify(d.value) ?? String(d.value)}`
  : d._tag === "array" ? `an array of ${d.children.length}` : `a record {${d.keys.join(", ")}}`;

/**
 * Loops `f` over the leading axis of `xs`, threading a carry: returns the last carry and the
 * stack of every step's y. `f(carry, x)` sees one step's slice of xs and returns `[carry, y]`.
 *
 * @example
 * // a running sum and its prefix sums
 * const [total, prefix] = scan((c: Tensor<[]>, x: Tensor<[]>) => [add(c, x), add(c, x)] as const, scalar(0), xs);
 * // an RNN over 128 steps: h [B, H], xs [128, B, F]
 * const [h, hs] = scan((h, x) => { const n = tanh(add(matmul(x, p.wx), matmul(h, p.wh))); return [n, n] as const; }, h0, xs);
 */
export function scan<C, X, Y, const XS extends Stacked<X, number>>(
  f: (carry: C, x: X) => readonly [C, Y], init: C, xs: XS, options: ScanOptions = {},
): [C, Stacked<Y, StepsOf<XS>>] {
  // f is called with values of the structures C and X rebuilt from leaves.
  const step = f as unknown as (carry: unknown, x: unknown) => readonly [unknown, unknown];
  const { operands, params, results } = scanEquation(step, init, xs, options);
  const [carry, ys] = results(bind("scan", operands, params));
  return [carry as C, ys as Stacked<Y, StepsOf<XS>>]; // C's structure with its own leaves; Y's leaves stacked over the steps
}

/**
 * The scan equation `scan(f, init, xs)` binds: its operands and params, and how its packed
 * output becomes the carry and ys trees (used by scan, and by the laws to apply the primitive).
 */
export function scanEquation(
  f: (carry: unknown, x: unknown) => readonly [unknown, unknown], init: unknown, xs: unknown, options: ScanOptions = {},
): { readonly operands: readonly AnyTensor[]; readonly params: ScanParams; readonly results: (packed: AnyTensor) => [unknown, unknown] } {
  noKeys(xs, "xs");
  const length = stepsOf(xs, options.length);
  const { leaves: carryLeaves, keys: carryKeys, def: carryDef } = flattenWithKeys(init);
  const [xsLeaves, xsDef] = flatten(xs);
  const { program, yDef } = traceBody(f, carryLeaves, carryKeys, carryDef, xsLeaves, xsDef);
  const { body, captured } = hoistConsts(program);
  const params: ScanParams = {
    body, length, consts: captured.length, carries: carryLeaves.length, reverse: options.reverse ?? false,
    dtype: packedDType(body.outputs.map((o) => o.aval.dtype)),
  };
  const results = (packed: AnyTensor): [unknown, unknown] => {
    const parts = unpackScan(packed, scanPieces(body, params.carries, length));
    const carries = parts.slice(0, params.carries).map((t, i) => (carryKeys[i] === true ? keyFromWords(t) : t));
    return [unflatten(carryDef, carries), unflatten(yDef, parts.slice(params.carries))];
  };
  return { operands: [...captured, ...carryLeaves, ...xsLeaves], params, results };
}
