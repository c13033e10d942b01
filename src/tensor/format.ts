// NumPy-like printing: nested brackets, aligned columns, and "..." in the middle of long axes.

import type { AnyData, DType } from "./dtype.js";

/** Axes longer than this print their first and last EDGE items only. */
const THRESHOLD = 1000;
const EDGE = 3;

const formatNumber = (v: number, dtype: DType): string => {
  if (dtype === "bool") return v !== 0 ? "true" : "false";
  if (dtype === "int32") return String(v);
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.`;
  const a = Math.abs(v);
  return a >= 1e-4 && a < 1e8 ? String(Number(v.toPrecision(dtype === "float32" ? 6 : 8))) : v.toExponential(4);
};

export function formatTensor(data: AnyData, shape: readonly number[], dtype: DType): string {
  const size = data.length;
  const elide = size > THRESHOLD;
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i] ?? 1;
  }
  // Collect the printed cells first so columns can share one width.
  const indices = (n: number): (number | null)[] =>
    elide && n > 2 * EDGE ? [...Array.from({ length: EDGE }, (_, i) => i), null, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)] : Array.from({ length: n }, (_, i) => i);
  let width = 0;
  const visitWidths = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      width = Math.max(width, formatNumber(data[offset] ?? 0, dtype).length);
      return;
    }
    for (const i of indices(shape[axis] ?? 0)) if (i !== null) visitWidths(axis + 1, offset + i * (strides[axis] ?? 1));
  };
  visitWidths(0, 0);
  const render = (axis: number, offset: number, indent: string): string => {
    if (axis === shape.length) return formatNumber(data[offset] ?? 0, dtype).padStart(width);
    const parts = indices(shape[axis] ?? 0).map((i) => (i === null ? "..." : render(axis + 1, offset + i * (strides[axis] ?? 1), indent + " ")));
    const sep = axis === shape.length - 1 ? ", " : "," + "\n".repeat(shape.length - axis - 1) + indent + " ";
    return `[${parts.join(sep)}]`;
  };
  const body = render(0, 0, "tensor(".replace(/./g, " "));
  const suffix = dtype === "float32" ? "" : `, dtype=${dtype}`;
  return `tensor(${body}${suffix})`;
}
