// The boundary between untyped data and typed tensors. `refineTensor` checks a tensor whose
// shape is only known at runtime against a spec and returns it with a precise type;
// `TensorCodec` (io-ts) decodes unknown input — nested arrays, or `{ shape, data }` — into a
// typed tensor. Both return Either, with an error saying which dim was expected to be what.
//
//   const x = refineTensor(loaded, [null, 784]);   // Either<ShapeRefineError, Tensor<[number, 784]>>
//   TensorCodec([null, 2], "float64").decode(JSON.parse(text))

import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import * as t from "io-ts";
import { refineShape, type DimSpec, type FromSpec, type ShapeRefineError } from "../shape/index.js";
import { arrayFrom, checkInt32Values, isDType, type DType } from "./dtype.js";
import { flattenNested, RaggedArrayError, type NestedInput } from "./nested.js";
import { Tensor, type AnyTensor } from "./tensor.js";

export interface DTypeMismatch {
  readonly _tag: "DTypeMismatch";
  readonly expected: DType;
  readonly actual: DType;
  readonly message: string;
}

/** The same tensor, typed by `spec`, when its shape and dtype fit. */
export function refineTensor<const Spec extends readonly DimSpec[], D extends DType = "float32">(
  x: AnyTensor, spec: Spec, dtype?: D,
): E.Either<ShapeRefineError | DTypeMismatch, Tensor<FromSpec<Spec>, D>> {
  const want: DType = dtype ?? "float32";
  if (x.dtype !== want) return E.left({ _tag: "DTypeMismatch", expected: want, actual: x.dtype, message: `expected a ${want} tensor, got ${x.dtype}` });
  // refineShape checked every dim against the spec, which is what the type states.
  return pipe(refineShape(x.shape, spec), E.map(() => x as Tensor<FromSpec<Spec>, D>));
}

const isNested = (u: unknown): u is NestedInput =>
  typeof u === "number" || typeof u === "boolean" || (Array.isArray(u) && u.every(isNested));

const isShapeAndData = (u: unknown): u is { readonly shape: readonly number[]; readonly data: readonly number[] } =>
  typeof u === "object" && u !== null && "shape" in u && "data" in u &&
  Array.isArray(u.shape) && u.shape.every((d: unknown) => typeof d === "number") &&
  Array.isArray(u.data) && u.data.every((v: unknown) => typeof v === "number");

/** An io-ts codec for tensors of the given shape spec and dtype; encodes to `{ shape, data }`. */
export function TensorCodec<const Spec extends readonly DimSpec[], D extends DType = "float32">(spec: Spec, dtype?: D) {
  const d = (dtype ?? "float32") as D; // D defaults to "float32" exactly when dtype is omitted
  if (!isDType(d)) throw new TypeError(`TensorCodec: unknown dtype ${JSON.stringify(d)}`);
  type Out = Tensor<FromSpec<Spec>, D>;
  const is = (u: unknown): u is Out => u instanceof Tensor && E.isRight(refineTensor(u, spec, d));
  return new t.Type<Out, { readonly shape: readonly number[]; readonly data: readonly number[] }, unknown>(
    `Tensor<[${spec.map((s) => (s === null ? "number" : typeof s === "string" ? `"${s}"` : String(s))).join(", ")}], ${d}>`,
    is,
    (u, c) => {
      let shape: readonly number[];
      let values: ArrayLike<number>;
      if (u instanceof Tensor) return pipe(refineTensor(u, spec, d), E.fold((e) => t.failure(u, c, e.message), (x) => t.success(x)));
      if (isShapeAndData(u)) {
        shape = u.shape;
        values = u.data;
        const n = shape.reduce((a, b) => a * b, 1);
        if (!shape.every((x) => Number.isSafeInteger(x) && x >= 0)) return t.failure(u, c, `shape [${shape.join(", ")}] must hold non-negative integers`);
        if (values.length !== n) return t.failure(u, c, `shape [${shape.join(", ")}] needs ${n} values, got ${values.length}`);
      } else if (isNested(u)) {
        try {
          const flat = flattenNested(u);
          shape = flat.shape;
          values = flat.values;
        } catch (e) {
          return t.failure(u, c, e instanceof RaggedArrayError ? e.message : String(e));
        }
      } else {
        return t.failure(u, c, "expected nested arrays of numbers or { shape, data }");
      }
      if (d === "int32") {
        try {
          checkInt32Values("TensorCodec", values);
        } catch (e) {
          return t.failure(u, c, e instanceof Error ? e.message : String(e));
        }
      }
      const tensor = new Tensor(shape, d, arrayFrom(d, values));
      return pipe(refineTensor(tensor, spec, d), E.fold((e) => t.failure(u, c, e.message), (x) => t.success(x)));
    },
    (x) => ({ shape: [...x.shape], data: Array.from(x.toArray()) }),
  );
}
