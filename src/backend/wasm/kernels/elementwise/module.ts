// A fused elementwise kernel over a rows × cols iteration space (row-major, outputs contiguous).
// Each input is read according to its broadcast:
//   full    x[r, c]   (rows·cols elements)
//   row     x[c]      (cols elements, the same for every row, e.g. a bias)
//   col     x[r]      (rows elements, constant along a row, e.g. a per-row max)
//   scalar  x[0]      (one element)
// Higher-rank broadcasts are expressed by the caller as one of these on a 2-D view.
//
// The column loop runs a vector at a time; the last cols mod lanes columns reuse the same vector
// code on broadcast single elements and store lane 0, so the tail computes exactly like the body.

import {
  type Code,
  type FunctionDef,
  type MemoryImport,
  type ModuleDef,
  LocalScope,
  ValType,
  forRange,
  i32,
  localGet,
  localSet,
  v128,
} from "../../emit/index.js";
import { type FloatKind } from "../../dtype.js";
import { type MathContext } from "../../math/context.js";
import { addTo, at } from "../util.js";
import { type Expr } from "./expr.js";
import { lowerExprs } from "./lower.js";

export const broadcasts = ["full", "row", "col", "scalar"] as const;
export type Broadcast = (typeof broadcasts)[number];

export interface ElementwiseStructure {
  readonly inputs: readonly Broadcast[];
  readonly outputs: readonly Expr[];
}

const elementwiseFunction = (kind: FloatKind, structure: ElementwiseStructure): FunctionDef => {
  const s = new LocalScope();
  const ins = structure.inputs.map(() => s.param(ValType.i32));
  const outs = structure.outputs.map(() => s.param(ValType.i32));
  const rows = s.param(ValType.i32);
  const cols = s.param(ValType.i32);

  const r = s.add(ValType.i32);
  const rowOffset = s.add(ValType.i32); // r·cols·bytes
  const j = s.add(ValType.i32); // column offset in bytes
  const vectorEnd = s.add(ValType.i32); // bytes of the whole-vector part of a row
  const rowBytes = s.add(ValType.i32);
  const position = s.add(ValType.i32); // rowOffset + j
  // Broadcast values hoisted out of the column loop.
  const hoisted = structure.inputs.map((b) => (b === "scalar" || b === "col" ? s.add(ValType.v128) : -1));

  const ctx: MathContext = { kind, scope: s };

  const load = (index: number, vector: boolean): Code => {
    const broadcast = at(structure.inputs, index);
    const base = localGet(at(ins, index));
    const read = vector ? v128.load() : kind.loadSplat();
    switch (broadcast) {
      case "full":
        return [base, localGet(position), i32.add, read];
      case "row":
        return [base, localGet(j), i32.add, read];
      case "col":
      case "scalar":
        return localGet(at(hoisted, index));
    }
  };

  const body = (vector: boolean): Code => {
    const lowered = lowerExprs(ctx, structure.outputs, (index) => load(index, vector));
    const stores = lowered.outputs.map((value, o) => [
      localGet(at(outs, o)),
      localGet(position),
      i32.add,
      localGet(value),
      vector ? v128.store() : [kind.vector.extract_lane(0), kind.scalar.store()],
    ]);
    return [localGet(rowOffset), localGet(j), i32.add, localSet(position), lowered.code, stores];
  };

  const hoistScalars: Code = structure.inputs.map((b, index) =>
    b === "scalar" ? [localGet(at(ins, index)), kind.loadSplat(), localSet(at(hoisted, index))] : [],
  );
  const hoistColumns: Code = structure.inputs.map((b, index) =>
    b === "col"
      ? [localGet(at(ins, index)), localGet(r), i32.const(kind.shift), i32.shl, i32.add, kind.loadSplat(), localSet(at(hoisted, index))]
      : [],
  );

  return {
    name: "elementwise",
    locals: s,
    results: [],
    body: [
      localGet(cols),
      i32.const(kind.shift),
      i32.shl,
      localSet(rowBytes),
      localGet(rowBytes),
      i32.const(-16),
      i32.and,
      localSet(vectorEnd),
      hoistScalars,
      i32.const(0),
      localSet(rowOffset),
      forRange(r, i32.const(0), localGet(rows), i32.const(1), [
        hoistColumns,
        forRange(j, i32.const(0), localGet(vectorEnd), i32.const(16), [body(true)]),
        forRange(j, localGet(vectorEnd), localGet(rowBytes), i32.const(kind.bytes), [body(false)]),
        addTo(rowOffset, localGet(rowBytes)),
      ]),
    ],
  };
};

export const elementwiseModule = (kind: FloatKind, structure: ElementwiseStructure, memory: MemoryImport): ModuleDef => ({
  memory,
  functions: [elementwiseFunction(kind, structure)],
});
