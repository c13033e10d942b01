// Strided views: how the structural primitives (broadcast, reshape, transpose, slice) are
// compiled without copying. A view reads element i = (i_0, …, i_{r−1}) of its shape at
//
//     base[offset + Σ_a i_a · strides[a]]
//
// from a row-major base value (or from a scalar literal, whose every element is the same). A
// broadcast axis has stride 0, a transpose permutes strides, a slice scales them and moves the
// offset, and a reshape keeps the strides' structure when it only splits or merges axes that are
// already laid out contiguously. Views compose, so a chain of them is one view of its root.

import type { Var } from "../../core/program.js";

export type ViewBase =
  | { readonly _tag: "var"; readonly v: Var }
  | { readonly _tag: "literal"; readonly value: number };

export interface View {
  readonly base: ViewBase;
  /** In elements of the base. */
  readonly offset: number;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/** Row-major strides: the step in flat data for +1 along each axis. */
export const rowMajor = (shape: readonly number[]): number[] => {
  const strides = new Array<number>(shape.length).fill(0);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i] ?? 1;
  }
  return strides;
};

/** The whole of a row-major value. */
export const wholeVar = (v: Var): View => ({ base: { _tag: "var", v }, offset: 0, shape: v.aval.shape, strides: rowMajor(v.aval.shape) });

/** A scalar literal seen as a rank-0 view. */
export const literalView = (value: number): View => ({ base: { _tag: "literal", value }, offset: 0, shape: [], strides: [] });

/** True when the strides of every axis longer than 1 equal `expected` (size-1 axes are never stepped along). */
const stridesMatch = (shape: readonly number[], strides: readonly number[], expected: readonly number[]): boolean =>
  shape.every((d, i) => d <= 1 || strides[i] === expected[i]);

/** The view reads `size(shape)` consecutive elements starting at its offset, in order. */
export const isContiguous = (view: View): boolean =>
  view.base._tag === "var" && stridesMatch(view.shape, view.strides, rowMajor(view.shape));

/** Every element of the view is the same base element (a scalar broadcast). */
export const isUniform = (view: View): boolean => view.shape.every((d, i) => d <= 1 || view.strides[i] === 0);

/** NumPy broadcasting: the view's dims align with the target's trailing dims; new or size-1 dims get stride 0. */
export function broadcastView(view: View, shape: readonly number[]): View {
  const lead = shape.length - view.shape.length;
  const strides = shape.map((d, i) => {
    if (i < lead) return 0;
    const own = view.shape[i - lead] ?? 1;
    return own === 1 && d !== 1 ? 0 : (view.strides[i - lead] ?? 0);
  });
  return { ...view, shape, strides };
}

/** out axis i is input axis perm[i]. */
export const transposeView = (view: View, perm: readonly number[]): View => ({
  ...view,
  shape: perm.map((p) => view.shape[p] ?? 1),
  strides: perm.map((p) => view.strides[p] ?? 0),
});

/** out[i] = in[start + i·step] along each axis. */
export function sliceView(view: View, starts: readonly number[], steps: readonly number[], shape: readonly number[]): View {
  const offset = view.offset + starts.reduce((acc, s, i) => acc + s * (view.strides[i] ?? 0), 0);
  return { ...view, offset, shape, strides: view.strides.map((s, i) => s * (steps[i] ?? 1)) };
}

/**
 * The same elements in row-major order under a new shape, as a view when no copy is needed, else
 * undefined. Size-1 axes are dropped first; then old and new axes are matched in groups of equal
 * product. Inside a group the old axes must step like one contiguous run (stride_a = stride_{a+1}
 * · dim_{a+1}, which also holds for a run of broadcast axes), and the new axes of the group then
 * step through that run row-major from its innermost stride.
 */
export function reshapeView(view: View, shape: readonly number[]): View | undefined {
  if (sizeOf(shape) !== sizeOf(view.shape)) return undefined;
  if (sizeOf(shape) === 0) return { ...view, shape, strides: rowMajor(shape) };
  const oldDims: number[] = [];
  const oldStrides: number[] = [];
  view.shape.forEach((d, i) => {
    if (d !== 1) {
      oldDims.push(d);
      oldStrides.push(view.strides[i] ?? 0);
    }
  });
  const newStrides = new Array<number>(shape.length).fill(0);
  let oi = 0;
  let ni = 0;
  while (ni < shape.length || oi < oldDims.length) {
    // skip new size-1 axes (any stride works; 0 keeps them harmless)
    if (ni < shape.length && shape[ni] === 1) {
      ni++;
      continue;
    }
    if (oi >= oldDims.length || ni >= shape.length) return undefined;
    // grow a group until the products agree
    let oldProduct = oldDims[oi] ?? 1;
    let newProduct = shape[ni] ?? 1;
    const oldStart = oi;
    const newStart = ni;
    while (oldProduct !== newProduct) {
      if (oldProduct < newProduct) {
        oi++;
        if (oi >= oldDims.length) return undefined;
        oldProduct *= oldDims[oi] ?? 1;
      } else {
        ni++;
        if (ni >= shape.length) return undefined;
        newProduct *= shape[ni] ?? 1;
      }
    }
    for (let a = oldStart; a < oi; a++) {
      if (oldStrides[a] !== (oldStrides[a + 1] ?? 0) * (oldDims[a + 1] ?? 1)) return undefined;
    }
    let stride = oldStrides[oi] ?? 0;
    for (let b = ni; b >= newStart; b--) {
      newStrides[b] = stride;
      stride *= shape[b] ?? 1;
    }
    oi++;
    ni++;
  }
  return { ...view, shape, strides: newStrides };
}

/** A key identifying what a view reads (equal keys ⇔ equal element sequences of one base). */
export const viewKey = (view: View, baseId: (v: Var) => number): string =>
  `${view.base._tag === "var" ? `v${baseId(view.base.v)}` : `l${Object.is(view.base.value, -0) ? "-0" : view.base.value}`}@${view.offset}:${view.shape.join(",")}/${view.strides.join(",")}`;
