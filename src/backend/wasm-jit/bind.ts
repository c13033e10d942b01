// Binding a planned schedule to its buffers: each step becomes a closure over its kernel and its
// precomputed arguments, so running the program only calls kernels and copies inputs and outputs.

import { applyImpl } from "../../core/impl/index.js";
import { keyOfWords } from "../../core/impl/random.js";
import { allocate, type AnyData, type DType } from "../../tensor/dtype.js";
import { claimSole, concreteData, Tensor, type AnyTensor } from "../../tensor/tensor.js";
import type { Shape } from "../../shape/index.js";
import { copyKernel } from "../wasm/kernels/copy.js";
import { elementwiseKernel } from "../wasm/kernels/elementwise/kernel.js";
import { matmulKernel } from "../wasm/kernels/matmul/kernel.js";
import { randomKernel } from "../wasm/kernels/random/kernel.js";
import { reduceKernel } from "../wasm/kernels/reduce-kernel.js";
import type { BufferRef } from "../wasm/runtime/buffer.js";
import { bytesPerElement } from "../wasm/runtime/buffer.js";
import type { WorkerPool } from "../wasm/threads/pool.js";
import type { Program } from "../../core/program.js";
import type { Executable } from "../jit/backend.js";
import type { Device } from "./device.js";
import { SplitGovernor } from "./governor.js";
import { bindScan } from "./scan.js";
import { wholeRegion, type FallbackOperand, type HostSource, type OutputSource, type Region, type Step } from "./steps.js";

/** What one call of a compiled program carries from step to step. */
export interface CallState {
  inputs: readonly AnyTensor[];
  /** Host arrays produced by fallback steps, by slot. */
  readonly slots: (AnyData | undefined)[];
  /** 1 for the values (by id) whose upload this call skips: their memory already holds the input. */
  readonly skipUpload: Uint8Array;
}

export type BoundStep = (call: CallState) => void;
/**
 * Reads one result of a call. A result computed in linear memory (`fromDevice`) can be written
 * into a spare array of its dtype and length instead of a new one (donation, executable.ts).
 */
export interface BoundOutput {
  readonly fromDevice?: { readonly dtype: DType; readonly length: number };
  readonly read: (call: CallState, into?: AnyData) => AnyTensor;
}

const hostData = (source: HostSource, call: CallState): AnyData => {
  switch (source._tag) {
    case "input": {
      const t = call.inputs[source.index];
      if (t === undefined) throw new Error(`wasm-jit: missing input ${source.index}`);
      return concreteData(t, "jit");
    }
    case "slot": {
      const data = call.slots[source.slot];
      if (data === undefined) throw new Error(`wasm-jit: host slot ${source.slot} read before it was written`);
      return data;
    }
    case "data":
      return source.data;
  }
};

/** Binds schedules to a device with the buffers of `refs` (indexed by value id). */
export class Binder {
  constructor(
    readonly device: Device, readonly refs: readonly BufferRef[],
    /** Compiles a scan's body (once, when its step is bound); `keepInputs` are its consts. */
    readonly compileBody: (body: Program, keepInputs: readonly number[]) => Executable,
  ) {}

  #ref(id: number): BufferRef {
    const ref = this.refs[id];
    if (ref === undefined) throw new Error(`wasm-jit: value ${id} has no buffer`);
    return ref;
  }

  /** The buffer of a region (a sub-range of its value's buffer). */
  region(r: Region): BufferRef {
    const ref = this.#ref(r.value.id);
    return { dtype: ref.dtype, offset: ref.offset + r.offset * bytesPerElement(ref.dtype), length: r.length };
  }

  /** First element index of a region in the whole-memory view of its type. */
  #start(r: Region): number {
    const ref = this.#ref(r.value.id);
    return ref.offset / bytesPerElement(ref.dtype) + r.offset;
  }

  /** A copy of a region's elements as an array of `dtype` (bool: x ≠ 0), written into `into` if given. */
  #read(r: Region, dtype: DType, into?: AnyData): AnyData {
    const whole = this.device.views.of(r.value.dtype);
    const start = this.#start(r);
    if (dtype === r.value.dtype && into === undefined) return whole.slice(start, start + r.length);
    const out = into ?? allocate(dtype, r.length);
    if (dtype === "bool") for (let i = 0; i < r.length; i++) out[i] = whole[start + i] !== 0 ? 1 : 0;
    else out.set(whole.subarray(start, start + r.length));
    return out;
  }

  step(step: Step): BoundStep {
    const { runtime, views } = this.device;
    switch (step._tag) {
      case "upload": {
        const start = this.#start(wholeRegion(step.target));
        const { source, target } = step;
        return (call) => {
          if (call.skipUpload[target.id] !== 1) views.of(target.dtype).set(hostData(source, call), start);
        };
      }
      case "convert": {
        const source = step.source;
        const [from, to] = [this.#start(source), this.#start(wholeRegion(step.target))];
        return () => {
          const src = views.of(source.value.dtype).subarray(from, from + source.length);
          views.of(step.target.dtype).set(src, to);
        };
      }
      case "copy": {
        // each view's buffer runs from its first element to the end of its value
        const from = (value: typeof step.source, offset: number): Region => ({ value, offset, length: value.length - offset });
        return copyKernel(runtime, step.source.dtype, {
          source: this.region(from(step.source, step.sourceOffset)),
          target: this.region(from(step.target, step.targetOffset)),
          shape: step.shape,
          sourceStrides: step.sourceStrides,
          targetStrides: step.targetStrides,
        });
      }
      case "fill": {
        const { target, value } = step;
        const start = this.#start(wholeRegion(target));
        return () => {
          views.of(target.dtype).fill(value, start, start + target.length);
        };
      }
      case "elementwise": {
        const kernel = elementwiseKernel(runtime, {
          dtype: step.dtype,
          inputs: step.inputs.map((i) => i.broadcast),
          outputs: step.outputs.map((o) => o.expr),
        });
        const args = {
          inputs: step.inputs.map((i) => this.region(i.region)),
          outputs: step.outputs.map((o) => this.region(wholeRegion(o.target))),
          rows: step.rows,
          cols: step.cols,
        };
        return () => kernel(args);
      }
      case "matmul": {
        const kernel = matmulKernel(runtime, { dtype: step.dtype, transA: step.transA, transB: step.transB });
        const args = {
          a: this.region(step.a),
          b: this.region(step.b),
          c: this.region(wholeRegion(step.c)),
          m: step.m,
          n: step.n,
          k: step.k,
          batch: step.batch,
          strideA: step.strideA,
          strideB: step.strideB,
          accumulate: step.accumulate,
        };
        const { pool } = this.device;
        const governor = new SplitGovernor(() => performance.now());
        const single = (): void => kernel(args);
        let split: { readonly pool: WorkerPool; readonly run: () => void } | undefined;
        return () => {
          const p = pool();
          if (p !== undefined && split?.pool !== p) split = { pool: p, run: () => p.matmul(kernel, args) };
          governor.run(single, p === undefined ? undefined : split?.run);
        };
      }
      case "reduce": {
        const kernel = reduceKernel(runtime, { dtype: step.dtype, op: step.op, axis: step.axis });
        const calls = Array.from({ length: step.outer }, (_, o) => ({
          input: this.region({ ...step.input, offset: step.input.offset + o * step.inputStride, length: step.inputStride }),
          output: this.region({ value: step.output, offset: o * step.outputStride, length: step.outputStride }),
          rows: step.rows,
          cols: step.cols,
        }));
        return () => {
          for (const args of calls) kernel(args);
        };
      }
      case "random": {
        const kernel = randomKernel(runtime, step.draw);
        const args = { key: this.region(step.key), output: this.region(wholeRegion(step.output)), count: step.count, params: step.params };
        const at = this.#start(step.key);
        return () => {
          // The kernel converts the words as it finds them; the host sampler's check comes first.
          const words = views.of("float64");
          keyOfWords("sample", [words[at] ?? Number.NaN, words[at + 1] ?? Number.NaN]);
          kernel(args);
        };
      }
      case "scan": {
        const operands = step.inputs.map((op) => this.#operand(op));
        const { params } = step.eqn;
        return bindScan(params, operands, step.slot, this.compileBody(params.body, Array.from({ length: params.consts }, (_, i) => i)));
      }
      case "fallback": {
        const { eqn, slot } = step;
        const operands = step.inputs.map((op) => this.#operand(op));
        const inPlace = step.inputs.map((op) => op.from._tag === "device" && op.dtype === op.from.region.value.dtype);
        return (call) => {
          const hosts = operands.map((read) => read(call));
          const data = applyImpl(eqn.prim, hosts, eqn.params, eqn.out.aval);
          // Operands read in place are views of linear memory, which later steps overwrite: a result
          // sharing their buffer (e.g. a custom rule returning its operand) is copied out.
          const aliased = hosts.some((h, i) => inPlace[i] === true && h.data.buffer === data.buffer);
          call.slots[slot] = aliased ? data.slice() : data;
        };
      }
    }
  }

  #operand(op: FallbackOperand): (call: CallState) => { shape: readonly number[]; dtype: DType; data: AnyData } {
    const { shape, dtype, from } = op;
    if (from._tag === "host") return (call) => ({ shape, dtype, data: hostData(from.source, call) });
    const region = from.region;
    const start = this.#start(region);
    if (dtype === region.value.dtype) {
      // read in place: the reference kernels never write their operands
      return () => ({ shape, dtype, data: this.device.views.of(region.value.dtype).subarray(start, start + region.length) });
    }
    return () => ({ shape, dtype, data: this.#read(region, dtype) });
  }

  output(o: OutputSource): BoundOutput {
    switch (o._tag) {
      case "input": {
        const index = o.index;
        return {
          read: (call) => {
            const t = call.inputs[index];
            if (t === undefined) throw new Error(`wasm-jit: missing input ${index}`);
            return t;
          },
        };
      }
      case "data": {
        // A new tensor per call over the same constant array: the caller may donate (retire) it.
        const { shape, dtype, data } = o;
        return { read: () => new Tensor<Shape, DType>(shape, dtype, data) };
      }
      case "slot": {
        const { slot, shape, dtype } = o;
        return { read: (call) => new Tensor<Shape, DType>(shape, dtype, hostData({ _tag: "slot", slot }, call)) };
      }
      case "device": {
        const { region, shape, dtype } = o;
        return {
          fromDevice: { dtype, length: region.length },
          read: (_call, into) => {
            // A fresh or handed-over array that only this tensor reads: a later call may recycle it.
            const t = new Tensor<Shape, DType>(shape, dtype, this.#read(region, dtype, into));
            claimSole(t);
            return t;
          },
        };
      }
    }
  }
}
