// Accelerated eager kernels: what plain evaluation (outside jit) runs on the WebAssembly kernels
// instead of the reference loops, because there it is clearly faster, copies in and out included:
//
//   dot       float products of at least `minimumWork` multiply-adds (the kernel sums in the
//             operands' precision, the reference in float64: results agree to rounding);
//   neg, add, sub, mul, div, max, min, sqrt
//             float arrays of at least `minimumElements` elements. These give bit-identical results:
//             IEEE arithmetic rounds once, and the reference's float64 intermediate rounded to
//             float32 is the same number (float64 carries more than twice float32's precision).
//
// Everything else — the transcendental functions, whose kernels are accurate to about an ulp but
// not equal to Math.exp and friends, reductions, int32 and bool work — keeps its reference kernel.

import type { AcceleratedKernels, AcceleratedRule } from "../../core/accelerate.js";
import type { HostArray } from "../../core/host.js";
import { dotDims } from "../../core/impl/dot.js";
import type { PrimTag } from "../../core/primitives.js";
import { isFloat, type AnyData, type FloatDType } from "../../tensor/dtype.js";
import * as E from "../wasm/kernels/elementwise/expr.js";
import { elementwiseKernel } from "../wasm/kernels/elementwise/kernel.js";
import { matmulKernel } from "../wasm/kernels/matmul/kernel.js";
import { bytesPerElement, type BufferRef } from "../wasm/runtime/buffer.js";
import type { WasmBackend } from "./backend.js";
import { SplitGovernor } from "./governor.js";

export interface EagerOptions {
  /** Smallest product (batch·m·n·k multiply-adds) sent to the Wasm matmul (default 2^15). */
  readonly minimumWork?: number;
  /** Smallest array sent to a Wasm elementwise kernel (default 2^14 elements). */
  readonly minimumElements?: number;
  /**
   * Asked before each kernel runs: false declines, leaving the work to the reference kernels
   * (default: always available). Lets the SIMD check wait until a kernel is first wanted.
   */
  readonly available?: () => boolean;
}

/**
 * Runs `compute` on copies of `inputs` in the backend's memory and returns a copy of its result
 * (`length` elements); the memory is released afterwards.
 */
function onDevice(
  backend: WasmBackend, dtype: FloatDType, inputs: readonly AnyData[], length: number,
  compute: (buffers: readonly BufferRef[], output: BufferRef) => void,
): AnyData {
  const { runtime, views } = backend.device();
  const arena = runtime.arena;
  const mark = arena.mark();
  try {
    const buffers = inputs.map((data) => arena.alloc(dtype, data.length));
    const output = arena.alloc(dtype, length);
    const bytes = bytesPerElement(dtype);
    buffers.forEach((b, i) => views.of(dtype).set(inputs[i] ?? [], b.offset / bytes));
    compute(buffers, output);
    const start = output.offset / bytes;
    return views.of(dtype).slice(start, start + length);
  } finally {
    arena.release(mark);
  }
}

const exactUnary = { neg: E.neg, sqrt: E.sqrt } as const;
const exactBinary = { add: E.add, sub: E.sub, mul: E.mul, div: E.div, max: E.max, min: E.min } as const;
type ExactOp = keyof typeof exactUnary | keyof typeof exactBinary;

const exactExpr = (op: ExactOp): E.Expr =>
  op === "neg" || op === "sqrt" ? exactUnary[op](E.input(0)) : exactBinary[op](E.input(0), E.input(1));

export function eagerKernels(backend: WasmBackend, options: EagerOptions = {}): AcceleratedKernels {
  const minimumWork = options.minimumWork ?? 1 << 15;
  const minimumElements = options.minimumElements ?? 1 << 14;
  const available = options.available ?? (() => true);
  /** Whether splitting pays, per product shape (see governor.ts). */
  const governors = new Map<string, SplitGovernor>();

  const elementwise = (op: ExactOp): AcceleratedRule<PrimTag> => (inputs: readonly HostArray[], _params, out) => {
    const dtype = out.dtype;
    const length = inputs[0]?.data.length ?? 0;
    if (!isFloat(dtype) || length < minimumElements || !inputs.every((h) => h.dtype === dtype) || !available()) return undefined;
    const kernel = elementwiseKernel(backend.device().runtime, {
      dtype,
      inputs: inputs.map(() => "full"),
      outputs: [exactExpr(op)],
    });
    return onDevice(backend, dtype, inputs.map((h) => h.data), length, (buffers, output) =>
      kernel({ inputs: buffers, outputs: [output], rows: 1, cols: length }),
    );
  };

  return {
    dot: (inputs, { transposeA, transposeB }, out) => {
      const [a, b] = inputs;
      const dtype = out.dtype;
      if (a === undefined || b === undefined || !isFloat(dtype)) return undefined;
      const { batch, m, n, k } = dotDims(a.shape, b.shape, transposeA, transposeB);
      if (batch * m * n * k < minimumWork || !available()) return undefined;
      void backend.ready(); // starts the worker pool (if threads are on) for later products
      const kernel = matmulKernel(backend.device().runtime, { dtype, transA: transposeA, transB: transposeB });
      const shape = `${dtype}:${transposeA}:${transposeB}:${batch}x${m}x${n}x${k}`;
      const governor = governors.get(shape) ?? new SplitGovernor(() => performance.now());
      governors.set(shape, governor);
      return onDevice(backend, dtype, [a.data, b.data], batch * m * n, ([bufA, bufB], c) => {
        if (bufA === undefined || bufB === undefined) return;
        const args = { a: bufA, b: bufB, c, m, n, k, batch };
        const pool = backend.device().pool();
        governor.run(() => kernel(args), pool === undefined ? undefined : () => pool.matmul(kernel, args));
      });
    },
    neg: elementwise("neg"),
    sqrt: elementwise("sqrt"),
    add: elementwise("add"),
    sub: elementwise("sub"),
    mul: elementwise("mul"),
    div: elementwise("div"),
    max: elementwise("max"),
    min: elementwise("min"),
  };
}
