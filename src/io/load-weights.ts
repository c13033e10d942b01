// Weights from elsewhere (PyTorch, JAX, Hugging Face) into a typed tygrad parameter tree. The
// model's own freshly initialised parameters are the template: each leaf names the tensor it
// wants (by its tree path, or a name the caller maps it to), and the file's tensor must have the
// leaf's shape — the check at the boundary that makes the result's type true — and a dtype that
// converts to the leaf's without loss of meaning (F16/BF16 → float32 exactly, float64 → float32
// rounded, integers → int32 only when every value fits).

import * as E from "fp-ts/lib/Either.js";
import { shapesEqual } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import { Tensor, type AnyTensor } from "../tensor/tensor.js";
import { flatten, leavesWithPaths, unflatten } from "../tree/tree.js";
import type { RawArray } from "./raw.js";
import type { Safetensors } from "./safetensors.js";

export interface WeightMapping {
  /** The file's name for the leaf at `path` (default: the path itself, e.g. "1.w"). */
  readonly name?: (path: string) => string;
  /** Leaves the file stores transposed (PyTorch's Linear keeps its weight as [out, in]); 2-D leaves only. */
  readonly transposed?: (path: string) => boolean;
  /** Whether tensors that no leaf reads are an error (default false: a file may hold more). */
  readonly strict?: boolean;
}

export interface WeightsError {
  readonly _tag: "WeightsError";
  /** The leaf's path in the parameter tree, e.g. "1.w". */
  readonly path: string;
  /** The tensor's name in the file. */
  readonly tensor: string;
  readonly message: string;
}

const weightsError = (path: string, tensor: string, message: string): WeightsError => ({ _tag: "WeightsError", path, tensor, message: `treeFromSafetensors: ${message}` });

/** `raw`'s values as a tensor of `dtype`, or why they cannot be. */
function convert(raw: RawArray, dtype: DType): E.Either<string, AnyTensor> {
  const n = raw.data.length;
  if (dtype === "bool") {
    if (raw.dtype !== "uint8") return E.left(`a ${raw.dtype} tensor cannot be read as bool`);
    return E.right(new Tensor([...raw.shape], "bool", raw.data.slice()));
  }
  if (dtype === "int32") {
    if (raw.dtype === "float32") return E.left("a float tensor cannot be read as int32");
    for (let i = 0; i < n; i++) {
      const x = raw.data[i] ?? NaN;
      if (!Number.isInteger(x) || x < -(2 ** 31) || x >= 2 ** 31) return E.left(`element ${i} is ${x}, which int32 cannot hold`);
    }
    return E.right(new Tensor([...raw.shape], "int32", Int32Array.from(raw.data)));
  }
  if (raw.dtype === "uint8") return E.left(`a ${raw.dtype} tensor cannot be read as ${dtype}`);
  return E.right(new Tensor([...raw.shape], dtype, dtype === "float32" ? Float32Array.from(raw.data) : Float64Array.from(raw.data)));
}

/** A 2-D array with its axes swapped. */
function transpose2d(raw: RawArray): RawArray {
  const [r = 0, c = 0] = raw.shape;
  const data = raw.data.slice();
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[j * r + i] = raw.data[i * c + j] ?? 0;
  return { dtype: raw.dtype, shape: [c, r], data };
}

/**
 * The parameter tree shaped like `template`, its leaves read from `file`. Left names the first
 * leaf whose tensor is missing or has another shape or an unconvertible dtype (and, when
 * `strict`, the first tensor that no leaf reads); nothing partial is returned.
 */
export function treeFromSafetensors<P>(file: Safetensors, template: P, mapping: WeightMapping = {}): E.Either<WeightsError, P> {
  const nameOf = mapping.name ?? ((path: string) => path);
  const [, def] = flatten(template);
  const leaves: AnyTensor[] = [];
  const used = new Set<string>();
  for (const [path, expected] of leavesWithPaths(template)) {
    const tensor = nameOf(path);
    used.add(tensor);
    const found = file.tensors.get(tensor);
    const wanted = `${expected.dtype}[${expected.shape.join(", ")}]`;
    if (found === undefined) return E.left(weightsError(path, tensor, `${path}: the file has no tensor ${JSON.stringify(tensor)} (expected ${wanted})`));
    const flip = mapping.transposed?.(path) === true;
    if (flip && found.shape.length !== 2) return E.left(weightsError(path, tensor, `${path}: tensor ${JSON.stringify(tensor)} has shape [${found.shape.join(", ")}]; only 2-D tensors can be read transposed`));
    const raw = flip ? transpose2d(found) : found;
    if (!shapesEqual(raw.shape, expected.shape)) {
      const stored = flip ? ` (stored as [${found.shape.join(", ")}], read transposed)` : "";
      return E.left(weightsError(path, tensor, `${path}: tensor ${JSON.stringify(tensor)} has shape [${raw.shape.join(", ")}]${stored}, but the model expects [${expected.shape.join(", ")}]`));
    }
    const converted = convert(raw, expected.dtype);
    if (E.isLeft(converted)) {
      const stored = file.dtypes.get(tensor) ?? raw.dtype;
      return E.left(weightsError(path, tensor, `${path}: tensor ${JSON.stringify(tensor)} (${stored}) does not fit ${wanted}: ${converted.left}`));
    }
    leaves.push(converted.right);
  }
  if (mapping.strict === true) {
    const extra = [...file.tensors.keys()].find((name) => !used.has(name));
    if (extra !== undefined) return E.left(weightsError("", extra, `tensor ${JSON.stringify(extra)} is read by no parameter (strict)`));
  }
  return E.right(unflatten(def, leaves) as P); // the template's own structure, leaf by leaf, with its shapes and dtypes checked
}
