// The interpreter stack. Every primitive application goes through `bind`, which hands it to the
// innermost transformation that owns one of its inputs (or the innermost dynamic one). Each
// transformation is a `Trace` with a level; values it owns are `CoreTracer`s carrying that level.
// Levels are what keep nested jvp from confusing one perturbation with another: a value from an
// outer transformation entering an inner one is lifted as a constant of the inner one.

import type { DType } from "../tensor/dtype.js";
import { REPR, Tensor, Tracer, type AnyTensor } from "../tensor/tensor.js";
import type { Shape } from "../shape/index.js";
import type { Params, PrimTag } from "./primitives.js";

/** What a transformation knows about a value without its numbers: shape and dtype. */
export interface Aval {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export const avalOf = (t: AnyTensor): Aval => ({ shape: t.shape, dtype: t.dtype });

/** One active transformation. Its `level` is its depth on the stack. */
export interface MainTrace {
  readonly level: number;
  readonly name: string;
  readonly make: (main: MainTrace) => Trace;
  /** Transformation-wide data (e.g. the program being built). */
  readonly data: unknown;
  active: boolean;
}

export abstract class Trace {
  constructor(readonly main: MainTrace) {}
  /** A constant (concrete or from a lower level) as a value of this trace. */
  abstract pure(x: AnyTensor): AnyTensor;
  /** A value of a lower-level trace as a value of this trace; by default the same as pure. */
  lift(x: AnyTensor): AnyTensor {
    return this.pure(x);
  }
  /** Applies primitive P to inputs that all belong to this trace. */
  abstract process<P extends PrimTag>(prim: P, inputs: readonly AnyTensor[], params: Params<P>): AnyTensor;
}

/** A value owned by one trace. */
export abstract class CoreTracer extends Tracer {
  abstract readonly trace: Trace;
  get level(): number {
    return this.trace.main.level;
  }
}

/** The tensor whose representation is `tracer`. */
export const wrapTracer = (tracer: Tracer, aval: Aval): AnyTensor => new Tensor<Shape, DType>(aval.shape, aval.dtype, tracer);

export class EscapedTracerError extends Error {
  readonly _tag = "EscapedTracerError";
  constructor(kind: string) {
    super(`a ${kind} escaped the transformation that created it (was it stored outside the function, e.g. in a closure or a global?)`);
  }
}

// ---------------------------------------------------------------------------------------------
// The stack. Level 0 is plain evaluation; it is installed by core/eval.ts.

const stack: MainTrace[] = [];
let dynamic: MainTrace | undefined;

/** Installs the bottom (evaluation) trace; called once by core/eval.ts. */
export function installEvalTrace(make: (main: MainTrace) => Trace): void {
  if (stack.length > 0) return;
  const main: MainTrace = { level: 0, name: "eval", make, data: undefined, active: true };
  stack.push(main);
  dynamic = main;
}

/** Runs `fn` with a new transformation on top of the stack. */
export function withMain<R>(name: string, make: (main: MainTrace) => Trace, data: unknown, fn: (main: MainTrace) => R): R {
  const main: MainTrace = { level: stack.length, name, make, data, active: true };
  stack.push(main);
  try {
    return fn(main);
  } finally {
    main.active = false;
    stack.pop();
  }
}

/** Runs `fn` with `main` as the dynamic trace: every bind reaches it even with constant inputs (used for staging). */
export function withDynamic<R>(main: MainTrace, fn: () => R): R {
  const previous = dynamic;
  dynamic = main;
  try {
    return fn();
  } finally {
    dynamic = previous;
  }
}

const tracerOf = (x: AnyTensor): CoreTracer | undefined => {
  const r = x[REPR];
  return r instanceof CoreTracer ? r : undefined;
};

/** The innermost transformation that owns one of `inputs` (or the current dynamic one). */
export function findTopMain(inputs: readonly AnyTensor[]): MainTrace {
  let top = dynamic;
  if (top === undefined) throw new Error("tygrad: the evaluation trace is not installed (import from the package entry point)");
  for (const x of inputs) {
    const t = tracerOf(x);
    if (t === undefined) continue;
    if (!t.trace.main.active) throw new EscapedTracerError(t.kind);
    if (t.trace.main.level > top.level) top = t.trace.main;
  }
  return top;
}

/** `x` as a value of `trace`: its own tracers pass, constants and lower-level values are lifted. */
export function fullRaise(trace: Trace, x: AnyTensor): AnyTensor {
  const t = tracerOf(x);
  if (t === undefined) return trace.pure(x);
  if (!t.trace.main.active) throw new EscapedTracerError(t.kind);
  if (t.trace.main === trace.main) return x;
  if (t.trace.main.level < trace.main.level) return trace.lift(x);
  throw new Error(`tygrad: a ${t.kind} from level ${t.level} reached a transformation at level ${trace.main.level}`);
}

/** Applies a primitive: the innermost relevant transformation interprets it. */
export function bind<P extends PrimTag>(prim: P, inputs: readonly AnyTensor[], params: Params<P>): AnyTensor {
  const main = findTopMain(inputs);
  const trace = main.make(main);
  const raised = inputs.map((x) => fullRaise(trace, x));
  return trace.process(prim, raised, params);
}

/** The current nesting depth (0 outside any transformation). */
export const currentLevel = (): number => stack.length - 1;
