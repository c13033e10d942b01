// Elementwise fusion. Elementwise equations of one float type and element count are collected, in
// program order, into a group until something outside the group needs one of its values; the
// closed group becomes one fused SIMD kernel that reads each external operand once, keeps
// intermediates in registers, and writes only the members needed outside (several outputs per
// kernel, e.g. the three updates of an Adam step).
//
// Members are expressions over the group's leaves (external operand views) and scalar literals.
// Comparisons produce 1/0, so masks fuse into `select` like any other value, and bool results
// that escape the group are stored as 0/1 masks of the group's float type.
//
// Expressions are trees: a value used twice appears twice (the kernel generator shares equal
// subtrees when it emits code). A chain that reuses values doubles the tree at each step, so a
// member whose tree would exceed `maxTreeSize` nodes starts a new group instead, reading the
// previous group's results from memory.

import type { Atom, Eqn, Var } from "../../core/program.js";
import { isFloat, type FloatDType } from "../../tensor/dtype.js";
import * as E from "../wasm/kernels/elementwise/expr.js";
import type { Broadcast } from "../wasm/kernels/elementwise/module.js";
import { chooseRows, patternOn, placements } from "./grid.js";
import { baseRegion, deviceRegion, viewOf } from "./materialise.js";
import { CompileError, type CompileState, type GroupRef } from "./state.js";
import type { DeviceValue, Region } from "./steps.js";
import { isContiguous, sizeOf, viewKey, type View } from "./views.js";

/** Largest expression tree (nodes, shared subtrees counted each time) a member may have. */
export const maxTreeSize = 256;

export class Group implements GroupRef {
  readonly members: Var[] = [];
  readonly #memberSet = new Set<Var>();
  readonly #exprs = new Map<Var, E.Expr>();
  readonly #treeSizes = new Map<Var, number>();
  readonly leaves: View[] = [];
  readonly #leafIndex = new Map<string, number>();
  open = true;

  constructor(readonly id: number, readonly dtype: FloatDType, readonly size: number) {}

  get key(): string {
    return groupKey(this.dtype, this.size);
  }

  has(v: Var): boolean {
    return this.#memberSet.has(v);
  }

  expr(v: Var): E.Expr {
    const e = this.#exprs.get(v);
    if (e === undefined) throw new CompileError("wasm-jit: a group member has no expression");
    return e;
  }

  /** Nodes of a member's expression tree (1 for anything read from outside). */
  treeSize(v: Var | undefined): number {
    return v === undefined ? 1 : (this.#treeSizes.get(v) ?? 1);
  }

  add(v: Var, e: E.Expr, treeSize: number): void {
    this.members.push(v);
    this.#memberSet.add(v);
    this.#exprs.set(v, e);
    this.#treeSizes.set(v, treeSize);
  }

  leaf(view: View, key: string): E.Expr {
    let i = this.#leafIndex.get(key);
    if (i === undefined) {
      i = this.leaves.length;
      this.leaves.push(view);
      this.#leafIndex.set(key, i);
    }
    return E.input(i);
  }
}

export const groupKey = (dtype: FloatDType, size: number): string => `${dtype}:${size}`;

/** The group (float type, element count) an equation can join, or undefined if it cannot be fused. */
export function fusionKey(e: Eqn): { readonly dtype: FloatDType; readonly size: number } | undefined {
  const out = e.out.aval;
  const size = sizeOf(out.shape);
  switch (e.prim) {
    case "neg":
    case "exp":
    case "log":
    case "tanh":
    case "sqrt":
    case "expm1":
    case "log1p":
    case "add":
    case "sub":
    case "mul":
    case "div":
    case "max":
    case "min":
    case "select":
      return isFloat(out.dtype) ? { dtype: out.dtype, size } : undefined;
    case "compare": {
      const operand = e.inputs[0]?.aval.dtype;
      return operand !== undefined && isFloat(operand) ? { dtype: operand, size } : undefined;
    }
    case "convert": {
      if (isFloat(out.dtype)) return { dtype: out.dtype, size };
      const from = e.inputs[0]?.aval.dtype;
      return out.dtype === "bool" && from !== undefined && isFloat(from) ? { dtype: from, size } : undefined;
    }
    default:
      return undefined;
  }
}

/** The open group whose member `a` reads (directly or through a view), if any. */
export function openGroupOf(state: CompileState, a: Atom): GroupRef | undefined {
  if (a._tag === "literal") return undefined;
  const home = state.home(a);
  const base = home._tag === "view" ? (home.view.base._tag === "var" ? state.home(home.view.base.v) : undefined) : home;
  return base?._tag === "member" && base.group.open ? base.group : undefined;
}

/** The member of `g` that `a` is, read in element order (itself, or a plain reshape of it). */
function internalMember(state: CompileState, g: Group, a: Atom): Var | undefined {
  if (a._tag === "literal") return undefined;
  if (g.has(a)) return a;
  const home = state.home(a);
  if (home._tag !== "view" || home.view.base._tag !== "var") return undefined;
  const base = home.view.base.v;
  return g.has(base) && home.view.offset === 0 && isContiguous(home.view) ? base : undefined;
}

/** True when `a` can be read inside `g` without closing it: not a member, or a member read in order. */
export const readableInside = (state: CompileState, g: Group, a: Atom): boolean =>
  openGroupOf(state, a) !== g || internalMember(state, g, a) !== undefined;

/** The expression of operand `a` inside `g`. */
function operand(state: CompileState, g: Group, a: Atom): E.Expr {
  if (a._tag === "literal") return E.constant(a.value);
  const member = internalMember(state, g, a);
  if (member !== undefined) return g.expr(member);
  const view = viewOf(state, a);
  if (view.base._tag === "literal") return E.constant(view.base.value);
  return g.leaf(view, `${viewKey(view, (v) => state.id(v))}`);
}

const unaryExpr = { neg: E.neg, exp: E.exp, log: E.log, tanh: E.tanh, sqrt: E.sqrt, expm1: E.expm1, log1p: E.log1p } as const;
const binaryExpr = { add: E.add, sub: E.sub, mul: E.mul, div: E.div, max: E.max, min: E.min } as const;

/** Whether `e`'s expression tree inside `g` stays within `maxTreeSize` nodes. */
export const fitsInGroup = (state: CompileState, g: Group, e: Eqn): boolean =>
  e.inputs.reduce((n, a) => n + g.treeSize(internalMember(state, g, a)), 1) <= maxTreeSize;

/** Adds equation `e` (accepted by `fusionKey`, operands readable inside `g`, fitting it) to `g`. */
export function addMember(state: CompileState, g: Group, e: Eqn): void {
  const x = (i: number): E.Expr => {
    const a = e.inputs[i];
    if (a === undefined) throw new CompileError(`wasm-jit: ${e.prim} is missing operand ${i}`);
    return operand(state, g, a);
  };
  let expr: E.Expr;
  switch (e.prim) {
    case "neg":
    case "exp":
    case "log":
    case "tanh":
    case "sqrt":
    case "expm1":
    case "log1p":
      expr = unaryExpr[e.prim](x(0));
      break;
    case "add":
    case "sub":
    case "mul":
    case "div":
    case "max":
    case "min":
      expr = binaryExpr[e.prim](x(0), x(1));
      break;
    case "compare":
      expr = E[e.params.op](x(0), x(1));
      break;
    case "select":
      expr = E.select(x(0), x(1), x(2));
      break;
    case "convert":
      // to a float: masks are already 0/1 and other types are converted when loaded; to bool: x ≠ 0
      expr = e.out.aval.dtype === "bool" ? E.ne(x(0), E.constant(0)) : x(0);
      break;
    default:
      throw new CompileError(`wasm-jit: ${e.prim} cannot be fused`);
  }
  g.add(e.out, expr, e.inputs.reduce((n, a) => n + g.treeSize(internalMember(state, g, a)), 1));
  state.setHome(e.out, { _tag: "member", group: g });
}

/** Replaces leaf indices by kernel input indices. */
const remap = (e: E.Expr, index: (leaf: number) => number): E.Expr => {
  switch (e._tag) {
    case "input":
      return E.input(index(e.index));
    case "const":
      return e;
    case "unary":
      return { ...e, x: remap(e.x, index) };
    case "binary":
      return { ...e, x: remap(e.x, index), y: remap(e.y, index) };
    case "select":
      return { ...e, cond: remap(e.cond, index), whenTrue: remap(e.whenTrue, index), whenFalse: remap(e.whenFalse, index) };
  }
};

/**
 * Closes `g`: chooses the grid, materialises operands that do not fit it, and emits the fused
 * kernel computing the members for which `escapes` holds (read outside the group, or outputs).
 */
export function closeGroup(state: CompileState, g: Group, escapes: (v: Var) => boolean): void {
  g.open = false;
  const outputs = g.members.filter(escapes);
  if (outputs.length === 0) return;
  const fits = g.leaves.map(placements);
  const rows = chooseRows(fits, g.size);
  const cols = rows === 0 ? 0 : g.size / rows;
  const inputs: { region: Region; broadcast: Broadcast }[] = [];
  const inputIndex = new Map<string, number>();
  const leafToInput = g.leaves.map((view, i) => {
    const pattern = patternOn(fits[i] ?? { _tag: "grids", byRows: new Map() }, rows);
    let region: Region;
    let broadcast: Broadcast;
    if (pattern !== undefined && view.base._tag === "var") {
      const base = baseRegion(state, view.base.v, g.dtype);
      region = { value: base.value, offset: base.offset + view.offset, length: pattern.length };
      broadcast = pattern.broadcast;
    } else {
      region = deviceRegion(state, view, g.dtype);
      broadcast = "full";
    }
    const key = `${region.value.id}:${region.offset}:${region.length}:${broadcast}`;
    let index = inputIndex.get(key);
    if (index === undefined) {
      index = inputs.length;
      inputs.push({ region, broadcast });
      inputIndex.set(key, index);
    }
    return index;
  });
  const targets: { target: DeviceValue; expr: E.Expr }[] = outputs.map((v) => {
    const target = state.newValue(g.dtype, g.size);
    state.setHome(v, { _tag: "device", value: target });
    return { target, expr: remap(g.expr(v), (leaf) => leafToInput[leaf] ?? -1) };
  });
  state.emit({ _tag: "elementwise", dtype: g.dtype, inputs, outputs: targets, rows, cols });
}
