// The WebAssembly SIMD kernel library: a runtime (one linear memory, an arena, a kernel cache),
// and kernels generated per structure — a blocked matmul with transposition, batching and
// accumulation; fused elementwise expressions with broadcasting; sum/max reductions; Threefry
// random draws (uniform, bernoulli) bit-identical to src/random. Everything here runs in Node and
// browsers; the worker pool (Node only) lives in ./threads/index.js.
//
//   const runtime = createRuntime();
//   const [x, w, y] = runtime.arena.reserve(planBuffers([...]));   // once
//   const mm = matmulKernel(runtime, { dtype: "float32", transB: true });
//   mm({ a: x, b: w, c: y, m, n, k });                               // every call: no allocation

export { type FloatDType } from "./dtype.js";
export * as expr from "./kernels/elementwise/expr.js";
export { type BinaryOp, type Expr, type UnaryOp } from "./kernels/elementwise/expr.js";
export {
  type ElementwiseArgs,
  type ElementwiseKernel,
  type ElementwiseSpec,
  elementwiseKernel,
} from "./kernels/elementwise/kernel.js";
export { type Broadcast, broadcasts } from "./kernels/elementwise/module.js";
export { type MatmulArgs, type RawMatmul } from "./kernels/matmul/args.js";
export { type MatmulBlocking, defaultBlocking, workspaceBytes } from "./kernels/matmul/config.js";
export { type MatmulKernel, type MatmulSpec, matmulKernel } from "./kernels/matmul/kernel.js";
export { type ReduceArgs, type ReduceKernel, type ReduceSpec, reduceKernel } from "./kernels/reduce-kernel.js";
export { type ReduceAxis, type ReduceOp, reduceAxes, reduceOps } from "./kernels/reduce.js";
export { type RandomArgs, type RandomKernel, randomKernel } from "./kernels/random/kernel.js";
export { type RandomDraw, randomDraws } from "./kernels/random/module.js";
export { Arena } from "./runtime/arena.js";
export { type BufferRef, type DType, bufferAlignment, bytesPerElement } from "./runtime/buffer.js";
export { type CompiledKernel, KernelCache } from "./runtime/cache.js";
export { type LinearMemory, type MemoryOptions, createLinearMemory, ensureBytes } from "./runtime/memory.js";
export { type BufferPlan, type BufferRequest, placePlan, planBuffers } from "./runtime/plan.js";
export { Runtime, type RuntimeOptions, createRuntime, defaultScratchBytes } from "./runtime/runtime.js";
export { type HostArray, type TypedArrayOf, readBuffer, readBufferInto, view, writeBuffer } from "./runtime/transfer.js";
