// Running an exported model in ONNX Runtime (CPU) and comparing its outputs with tygrad's.

import * as ort from "onnxruntime-node";
import type { AnyTensor } from "../../src/tensor/tensor.js";

export interface OrtOutput {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number>;
}

const ORT_TYPE = { float32: "float32", float64: "float64", int32: "int32", bool: "bool" } as const;

export const ortTensor = (x: AnyTensor): ort.Tensor => new ort.Tensor(ORT_TYPE[x.dtype], x.toArray(), [...x.shape]);

export const session = (bytes: Uint8Array): Promise<ort.InferenceSession> => ort.InferenceSession.create(bytes);

/** The outputs of `bytes` on `feeds`, as plain dims and numbers. */
export async function runOrt(s: ort.InferenceSession, feeds: Readonly<Record<string, AnyTensor>>): Promise<Record<string, OrtOutput>> {
  const result = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, ortTensor(v)])));
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, { dims: [...v.dims], data: v.data as ArrayLike<number> }]));
}

/** max |a − b| over the elements (NaN when the lengths differ or an element is NaN on one side only). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return NaN;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Number(a[i]), y = Number(b[i]);
    if (Number.isNaN(x) !== Number.isNaN(y)) return NaN;
    if (!Number.isNaN(x)) m = Math.max(m, x === y ? 0 : Math.abs(x - y));
  }
  return m;
}

/** Largest |a − b| / (atol + rtol·|b|): at most 1 means equal within float tolerance. */
export function toleranceRatio(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, rtol: number): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Number(a[i]), y = Number(b[i]);
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y) ? m : Infinity;
    if (x !== y) m = Math.max(m, Math.abs(x - y) / (atol + rtol * Math.abs(y)));
  }
  return m;
}
