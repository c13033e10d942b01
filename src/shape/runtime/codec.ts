// An io-ts codec for shapes arriving as unknown data (JSON, checkpoints): decodes to the typed
// shape its spec describes, with the same messages as refineShape.
import * as t from "io-ts";
import * as E from "fp-ts/lib/Either.js";
import { refineShape, specToString, type DimSpec, type FromSpec } from "./refine.js";

const isNumberArray = (u: unknown): u is readonly number[] => Array.isArray(u) && u.every((d) => typeof d === "number");

const describe = (u: unknown): string => {
  try {
    return JSON.stringify(u) ?? String(u);
  } catch {
    return String(u);
  }
};

/** Codec: unknown → FromSpec<Spec>, encoding back to a plain number array. */
export function ShapeCodec<const Spec extends readonly DimSpec[]>(spec: Spec): t.Type<FromSpec<Spec>, readonly number[], unknown> {
  return new t.Type<FromSpec<Spec>, readonly number[], unknown>(
    `Shape${specToString(spec)}`,
    (u): u is FromSpec<Spec> => isNumberArray(u) && E.isRight(refineShape(u, spec)),
    (u, context) => {
      if (!isNumberArray(u)) return t.failure(u, context, `expected a shape (an array of numbers), got ${describe(u)}`);
      const r = refineShape(u, spec);
      return E.isRight(r) ? t.success(r.right) : t.failure(u, context, r.left.message);
    },
    (shape) => [...shape],
  );
}
