// The compiled schedule before buffers are placed: a list of steps over symbolic device values.
// A device value is a float buffer in linear memory that one step writes and later steps read;
// buffer planning (plan.ts) gives each one an address, sharing memory between values that are
// never live at the same time. Host values (int32 and bool results of fallback steps) live in a
// per-call array of JavaScript typed arrays instead.

import type { Eqn, EqnOf } from "../../core/program.js";
import type { AnyData, DType, FloatDType } from "../../tensor/dtype.js";
import type { Expr } from "../wasm/kernels/elementwise/expr.js";
import type { Broadcast } from "../wasm/kernels/elementwise/module.js";
import type { RandomDraw } from "../wasm/kernels/random/module.js";
import type { ReduceAxis, ReduceOp } from "../wasm/kernels/reduce.js";

export interface DeviceValue {
  readonly id: number;
  readonly dtype: FloatDType;
  readonly length: number;
  /** Constants: uploaded once at compile time, never overwritten, never shared. */
  readonly pinned: boolean;
}

/** `length` consecutive elements of a device value from element `offset`. */
export interface Region {
  readonly value: DeviceValue;
  readonly offset: number;
  readonly length: number;
}

export const wholeRegion = (value: DeviceValue): Region => ({ value, offset: 0, length: value.length });

/** Where a host-side array comes from at run time. */
export type HostSource =
  | { readonly _tag: "input"; readonly index: number }
  | { readonly _tag: "slot"; readonly slot: number }
  | { readonly _tag: "data"; readonly data: AnyData };

/** An operand of a fallback step, with the shape and dtype the reference kernel sees. */
export interface FallbackOperand {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly from: { readonly _tag: "host"; readonly source: HostSource } | { readonly _tag: "device"; readonly region: Region };
}

export type Step =
  /** Host array → device value, converting element types as typed arrays do (bool → 0/1). */
  | { readonly _tag: "upload"; readonly source: HostSource; readonly target: DeviceValue }
  /** Device value → device value of the other float type (rounding to nearest). */
  | { readonly _tag: "convert"; readonly source: Region; readonly target: DeviceValue }
  /**
   * target[targetOffset + Σ i_a·targetStrides_a] = source[sourceOffset + Σ i_a·sourceStrides_a]
   * over `shape`, by the strided-copy kernel. With `into`, the target already holds other
   * elements (pad's zeros, concatenate's other operands) and this copy fills in its own.
   */
  | {
      readonly _tag: "copy";
      readonly source: DeviceValue;
      readonly sourceOffset: number;
      readonly sourceStrides: readonly number[];
      readonly target: DeviceValue;
      readonly targetOffset: number;
      readonly targetStrides: readonly number[];
      readonly shape: readonly number[];
      readonly into: boolean;
    }
  /** Every element of `target` set to `value`. */
  | { readonly _tag: "fill"; readonly target: DeviceValue; readonly value: number }
  /** One fused SIMD loop over a rows × cols grid computing every output expression. */
  | {
      readonly _tag: "elementwise";
      readonly dtype: FloatDType;
      readonly inputs: readonly { readonly region: Region; readonly broadcast: Broadcast }[];
      readonly outputs: readonly { readonly target: DeviceValue; readonly expr: Expr }[];
      readonly rows: number;
      readonly cols: number;
    }
  | {
      readonly _tag: "matmul";
      readonly dtype: FloatDType;
      readonly transA: boolean;
      readonly transB: boolean;
      readonly a: Region;
      readonly b: Region;
      readonly c: DeviceValue;
      readonly m: number;
      readonly n: number;
      readonly k: number;
      readonly batch: number;
      readonly strideA: number;
      readonly strideB: number;
      /** c += op(a)·op(b): c already holds a product (a gradient sum Σᵢ AᵢBᵢ computed in place). */
      readonly accumulate: boolean;
    }
  /** `outer` independent rows × cols reductions, `inputStride`/`outputStride` elements apart. */
  | {
      readonly _tag: "reduce";
      readonly dtype: FloatDType;
      readonly op: ReduceOp;
      readonly axis: ReduceAxis;
      readonly input: Region;
      readonly output: DeviceValue;
      readonly rows: number;
      readonly cols: number;
      readonly outer: number;
      readonly inputStride: number;
      readonly outputStride: number;
    }
  /** `count` values of a random draw from the key words in `key` (float64 [hi, lo]); see kernels/random. */
  | {
      readonly _tag: "random";
      readonly draw: RandomDraw;
      readonly key: Region;
      readonly output: DeviceValue;
      readonly count: number;
      readonly params: readonly number[];
    }
  /** A primitive the compiler does not handle, run by its reference kernel into a host slot. */
  | { readonly _tag: "fallback"; readonly eqn: Eqn; readonly inputs: readonly FallbackOperand[]; readonly slot: number }
  /** A scan: its body compiled once (a program of its own), run once per step; the packed result goes to a host slot. */
  | { readonly _tag: "scan"; readonly eqn: EqnOf<"scan">; readonly inputs: readonly FallbackOperand[]; readonly slot: number };

/** Device values a step reads. */
export function stepReads(step: Step): readonly DeviceValue[] {
  switch (step._tag) {
    case "upload":
      return [];
    case "convert":
      return [step.source.value];
    case "copy":
      return step.into ? [step.source, step.target] : [step.source];
    case "fill":
      return [];
    case "elementwise":
      return step.inputs.map((i) => i.region.value);
    case "matmul":
      return step.accumulate ? [step.a.value, step.b.value, step.c] : [step.a.value, step.b.value];
    case "reduce":
      return [step.input.value];
    case "random":
      return [step.key.value];
    case "fallback":
    case "scan":
      return step.inputs.flatMap((i) => (i.from._tag === "device" ? [i.from.region.value] : []));
  }
}

/** Device values a step writes. */
export function stepWrites(step: Step): readonly DeviceValue[] {
  switch (step._tag) {
    case "upload":
    case "convert":
    case "copy":
    case "fill":
      return [step.target];
    case "elementwise":
      return step.outputs.map((o) => o.target);
    case "matmul":
      return [step.c];
    case "reduce":
      return [step.output];
    case "random":
      return [step.output];
    case "fallback":
    case "scan":
      return [];
  }
}

/** Where each program output comes from after the last step. */
export type OutputSource =
  | { readonly _tag: "input"; readonly index: number }
  | { readonly _tag: "data"; readonly data: AnyData; readonly shape: readonly number[]; readonly dtype: DType }
  | { readonly _tag: "device"; readonly region: Region; readonly shape: readonly number[]; readonly dtype: DType }
  | { readonly _tag: "slot"; readonly slot: number; readonly shape: readonly number[]; readonly dtype: DType };

/** A schedule: steps, their values, and how inputs and outputs connect to them. */
export interface Schedule {
  readonly steps: readonly Step[];
  readonly values: readonly DeviceValue[];
  /** Initial contents of pinned values (constants). */
  readonly pinnedData: ReadonlyMap<DeviceValue, AnyData>;
  readonly hostSlots: number;
  readonly outputs: readonly OutputSource[];
}
