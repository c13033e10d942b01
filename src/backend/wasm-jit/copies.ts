// pad and concatenate of float values as strided copies on the device (no host round trip):
//
//   pad:          out = 0, then x[i] → out[lo + i·(interior + 1)] along each axis: x is written
//                 into the output view with strides outStrides_a · (interior_a + 1) at offset
//                 Σ lo_a · outStrides_a
//   concatenate:  operand k → the block of the output starting at Σ_{j<k} dim_j along the axis,
//                 read through the output's own row-major strides
//
// Each operand is read as the view it is (a transpose or slice costs nothing extra).

import type { Atom, EqnOf } from "../../core/program.js";
import { isFloat, type FloatDType } from "../../tensor/dtype.js";
import { baseRegion, deviceRegion, viewOf } from "./materialise.js";
import type { CompileState } from "./state.js";
import type { DeviceValue } from "./steps.js";
import { rowMajor, sizeOf } from "./views.js";

/** Where the elements of an atom are read from: a device value, a first element and strides. */
interface Source {
  readonly value: DeviceValue;
  readonly offset: number;
  readonly strides: readonly number[];
}

function sourceOf(state: CompileState, a: Atom, dtype: FloatDType): Source {
  const view = viewOf(state, a);
  if (view.base._tag === "var") {
    const base = baseRegion(state, view.base.v, dtype);
    return { value: base.value, offset: base.offset + view.offset, strides: view.strides };
  }
  // a literal: its (pinned, filled) elements are contiguous
  const region = deviceRegion(state, view, dtype);
  return { value: region.value, offset: region.offset, strides: rowMajor(view.shape) };
}

/** Copies `source` (of `shape`) into `target` at `offset` with `strides`. */
const emitCopy = (state: CompileState, source: Source, shape: readonly number[], target: DeviceValue, offset: number, strides: readonly number[], into: boolean): void => {
  state.emit({
    _tag: "copy",
    source: source.value,
    sourceOffset: source.offset,
    sourceStrides: source.strides,
    target,
    targetOffset: offset,
    targetStrides: strides,
    shape,
    into,
  });
};

export function lowerPad(state: CompileState, e: EqnOf<"pad">): boolean {
  const x = e.inputs[0];
  const dtype = e.out.aval.dtype;
  if (x === undefined || !isFloat(dtype)) return false;
  const inShape = x.aval.shape;
  const outShape = e.out.aval.shape;
  const source = sourceOf(state, x, dtype);
  const out = state.newValue(dtype, sizeOf(outShape));
  const outStrides = rowMajor(outShape);
  const padded = sizeOf(outShape) > sizeOf(inShape);
  if (padded) state.emit({ _tag: "fill", target: out, value: 0 });
  if (sizeOf(inShape) > 0) {
    const offset = e.params.lo.reduce((acc, l, a) => acc + l * (outStrides[a] ?? 0), 0);
    const strides = outStrides.map((s, a) => s * ((e.params.interior[a] ?? 0) + 1));
    emitCopy(state, source, inShape, out, offset, strides, padded);
  }
  state.setHome(e.out, { _tag: "device", value: out });
  return true;
}

export function lowerConcatenate(state: CompileState, e: EqnOf<"concatenate">): boolean {
  const dtype = e.out.aval.dtype;
  if (!isFloat(dtype)) return false;
  const axis = e.params.axis;
  const outShape = e.out.aval.shape;
  const outStrides = rowMajor(outShape);
  const parts = e.inputs.map((a) => ({ shape: a.aval.shape, source: sourceOf(state, a, dtype) }));
  const out = state.newValue(dtype, sizeOf(outShape));
  let start = 0;
  let written = false;
  for (const p of parts) {
    if (sizeOf(p.shape) > 0) {
      emitCopy(state, p.source, p.shape, out, start * (outStrides[axis] ?? 0), outStrides, written);
      written = true;
    }
    start += p.shape[axis] ?? 0;
  }
  state.setHome(e.out, { _tag: "device", value: out });
  return true;
}
