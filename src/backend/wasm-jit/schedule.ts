// From a Program to a schedule of kernel steps, in one pass over its equations:
//
//   structural (broadcast, reshape, transpose, slice, stopGradient)  → a view: no step at all
//   elementwise (arithmetic, compare, select, float/bool convert)    → joins the open group of its
//                                                                      float type and size
//   dot                                                              → matmul (views read in place;
//                                                                      sums of products accumulate)
//   reduceSum / reduceMax over collapsible axes                      → reduction kernel
//   sample: uniform, bernoulli                                       → random-draw kernel (Threefry)
//   pad, concatenate of float values                                 → strided copies (copies.ts)
//   scan                                                             → its body compiled once, run per step (scan.ts)
//   anything else (int32 and bool arithmetic, sin, pow, gather, …)   → fallback: reference kernel
//
// An open group is closed (its fused kernel emitted) as soon as something outside it needs one of
// its values, so every step only reads values that earlier steps wrote.

import type { Atom, Eqn, Program, Var } from "../../core/program.js";
import { concreteData } from "../../tensor/tensor.js";
import { isFloat } from "../../tensor/dtype.js";
import { findAccumulations } from "./accumulate.js";
import { lowerConcatenate, lowerPad } from "./copies.js";
import { addMember, closeGroup, fitsInGroup, fusionKey, Group, groupKey, openGroupOf, readableInside } from "./fusion.js";
import { lowerDot, lowerFallback, lowerReduce, lowerScan } from "./lower.js";
import { deviceRegion, filled, storageDType, viewOf } from "./materialise.js";
import { lowerSample } from "./random.js";
import { STRUCTURAL } from "./simplify.js";
import { CompileError, CompileState, type GroupRef } from "./state.js";
import { wholeRegion, type DeviceValue, type OutputSource, type Schedule } from "./steps.js";
import { broadcastView, reshapeView, sizeOf, sliceView, transposeView, wholeVar, type View } from "./views.js";

/** For each variable: does anything other than the listed equations read it, through views included? */
function readersOf(program: Program): (v: Var, inside: (reader: Var) => boolean) => boolean {
  const direct = new Map<Var, Eqn[]>();
  for (const e of program.eqns) {
    for (const a of e.inputs) {
      if (a._tag !== "var") continue;
      const list = direct.get(a);
      if (list === undefined) direct.set(a, [e]);
      else list.push(e);
    }
  }
  const outputs = new Set(program.outputs.filter((o): o is Var => o._tag === "var"));
  // readers(v): the non-structural equations reading v, following structural ones; "output" if it reaches one
  const memo = new Map<Var, readonly (Var | "output")[]>();
  const readers = (v: Var): readonly (Var | "output")[] => {
    const known = memo.get(v);
    if (known !== undefined) return known;
    const found: (Var | "output")[] = outputs.has(v) ? ["output"] : [];
    for (const e of direct.get(v) ?? []) found.push(...(STRUCTURAL.has(e.prim) ? readers(e.out) : [e.out]));
    memo.set(v, found);
    return found;
  };
  return (v, inside) => readers(v).some((r) => r === "output" || !inside(r));
}

/** The view an equation of a structural primitive denotes, or undefined when it must run as a fallback. */
function structuralView(state: CompileState, e: Eqn): View | undefined {
  const a = e.inputs[0];
  if (a === undefined) return undefined;
  if (a._tag === "var") {
    const home = state.home(a);
    // int32 and bool values on the host stay there (the reference kernels handle them)
    if (home._tag === "host" && !isFloat(a.aval.dtype)) return undefined;
  }
  const view = viewOf(state, a);
  switch (e.prim) {
    case "stopGradient":
      return view;
    case "broadcast":
      return broadcastView(view, e.params.shape);
    case "transpose":
      return transposeView(view, e.params.perm);
    case "slice":
      return sliceView(view, e.params.starts, e.params.strides, e.out.aval.shape);
    case "reshape": {
      const reshaped = reshapeView(view, e.params.shape);
      if (reshaped !== undefined || a._tag === "literal" || view.base._tag !== "var") return reshaped;
      // not expressible as a view: copy the operand once, then reshape the copy for free
      const stored = storageDType(state, view.base.v);
      if (stored === undefined) return undefined;
      const region = deviceRegion(state, view, stored);
      if (region.offset !== 0 || region.length !== region.value.length) return undefined;
      state.setHome(a, { _tag: "device", value: region.value });
      return reshapeView(wholeVar(a), e.params.shape);
    }
    default:
      return undefined;
  }
}

export function buildSchedule(program: Program): Schedule {
  const state = new CompileState();
  program.inputs.forEach((v, index) => state.setHome(v, { _tag: "host", source: { _tag: "input", index } }));
  program.consts.forEach((v, i) => {
    const t = program.constValues[i];
    if (t === undefined) throw new CompileError("wasm-jit: a constant has no value");
    state.setHome(v, { _tag: "host", source: { _tag: "data", data: concreteData(t, "jit") } });
  });
  const escapes = readersOf(program);
  const open = new Map<string, Group>();
  let groups = 0;

  const close = (g: GroupRef): void => {
    const group = [...open.values()].find((x) => x === g);
    if (group === undefined) return;
    open.delete(group.key);
    closeGroup(state, group, (v) => escapes(v, (reader) => group.has(reader)));
  };
  const closeReadBy = (atoms: readonly Atom[]): void => {
    for (const a of atoms) {
      const g = openGroupOf(state, a);
      if (g !== undefined) close(g);
    }
  };

  const accumulation = findAccumulations(program);
  const accumulated = (v: Var): DeviceValue => {
    const home = state.home(v);
    if (home._tag !== "device") throw new CompileError("wasm-jit: a sum of products lost its buffer");
    return home.value;
  };

  for (const e of program.eqns) {
    const sumOf = accumulation.sums.get(e);
    if (sumOf !== undefined) {
      state.setHome(e.out, { _tag: "device", value: accumulated(sumOf) });
      continue;
    }
    const into = accumulation.into.get(e);
    if (into !== undefined && e.prim === "dot") {
      closeReadBy(e.inputs);
      if (lowerDot(state, e, accumulated(into))) continue;
    }
    if (STRUCTURAL.has(e.prim)) {
      if (e.prim === "reshape") closeReadBy(reshapeNeedsCopy(state, e) ? e.inputs : []);
      const view = structuralView(state, e);
      if (view !== undefined) {
        state.setHome(e.out, { _tag: "view", view });
        continue;
      }
    }
    const key = fusionKey(e);
    if (key !== undefined) {
      const existing = open.get(groupKey(key.dtype, key.size));
      for (const a of e.inputs) {
        const g = openGroupOf(state, a);
        if (g !== undefined && !(g === existing && readableInside(state, existing, a))) close(g);
      }
      let group = open.get(groupKey(key.dtype, key.size));
      if (group !== undefined && !fitsInGroup(state, group, e)) {
        close(group);
        group = undefined;
      }
      if (group === undefined) {
        group = new Group(groups++, key.dtype, key.size);
        open.set(group.key, group);
      }
      addMember(state, group, e);
      continue;
    }
    closeReadBy(e.inputs);
    const done =
      e.prim === "dot"
        ? lowerDot(state, e)
        : e.prim === "reduceSum" || e.prim === "reduceMax"
          ? lowerReduce(state, e)
          : e.prim === "sample"
            ? lowerSample(state, e)
            : e.prim === "pad"
              ? lowerPad(state, e)
              : e.prim === "concatenate"
                ? lowerConcatenate(state, e)
                : e.prim === "scan"
                  ? (lowerScan(state, e), true)
                  : false;
    if (!done) lowerFallback(state, e);
  }
  for (const g of [...open.values()]) close(g);
  const outputs = program.outputs.map((o) => outputSource(state, o));
  return { steps: state.steps, values: state.values, pinnedData: state.pinnedData, hostSlots: state.hostSlots, outputs };
}

/** A reshape of a view that is not expressible as a view will copy its operand (which must then be computed). */
function reshapeNeedsCopy(state: CompileState, e: Eqn): boolean {
  const a = e.inputs[0];
  if (a === undefined || a._tag === "literal" || e.prim !== "reshape") return false;
  const home = state.home(a);
  return home._tag === "view" && reshapeView(home.view, e.params.shape) === undefined;
}

function outputSource(state: CompileState, o: Atom): OutputSource {
  const { shape, dtype } = o.aval;
  if (o._tag === "literal") {
    return { _tag: "data", data: filled(dtype, 1, o.value), shape, dtype };
  }
  const home = state.home(o);
  switch (home._tag) {
    case "host":
      switch (home.source._tag) {
        case "input":
          return { _tag: "input", index: home.source.index };
        case "slot":
          return { _tag: "slot", slot: home.source.slot, shape, dtype };
        case "data":
          return { _tag: "data", data: home.source.data, shape, dtype };
      }
      break;
    case "device":
      return { _tag: "device", region: wholeRegion(home.value), shape, dtype };
    case "view": {
      const view = home.view;
      if (view.base._tag === "literal") return { _tag: "data", data: filled(dtype, sizeOf(shape), view.base.value), shape, dtype };
      const stored = storageDType(state, view.base.v);
      if (stored === undefined) throw new CompileError("wasm-jit: an output is a view of a host value");
      return { _tag: "device", region: deviceRegion(state, view, stored), shape, dtype };
    }
    case "member":
      break;
  }
  throw new CompileError("wasm-jit: an output was left inside an open group");
}
