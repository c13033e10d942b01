// A scan step at run time: the body was compiled once, as a program of its own (so a 512-step
// recurrence is one compiled body, not 512 unrolled copies), and this loop runs it once per
// step. Each step's carries are the previous step's results, handed over (donated) as the very
// tensors the body returned, so the body's executable skips re-uploading those it keeps resident
// and may write the new carries into the old ones' arrays; each step reads its row of every xs
// operand in place and writes its ys into their rows of the packed result.

import type { HostArray } from "../../core/host.js";
import type { ScanParams } from "../../core/primitives.js";
import { scanOperands, scanPieces } from "../../core/scan-layout.js";
import type { Shape } from "../../shape/index.js";
import { allocate, type DType } from "../../tensor/dtype.js";
import { concreteData, Tensor, type AnyTensor } from "../../tensor/tensor.js";
import type { Executable } from "../jit/backend.js";
import type { BoundStep, CallState } from "./bind.js";

const tensorOf = (h: HostArray): AnyTensor => new Tensor<Shape, DType>(h.shape, h.dtype, h.data);

export function bindScan(
  params: ScanParams, operands: readonly ((call: CallState) => HostArray)[], slot: number, body: Executable,
): BoundStep {
  const pieces = scanPieces(params.body, params.carries, params.length);
  const total = pieces.reduce((n, p) => n + p.size, 0);
  return (call) => {
    // Operands read in place live in linear memory that the body's own uploads do not touch, but
    // copies keep them valid whatever the body does (they are read once per call, not per step).
    const hosts = operands.map((read) => {
      const h = read(call);
      return { shape: h.shape, dtype: h.dtype, data: h.data.slice() };
    });
    const { consts, carries: init, xs } = scanOperands(hosts, params);
    const constTensors = consts.map(tensorOf);
    let carries = init.map(tensorOf);
    const packed = allocate(params.dtype, total);
    // each step's carries are the previous step's results, which nothing else reads: the body may
    // write its new carries into their arrays (the first step's are this call's own copies)
    const donated = [...consts.map(() => false), ...init.map(() => true), ...xs.map(() => false)];
    const rows = xs.map((x) => ({ shape: x.shape.slice(1), n: x.shape.slice(1).reduce((a, b) => a * b, 1), x }));
    for (let step = 0; step < params.length; step++) {
      const t = params.reverse ? params.length - 1 - step : step;
      const xt = rows.map(({ shape, n, x }) => new Tensor<Shape, DType>(shape, x.dtype, x.data.subarray(t * n, (t + 1) * n)));
      const outs = body.run([...constTensors, ...carries, ...xt], donated);
      carries = outs.slice(0, params.carries);
      outs.slice(params.carries).forEach((y, j) => {
        const piece = pieces[params.carries + j];
        if (piece !== undefined) packed.set(concreteData(y, "scan"), piece.offset + t * y.size);
      });
    }
    carries.forEach((c, j) => {
      const piece = pieces[j];
      if (piece !== undefined) packed.set(concreteData(c, "scan"), piece.offset);
    });
    call.slots[slot] = packed;
  };
}
