// The boundary between untyped shapes (from files, JSON, user input) and typed ones: check a
// runtime shape against a spec and, if it fits, give it the type the spec describes.
//
//   refineShape([32, 784], ["batch", 784])  →  right([32, 784]) : [Named<"batch">, 784]
//   refineShape([3, 783], [null, 784])      →  left("dim 1 is 783 in [3, 783], expected 784")
import * as E from "fp-ts/lib/Either.js";
import type { Named } from "../dim.js";
import { shapeToString } from "./show.js";

/** One entry of a spec: a literal size (that size exactly), `null` (any size, typed `number`),
 *  or a name (any size, typed `Named<name>`; every dim with that name must have the same size). */
export type DimSpec = number | string | null;

/** The shape type a spec describes: [null, 784] → [number, 784]; ["batch", 10] →
 *  [Named<"batch">, 10]. */
export type FromSpec<Spec extends readonly DimSpec[]> = {
  -readonly [K in keyof Spec]: Spec[K] extends number ? Spec[K] : Spec[K] extends string ? Named<Spec[K]> : number;
};

/** Why a shape does not fit its spec. `dim` is the index of the offending dim (undefined when
 *  the rank is wrong). */
export interface ShapeRefineError {
  readonly _tag: "ShapeRefineError";
  readonly shape: readonly number[];
  readonly spec: readonly DimSpec[];
  readonly dim: number | undefined;
  readonly message: string;
}

/** A spec as text: ["batch", null, 784]. */
export const specToString = (spec: readonly DimSpec[]): string =>
  `[${spec.map((d) => (typeof d === "string" ? JSON.stringify(d) : String(d))).join(", ")}]`;

/** The first way in which `shape` does not fit `spec`, or undefined when it fits. */
function misfit(shape: readonly number[], spec: readonly DimSpec[]): ShapeRefineError | undefined {
  const fail = (dim: number | undefined, message: string): ShapeRefineError =>
    ({ _tag: "ShapeRefineError", shape, spec, dim, message });
  const shown = shapeToString(shape);
  const bad = shape.findIndex((d) => !(Number.isSafeInteger(d) && d >= 0));
  if (bad >= 0) return fail(bad, `dim ${bad} is ${String(shape[bad])} in ${shown}, expected a non-negative integer`);
  if (shape.length !== spec.length) {
    return fail(undefined, `rank is ${shape.length} in ${shown}, expected ${spec.length} (spec ${specToString(spec)})`);
  }
  const bound = new Map<string, number>();
  for (const [i, want] of spec.entries()) {
    const got = shape[i] ?? 0;
    if (typeof want === "number" && got !== want) return fail(i, `dim ${i} is ${got} in ${shown}, expected ${want}`);
    if (typeof want === "string") {
      const earlier = bound.get(want);
      if (earlier !== undefined && earlier !== got) {
        return fail(i, `dim ${i} (${JSON.stringify(want)}) is ${got} in ${shown}, but ${JSON.stringify(want)} was already bound to ${earlier}`);
      }
      bound.set(want, got);
    }
  }
  return undefined;
}

/** `shape` typed as its spec describes (a frozen copy), or why it does not fit: a dim that is
 *  not a non-negative integer, a different rank, a dim other than its literal, or a name bound
 *  to two sizes. */
export function refineShape<const Spec extends readonly DimSpec[]>(
  shape: readonly number[],
  spec: Spec,
): E.Either<ShapeRefineError, FromSpec<Spec>> {
  const why = misfit(shape, spec);
  if (why !== undefined) return E.left(why);
  // The checks above are what FromSpec<Spec> states (each literal matched, names consistent,
  // every dim a number); the compiler cannot follow a runtime check into a mapped type.
  const refined = Object.freeze([...shape]) as unknown as FromSpec<Spec>;
  return E.right(refined);
}
