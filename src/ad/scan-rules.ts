// The transformation rules of scan. Each builds a new body Program from the old one by running
// the old body under the transformation inside `traceToProgram`, and emits one new scan:
//
//   jvp        the body's jvp: carries (c, ċ), consts (k, k̇), xs (x, ẋ) ↦ (c', ċ'), (y, ẏ)
//   partial    the jvp scan split in two (as JAX's partial_eval_jaxpr): a known scan computing
//   eval       the primal results and saving each step's carries; and an unknown scan, linear in
//              the tangents, reading those carries as xs and recomputing from them the primal
//              values the tangents need (so a step saves its carries, not every intermediate)
//   transpose  the linear scan run backwards: the carry's cotangent flows from the last step to
//              the first, the consts' cotangents accumulate in extra carries, and each step's xs
//              cotangent is that step's y
//   vmap       the body batched: every carry gets the batch axis, xs are scanned over their
//              step axis with the batch second
//
// In every rule the scan's one output is the packed vector of scan-layout.ts.

import { evalProgram } from "../core/eval-program.js";
import * as lax from "../core/lax.js";
import type { ScanParams } from "../core/primitives.js";
import type { Program, Var } from "../core/program.js";
import { hoistConsts, packedDType, packScan, scanOperands, scanPieces, stepAval, unpackScan } from "../core/scan-layout.js";
import { traceToProgram } from "../core/staging.js";
import { avalOf, bind, type Aval } from "../core/trace.js";
import { isFloat } from "../tensor/dtype.js";
import { REPR, type AnyTensor } from "../tensor/tensor.js";
import type { BatchValue } from "./batch-rules.js";
import { jvpFlatSymbolic } from "./jvp-trace.js";
import type { Tangent } from "./jvp-rules.js";
import { partialEvalFlat, PartialTracer, type PartialEvalTrace, type PartialVal } from "./partial-eval.js";
import { transposeProgram } from "./transpose.js";
import { LinearArg, type TransposeInput } from "./transpose-rules.js";

type T = AnyTensor;

/** Binds a scan of `body` over operands grouped by role (captured values join the consts) and unpacks its results. */
function emitScan(
  traced: Program, consts: readonly T[], carries: readonly T[], xs: readonly T[], length: number, reverse: boolean,
): T[] {
  const { body, captured } = hoistConsts(traced);
  const params: ScanParams = {
    body, length, reverse, consts: captured.length + consts.length, carries: carries.length,
    dtype: packedDType(body.outputs.map((o) => o.aval.dtype)),
  };
  const packed = bind("scan", [...captured, ...consts, ...carries, ...xs], params);
  return unpackScan(packed, scanPieces(body, params.carries, length));
}

const avalsOfStep = (xs: readonly T[]): Aval[] => xs.map((x) => stepAval(avalOf(x)));

// -- jvp -------------------------------------------------------------------------------------------

/** d scan = the scan of the body's jvp; float operands with a zero tangent get an explicit zero. */
export function scanJvp(primals: readonly T[], tangents: readonly Tangent[], params: ScanParams): readonly [T, Tangent] {
  if (tangents.every((t) => t === null)) return [bind("scan", primals, params), null];
  const { body, carries: nc, length, reverse } = params;
  const float = primals.map((x) => isFloat(x.dtype));
  const dot = primals.map((x, i) => (float[i] === true ? (tangents[i] ?? lax.zerosLike(x)) : undefined));
  const roles = scanOperands(primals.map((x, i) => ({ x, d: dot[i] })), params);
  const withTangent = <R extends { readonly d: T | undefined }>(rs: readonly R[]): T[] => rs.flatMap((r) => (r.d === undefined ? [] : [r.d]));
  const outFloat = body.outputs.map((o) => isFloat(o.aval.dtype));
  const [kN, cN, xN] = [roles.consts.length, roles.carries.length, roles.xs.length];
  const dk = withTangent(roles.consts), dc = withTangent(roles.carries), dx = withTangent(roles.xs);

  // body': (k, k̇), (c, ċ), (x, ẋ) ↦ (c', ċ'), (y, ẏ), with tangents only for float values
  const step = (...ins: T[]): T[] => {
    let at = 0;
    const take = (n: number): T[] => ins.slice(at, (at += n));
    const [k, kd, c, cd, x, xd] = [take(kN), take(dk.length), take(cN), take(dc.length), take(xN), take(dx.length)];
    const spread = (vals: readonly T[], has: readonly { readonly d: T | undefined }[], ds: readonly T[]): Tangent[] => {
      let j = 0;
      return vals.map((_, i) => (has[i]?.d === undefined ? null : (ds[j++] ?? null)));
    };
    const primalIn = [...k, ...c, ...x];
    const tangentIn = [...spread(k, roles.consts, kd), ...spread(c, roles.carries, cd), ...spread(x, roles.xs, xd)];
    const [outs, touts] = jvpFlatSymbolic((...v) => evalProgram(body, v), primalIn, tangentIn);
    const dOut = outs.map((o, j) => (outFloat[j] === true ? (touts[j] ?? lax.zerosLike(o)) : undefined));
    const carriesOut = outs.slice(0, nc), ysOut = outs.slice(nc);
    const dCarries = dOut.slice(0, nc).flatMap((d) => (d === undefined ? [] : [d]));
    const dYs = dOut.slice(nc).flatMap((d) => (d === undefined ? [] : [d]));
    return [...carriesOut, ...dCarries, ...ysOut, ...dYs];
  };
  const avals = [...roles.consts.map((r) => avalOf(r.x)), ...dk.map(avalOf), ...roles.carries.map((r) => avalOf(r.x)), ...dc.map(avalOf),
    ...avalsOfStep(roles.xs.map((r) => r.x)), ...avalsOfStep(dx)];
  const traced = traceToProgram(step, avals);
  const results = emitScan(traced, [...roles.consts.map((r) => r.x), ...dk], [...roles.carries.map((r) => r.x), ...dc],
    [...roles.xs.map((r) => r.x), ...dx], length, reverse);
  // results: carries, float carries' tangents, ys, float ys' tangents
  const nFloatC = outFloat.slice(0, nc).filter((f) => f).length;
  const ny = body.outputs.length - nc;
  const cs = results.slice(0, nc), dcs = results.slice(nc, nc + nFloatC);
  const ys = results.slice(nc + nFloatC, nc + nFloatC + ny), dys = results.slice(nc + nFloatC + ny);
  const primalPacked = packScan([...cs, ...ys], params.dtype);
  if (!isFloat(params.dtype)) return [primalPacked, null];
  let ic = 0, iy = 0;
  const tangentParts = [...cs, ...ys].map((v, j) => {
    if (outFloat[j] !== true) return lax.zerosLike(v);
    const t = j < nc ? dcs[ic++] : dys[iy++];
    return t ?? lax.zerosLike(v);
  });
  return [primalPacked, packScan(tangentParts, params.dtype)];
}

// -- partial evaluation ----------------------------------------------------------------------------

interface Split {
  /**
   * The known body, traced: known (consts, carries, xs) ↦ known carries, known ys, then each
   * known carry as it enters the step (the only values saved per step).
   */
  readonly known: Program;
  /** For each output of the body: whether it is unknown. */
  readonly unknownOut: readonly boolean[];
}

/** Which outputs of the body are unknown, and the known body, given which of its inputs are unknown. */
function splitBody(body: Program, unknownIn: readonly boolean[], carries: number, consts: number): Split {
  const knownIndex = body.inputs.map((_, i) => i).filter((i) => unknownIn[i] !== true);
  const knownCarryIndex = knownIndex.filter((i) => i >= consts && i < consts + carries);
  let unknownOut: boolean[] = [];
  const known = traceToProgram((...knownIns: T[]) => {
    const byBodyInput = new Map<number, T>(knownIndex.map((i, k) => [i, knownIns[k] ?? missing()]));
    const pvals: PartialVal[] = body.inputs.map((v, i) => (unknownIn[i] === true ? { unknown: v.aval } : { known: byBodyInput.get(i) ?? missing() }));
    let outs: readonly T[] = [];
    const run = (...v: T[]): T[] => {
      const o = evalProgram(body, v);
      outs = o;
      return o;
    };
    // partial evaluation says exactly which outputs are known (nested scans included)
    const { outputs } = partialEvalFlat(run, pvals, () => {
      unknownOut = outs.map((o, j) => {
        const r = o[REPR];
        return (j < carries && unknownIn[consts + j] === true) || (r instanceof PartialTracer && "unknown" in r.pval);
      });
      return [];
    });
    const knownOuts = outputs.flatMap((pv, j) => (unknownOut[j] === true || !("known" in pv) ? [] : [pv.known]));
    return [...knownOuts, ...knownCarryIndex.map((i) => byBodyInput.get(i) ?? missing())];
  }, knownIndex.map((i) => body.inputs[i]?.aval ?? missing()));
  return { known, unknownOut };
}

const missing = (): never => {
  throw new Error("internal: a scan operand or output is missing");
};

/** The equations of `program` its outputs need (a body restricted to some of its outputs). */
function liveEqns(program: Program): Program {
  const live = new Set<Var>(program.outputs.filter((o): o is Var => o._tag === "var"));
  const kept = [];
  for (let i = program.eqns.length - 1; i >= 0; i--) {
    const e = program.eqns[i];
    if (e === undefined || !live.has(e.out)) continue;
    kept.push(e);
    for (const a of e.inputs) if (a._tag === "var") live.add(a);
  }
  return { ...program, eqns: kept.reverse() };
}

/**
 * A scan with some operands known and some unknown. The known part runs now (one level down):
 * the known carries and ys, and each known carry as it enters each step. The unknown part is
 * recorded as a scan of the whole body restricted to the unknown outputs, with the known carries
 * of each step as its xs: it recomputes the known values it needs from them (the consts and xs
 * are passed as they are), so only the carries are saved per step, not every intermediate value.
 * A carry is unknown when its initial value is, or when the body makes it so from unknown inputs
 * (a fixpoint).
 */
export function partialEvalScan(trace: PartialEvalTrace, tracers: readonly PartialTracer[], params: ScanParams): T {
  const { body, carries: nc, consts: nk, length, reverse } = params;
  const unknownIn = tracers.map((t) => "unknown" in t.pval);
  let split = splitBody(body, unknownIn, nc, nk);
  for (let round = 0; round < nc + 1; round++) {
    const grown = unknownIn.map((u, i) => u || (i >= nk && i < nk + nc && split.unknownOut[i - nk] === true));
    if (grown.every((u, i) => u === unknownIn[i])) break;
    grown.forEach((u, i) => (unknownIn[i] = u));
    split = splitBody(body, unknownIn, nc, nk);
  }
  const knownValue = (t: PartialTracer): T => {
    if (!("known" in t.pval)) throw new Error("internal: a scan operand expected known is unknown");
    return t.pval.known;
  };
  const roles = scanOperands(tracers.map((t, i) => ({ t, i, unknown: unknownIn[i] === true })), params);
  const knownOf = <R extends { readonly t: PartialTracer; readonly unknown: boolean }>(rs: readonly R[]): T[] => rs.filter((r) => !r.unknown).map((r) => knownValue(r.t));

  // The known scan, computed now: known carries, known ys, and the known carries of every step.
  const nKnownC = split.unknownOut.slice(0, nc).filter((u) => !u).length;
  const nKnownY = split.unknownOut.slice(nc).filter((u) => !u).length;
  const knownResults = emitScan(split.known, knownOf(roles.consts), knownOf(roles.carries), knownOf(roles.xs), length, reverse);
  const knownCarries = knownResults.slice(0, nKnownC);
  const knownYs = knownResults.slice(nKnownC, nKnownC + nKnownY);
  const carriesPerStep = knownResults.slice(nKnownC + nKnownY);

  // The unknown scan, recorded: body inputs reordered to consts, unknown carries, known carries
  // (now xs), xs; outputs the unknown ones.
  const carryVars = body.inputs.slice(nk, nk + nc);
  const unknownCarries = roles.carries.filter((r) => r.unknown);
  const knownCarriesIn = roles.carries.filter((r) => !r.unknown);
  const linBody = liveEqns({
    inputs: [...body.inputs.slice(0, nk), ...unknownCarries.map((r) => carryVars[r.i - nk] ?? missing()),
      ...knownCarriesIn.map((r) => carryVars[r.i - nk] ?? missing()), ...body.inputs.slice(nk + nc)],
    consts: [], constValues: [], eqns: body.eqns,
    outputs: body.outputs.filter((_, j) => split.unknownOut[j] === true),
  });
  const operands: PartialTracer[] = [
    ...roles.consts.map((r) => r.t),
    ...unknownCarries.map((r) => r.t),
    ...carriesPerStep.map((v) => new PartialTracer(trace, { known: v }, null)),
    ...roles.xs.map((r) => r.t),
  ];
  const linParams: ScanParams = {
    body: linBody, length, reverse, consts: nk, carries: unknownCarries.length,
    dtype: packedDType(linBody.outputs.map((o) => o.aval.dtype)),
  };
  const linPacked = trace.record("scan", operands, linParams);
  const unknownResults = unpackScan(linPacked, scanPieces(linBody, linParams.carries, length));

  // The scan's packed output, assembled from both parts in the original order.
  let kc = 0, ky = 0, u = 0;
  const parts = split.unknownOut.map((isUnknown, j) => {
    if (isUnknown) return unknownResults[u++] ?? missing();
    return trace.pure(j < nc ? (knownCarries[kc++] ?? missing()) : (knownYs[ky++] ?? missing()));
  });
  return packScan(parts, params.dtype);
}

// -- transpose -------------------------------------------------------------------------------------

/**
 * The transpose of a scan linear in its non-residual operands: a scan in the other direction
 * whose carries are the cotangents of the carries and of the linear consts, and whose ys are the
 * cotangents of the linear xs. Residual operands (known values) get no cotangent.
 */
export function scanTranspose(ct: T, inputs: readonly TransposeInput[], params: ScanParams): (T | null)[] {
  const { body, carries: nc, length, reverse } = params;
  const isLin = inputs.map((x) => x instanceof LinearArg);
  const roles = scanOperands(inputs.map((x, i) => ({ x, i, lin: isLin[i] === true })), params);
  const residualConsts = roles.consts.filter((r) => !r.lin);
  const linearConsts = roles.consts.filter((r) => r.lin);
  const residualXs = roles.xs.filter((r) => !r.lin);
  const linearXs = roles.xs.filter((r) => r.lin);
  const known = (x: TransposeInput): T => {
    if (x instanceof LinearArg) throw new Error("internal: a linear scan operand was read as a residual");
    return x;
  };
  const pieces = scanPieces(body, nc, length);
  const cts = unpackScan(ct, pieces);
  const ctCarries = cts.slice(0, nc);
  const ctYs = cts.slice(nc);
  const inAval = (i: number): Aval => body.inputs[i]?.aval ?? missing();

  // transposed body: residual consts, (const cotangent sums, carry cotangents), (residual x_t, ȳ_t)
  //   ↦ (sums + this step's const cotangents, the carry cotangents one step earlier), x̄_t
  const step = (...ins: T[]): T[] => {
    let at = 0;
    const take = (n: number): T[] => ins.slice(at, (at += n));
    const [rk, sums, cc, rx, cy] = [take(residualConsts.length), take(linearConsts.length), take(nc), take(residualXs.length), take(ctYs.length)];
    const linearVars: Var[] = [...linearConsts.map((r) => body.inputs[r.i] ?? missing()), ...body.inputs.slice(params.consts, params.consts + nc),
      ...linearXs.map((r) => body.inputs[r.i] ?? missing())];
    const residualVars: Var[] = [...residualConsts.map((r) => body.inputs[r.i] ?? missing()), ...residualXs.map((r) => body.inputs[r.i] ?? missing())];
    const bodyR: Program = { inputs: linearVars, consts: residualVars, constValues: [...rk, ...rx], eqns: body.eqns, outputs: body.outputs };
    const bars = transposeProgram(bodyR, [...cc, ...cy]);
    const kBars = bars.slice(0, linearConsts.length);
    const cBars = bars.slice(linearConsts.length, linearConsts.length + nc);
    const xBars = bars.slice(linearConsts.length + nc);
    return [...sums.map((s, j) => lax.add(s, kBars[j] ?? missing())), ...cBars, ...xBars];
  };
  const avals: Aval[] = [
    ...residualConsts.map((r) => avalOf(known(r.x))), ...linearConsts.map((r) => inAval(r.i)), ...body.outputs.slice(0, nc).map((o) => o.aval),
    ...residualXs.map((r) => stepAval(avalOf(known(r.x)))), ...ctYs.map((y) => stepAval(avalOf(y))),
  ];
  const traced = traceToProgram(step, avals);
  const zeros = linearConsts.map((r) => lax.full(inAval(r.i).shape, 0, inAval(r.i).dtype));
  const results = emitScan(traced, residualConsts.map((r) => known(r.x)), [...zeros, ...ctCarries],
    [...residualXs.map((r) => known(r.x)), ...ctYs], length, !reverse);
  const kBar = results.slice(0, linearConsts.length);
  const cBar = results.slice(linearConsts.length, linearConsts.length + nc);
  const xBar = results.slice(linearConsts.length + nc);
  const out: (T | null)[] = inputs.map(() => null);
  linearConsts.forEach((r, j) => (out[r.i] = kBar[j] ?? null));
  roles.carries.forEach((r, j) => (out[r.i] = r.lin ? (cBar[j] ?? null) : null));
  linearXs.forEach((r, j) => (out[r.i] = xBar[j] ?? null));
  return out;
}

// -- vmap ------------------------------------------------------------------------------------------

/**
 * scan over a batch: the batched body, every carry batched (an unbatched initial carry is
 * broadcast), xs moved to [steps, B, …] so each step sees [B, …]; the packed output is then
 * rebuilt per example ([B, packed]).
 */
export function scanBatch(args: readonly BatchValue[], params: ScanParams, size: number, batchFlat: (f: (...xs: T[]) => readonly T[], inputs: readonly T[], batched: readonly boolean[], size: number) => T[]): BatchValue {
  const { body, carries: nc, length, reverse } = params;
  if (!args.some((a) => a.batched)) return { value: bind("scan", args.map((a) => a.value), params), batched: false };
  const roles = scanOperands(args, params);
  const materialize = (a: BatchValue): T => (a.batched ? a.value : lax.broadcast(a.value, [size, ...a.value.shape]));
  const consts = roles.consts.map((a) => a.value);
  const carries = roles.carries.map(materialize);
  // a batched xs is [B, steps, …]: scan over its steps with the batch second
  const xs = roles.xs.map((a) => (a.batched ? lax.transpose(a.value, [1, 0, ...a.value.shape.slice(2).map((_, i) => i + 2)]) : a.value));
  const flags = [...roles.consts.map((a) => a.batched), ...roles.carries.map(() => true), ...roles.xs.map((a) => a.batched)];
  const step = (...ins: T[]): T[] => batchFlat((...v) => evalProgram(body, v), ins, flags, size);
  const avals = [...consts.map(avalOf), ...carries.map(avalOf), ...avalsOfStep(xs)];
  const traced = traceToProgram(step, avals);
  const results = emitScan(traced, consts, carries, xs, length, reverse);
  // carries [B, …] and ys [steps, B, …] ↦ rows [B, n] of the packed output
  const rows = results.map((r, j) => {
    const perExample = j < nc ? r : lax.transpose(r, [1, 0, ...r.shape.slice(2).map((_, i) => i + 2)]);
    return lax.reshape(lax.convert(perExample, params.dtype), [size, perExample.shape.slice(1).reduce((a, b) => a * b, 1)]);
  });
  const value = rows.length === 0 ? lax.full([size, 0], 0, params.dtype) : rows.length === 1 && rows[0] !== undefined ? rows[0] : lax.concatenate(rows, 1);
  return { value, batched: true };
}
