// Turning views and host values into what a kernel can read: a contiguous row-major region of a
// device value in the kernel's float type. Each materialisation emits at most one step, at the
// current point of the schedule, and is remembered so that later readers share it.
//
//   host array          → upload (typed-array conversion: int32 exactly as `convert`, bool → 0/1)
//   constant            → a pinned value uploaded once at compile time
//   other float type    → convert (round to nearest, as `convert` does)
//   contiguous view     → a sub-region of its base, no step
//   broadcast pattern   → a one-input elementwise kernel (row / col / scalar fill)
//   any other view      → the strided-copy kernel, into a fresh value
//   literal view        → a pinned value filled once

import type { Atom, Var } from "../../core/program.js";
import { allocate, isFloat, type AnyData, type DType, type FloatDType } from "../../tensor/dtype.js";
import { input as inputExpr } from "../wasm/kernels/elementwise/expr.js";
import { placements } from "./grid.js";
import { CompileError, type CompileState } from "./state.js";
import { wholeRegion, type FallbackOperand, type Region } from "./steps.js";
import { isContiguous, literalView, rowMajor, sizeOf, viewKey, wholeVar, type View } from "./views.js";

/** The view an atom denotes: literals and views as themselves, other variables whole. */
export function viewOf(state: CompileState, a: Atom): View {
  if (a._tag === "literal") return literalView(a.value);
  const home = state.home(a);
  return home._tag === "view" ? home.view : wholeVar(a);
}

/** The float type a view's base is stored in on the device (its own dtype, or its mask's). */
export function storageDType(state: CompileState, v: Var): FloatDType | undefined {
  const home = state.home(v);
  if (home._tag === "device") return home.value.dtype;
  return isFloat(v.aval.dtype) ? v.aval.dtype : undefined;
}

/** `length` copies of `value` stored as `dtype`. */
export const filled = (dtype: DType, length: number, value: number): AnyData => {
  const data = allocate(dtype, length);
  data.fill(value);
  return data;
};

/** All of variable `v` as a region of type `dtype` (uploading or converting it if needed). */
export function baseRegion(state: CompileState, v: Var, dtype: FloatDType): Region {
  const key = `base:${state.id(v)}:${dtype}`;
  const known = state.regions.get(key);
  if (known !== undefined) return known;
  const home = state.home(v);
  const length = sizeOf(v.aval.shape);
  let region: Region;
  switch (home._tag) {
    case "device": {
      if (home.value.dtype === dtype) return wholeRegion(home.value);
      const target = state.newValue(dtype, length);
      state.emit({ _tag: "convert", source: wholeRegion(home.value), target });
      region = wholeRegion(target);
      break;
    }
    case "host": {
      if (home.source._tag === "data") {
        const target = state.newValue(dtype, length, true);
        const data = allocate(dtype, length);
        data.set(home.source.data);
        state.pinnedData.set(target, data);
        region = wholeRegion(target);
      } else {
        const target = state.newValue(dtype, length);
        state.emit({ _tag: "upload", source: home.source, target });
        region = wholeRegion(target);
      }
      break;
    }
    case "member":
      throw new CompileError("wasm-jit: a value of an open elementwise group was read before the group was closed");
    case "view":
      throw new CompileError("wasm-jit: a view was used as the base of another view");
  }
  state.regions.set(key, region);
  return region;
}

/** The elements of `view`, row-major and contiguous, in type `dtype`. */
export function deviceRegion(state: CompileState, view: View, dtype: FloatDType): Region {
  const key = `view:${viewKey(view, (v) => state.id(v))}:${dtype}`;
  const known = state.regions.get(key);
  if (known !== undefined) return known;
  const length = sizeOf(view.shape);
  let region: Region;
  if (view.base._tag === "literal") {
    const target = state.newValue(dtype, length, true);
    state.pinnedData.set(target, filled(dtype, length, view.base.value));
    region = wholeRegion(target);
  } else {
    const base = baseRegion(state, view.base.v, dtype);
    if (isContiguous(view)) {
      region = { value: base.value, offset: base.offset + view.offset, length };
    } else {
      const target = state.newValue(dtype, length);
      const placement = placements(view);
      const grid = placement._tag === "anyGrid" ? undefined : [...placement.byRows.entries()][0];
      const pattern = placement._tag === "anyGrid" ? placement.pattern : grid?.[1];
      if (pattern !== undefined) {
        const rows = placement._tag === "anyGrid" ? 1 : (grid?.[0] ?? 1);
        state.emit({
          _tag: "elementwise",
          dtype,
          inputs: [{ region: { value: base.value, offset: base.offset + view.offset, length: pattern.length }, broadcast: pattern.broadcast }],
          outputs: [{ target, expr: inputExpr(0) }],
          rows,
          cols: rows === 0 ? 0 : length / rows,
        });
      } else {
        state.emit({
          _tag: "copy",
          source: base.value,
          sourceOffset: base.offset + view.offset,
          sourceStrides: view.strides,
          target,
          targetOffset: 0,
          targetStrides: rowMajor(view.shape),
          shape: view.shape,
          into: false,
        });
      }
      region = wholeRegion(target);
    }
  }
  state.regions.set(key, region);
  return region;
}

/** How a fallback step reads atom `a`: a host array, or a region of device memory. */
export function fallbackOperand(state: CompileState, a: Atom): FallbackOperand {
  const shape = a.aval.shape;
  const dtype = a.aval.dtype;
  if (a._tag === "literal") return { shape, dtype, from: { _tag: "host", source: { _tag: "data", data: filled(dtype, 1, a.value) } } };
  const home = state.home(a);
  switch (home._tag) {
    case "host":
      return { shape, dtype, from: { _tag: "host", source: home.source } };
    case "device":
      return { shape, dtype, from: { _tag: "device", region: wholeRegion(home.value) } };
    case "view": {
      const view = home.view;
      if (view.base._tag === "literal") {
        return { shape, dtype, from: { _tag: "host", source: { _tag: "data", data: filled(dtype, sizeOf(shape), view.base.value) } } };
      }
      const stored = storageDType(state, view.base.v);
      if (stored === undefined) throw new CompileError("wasm-jit: a view of a host value reached a fallback");
      return { shape, dtype, from: { _tag: "device", region: deviceRegion(state, view, stored) } };
    }
    case "member":
      throw new CompileError("wasm-jit: a fallback read a value of an open elementwise group");
  }
}
