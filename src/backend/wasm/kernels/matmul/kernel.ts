// The public single-threaded matmul: C = op(A)·op(B) (or C += …) over buffers in a runtime's
// memory, with op ∈ {identity, transpose} per operand and optional batching.

import { type FloatDType, floatKind } from "../../dtype.js";
import { type CompiledKernel } from "../../runtime/cache.js";
import { type Runtime } from "../../runtime/runtime.js";
import { exportedFunction } from "../../wasm-api.js";
import { type MatmulArgs, type MatmulLayout, type RawMatmul, rawArguments, resolveMatmul } from "./args.js";
import { type MatmulBlocking, defaultBlocking, workspaceBytes } from "./config.js";
import { matmulModule } from "./module.js";

export interface MatmulSpec {
  readonly dtype: FloatDType;
  /** op(A) = Aᵀ (A stored k × m). */
  readonly transA?: boolean;
  /** op(B) = Bᵀ (B stored n × k). */
  readonly transB?: boolean;
  /** Register and cache blocking; the tuned default for the dtype when omitted. */
  readonly blocking?: MatmulBlocking;
}

export interface MatmulKernel {
  (args: MatmulArgs): void;
  readonly spec: Required<MatmulSpec>;
  /** The runtime whose memory the kernel works on. */
  readonly runtime: Runtime;
  readonly compiled: CompiledKernel;
  /** Bytes of packing scratch one thread needs. */
  readonly workspaceBytes: number;
  /** Checks a call and returns it in the kernel's raw terms. */
  readonly resolve: (args: MatmulArgs) => RawMatmul;
  /** Runs a resolved (sub)problem with the given scratch address. */
  readonly run: (problem: RawMatmul, workspace: number) => void;
}

const blockingKey = (b: MatmulBlocking): string => [b.mr, b.nr, b.kc, b.mc, b.nc, b.unroll].join(",");

/** Compiles (or fetches from the runtime's cache) the matmul kernel for `spec`. */
export const matmulKernel = (runtime: Runtime, spec: MatmulSpec): MatmulKernel => {
  const kind = floatKind(spec.dtype);
  const full: Required<MatmulSpec> = {
    dtype: kind.dtype,
    transA: spec.transA ?? false,
    transB: spec.transB ?? false,
    blocking: spec.blocking ?? defaultBlocking[kind.dtype],
  };
  const layout: MatmulLayout = { transA: full.transA, transB: full.transB };
  const key = `matmul:${kind.dtype}:${full.transA ? "T" : "N"}${full.transB ? "T" : "N"}:${blockingKey(full.blocking)}`;
  const compiled = runtime.kernels.get(key, () =>
    matmulModule(kind, full.blocking, layout, runtime.kernels.memoryImport),
  );
  const scratchBytes = workspaceBytes(full.blocking, kind.bytes);
  if (scratchBytes > runtime.scratch.bytes) {
    throw new RangeError(
      `matmulKernel: this blocking needs ${scratchBytes} bytes of scratch but the runtime has ${runtime.scratch.bytes}; create it with createRuntime({ scratchBytes: ${scratchBytes} })`,
    );
  }
  const workspace = runtime.scratch.address;
  const entry = exportedFunction(compiled.instance, "matmul");
  const op = `matmul(${kind.dtype}, ${full.transA ? "Aᵀ" : "A"}·${full.transB ? "Bᵀ" : "B"})`;

  const resolve = (args: MatmulArgs): RawMatmul => resolveMatmul(op, kind, layout, args);
  const run = (problem: RawMatmul, scratch: number): void => {
    entry(...rawArguments(problem, scratch));
  };
  const call = (args: MatmulArgs): void => run(resolve(args), workspace);
  return Object.assign(call, { spec: full, runtime, compiled, workspaceBytes: scratchBytes, resolve, run });
};
