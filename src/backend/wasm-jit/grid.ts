// Fitting N-d broadcasting onto the fused kernel's 2-D grid. The elementwise kernel iterates a
// rows × cols grid and reads each input as
//   full    x[r·cols + c]      scalar  x[0]
//   row     x[c]               col     x[r]
// An operand view of shape S (size N) fits the grid whose rows = S_0·…·S_{p−1} for some split p
// when its axes before p and after p each either step row-major or not at all (stride 0):
// e.g. a bias b[j] broadcast to [B, J] is `row` at p = 1, a per-row max m[i] broadcast to
// [B, J] is `col` at p = 1. A view that is contiguous or uniform fits every grid.

import type { Broadcast } from "../wasm/kernels/elementwise/module.js";
import { isContiguous, isUniform, rowMajor, sizeOf, type View } from "./views.js";

export interface GridPattern {
  readonly broadcast: Broadcast;
  /** Elements of the base read by the kernel, starting at the view's offset. */
  readonly length: number;
}

export type Placement =
  | { readonly _tag: "anyGrid"; readonly pattern: GridPattern }
  | { readonly _tag: "grids"; readonly byRows: ReadonlyMap<number, GridPattern> };

/** Axes before/after the split (of length > 1) either all step row-major within their block or are all broadcast. */
const blockSteps = (view: View, from: number, to: number): "rowMajor" | "broadcast" | "neither" => {
  const dims = view.shape.slice(from, to);
  const strides = view.strides.slice(from, to);
  if (dims.every((d, i) => d <= 1 || strides[i] === 0)) return "broadcast";
  const expected = rowMajor(dims);
  return dims.every((d, i) => d <= 1 || strides[i] === expected[i]) ? "rowMajor" : "neither";
};

/** The grids on which `view` can be read directly, and how. */
export function placements(view: View): Placement {
  const n = sizeOf(view.shape);
  if (isUniform(view)) return { _tag: "anyGrid", pattern: { broadcast: "scalar", length: n === 0 ? 0 : 1 } };
  if (isContiguous(view)) return { _tag: "anyGrid", pattern: { broadcast: "full", length: n } };
  const byRows = new Map<number, GridPattern>();
  const r = view.shape.length;
  for (let p = 1; p < r; p++) {
    const rows = sizeOf(view.shape.slice(0, p));
    const cols = sizeOf(view.shape.slice(p));
    const lead = blockSteps(view, 0, p);
    const trail = blockSteps(view, p, r);
    if (lead === "broadcast" && trail === "rowMajor") byRows.set(rows, { broadcast: "row", length: cols });
    else if (lead === "rowMajor" && trail === "broadcast") byRows.set(rows, { broadcast: "col", length: rows });
  }
  return { _tag: "grids", byRows };
}

/** The pattern of a placement on a grid with `rows` rows, if it fits. */
export const patternOn = (placement: Placement, rows: number): GridPattern | undefined =>
  placement._tag === "anyGrid" ? placement.pattern : placement.byRows.get(rows);

/**
 * The row count that lets the most operands be read in place (ties: fewer rows, i.e. longer
 * vectorised columns). Operands that do not fit it are materialised by the caller.
 */
export function chooseRows(all: readonly Placement[], size: number): number {
  const candidates = new Set<number>([1]);
  for (const p of all) if (p._tag === "grids") for (const rows of p.byRows.keys()) candidates.add(rows);
  let best = 1;
  let bestFit = -1;
  for (const rows of [...candidates].sort((a, b) => a - b)) {
    if (size > 0 && size % rows !== 0) continue;
    const fit = all.filter((p) => patternOn(p, rows) !== undefined).length;
    if (fit > bestFit) {
      best = rows;
      bestFit = fit;
    }
  }
  return best;
}
