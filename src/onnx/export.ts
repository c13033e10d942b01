// toOnnx: a tygrad function as an ONNX model. The function is traced to a Program (at several
// sizes of its symbolic dims, see symbolic.ts), equations no output needs are dropped, and each
// remaining primitive is lowered by its rule in lowerings.ts. Tensors the function closes over
// (a model's parameters) become initializers; its arguments become the graph inputs.

import type { Program } from "../core/program.js";
import { traceToProgram } from "../core/staging.js";
import type { Aval } from "../core/trace.js";
import type { ApplyOptions } from "../nn/layer.js";
import type { AnyTensor } from "../tensor/tensor.js";
import { flatten, unflatten } from "../tree/tree.js";
import { OnnxExportError } from "./errors.js";
import { GraphBuilder, onnxDType, rawBytes, type DimSource } from "./graph.js";
import { onnxLowerings, type LowerContext, type OnnxLowering } from "./lowerings.js";
import { encodeModel, type OnnxDim, type ValueInfoProto } from "./proto.js";
import { liveOnly, zipPrograms, type SymAtom, type SymAval, type SymEqn } from "./sym-program.js";
import { checkSizes, cornerSizes, dimNameOf, probesFor, type Probe } from "./symbolic.js";
import type { PrimTag } from "../core/primitives.js";

/** The operator set exported models declare (defined since ONNX 1.12). */
export const ONNX_OPSET = 17;
/** The IR version that goes with opset 17. */
const IR_VERSION = 8;

export interface OnnxOptions {
  /** Names of the graph inputs, one per tensor leaf of the arguments (default "input", or "input0", "input1", …). */
  readonly inputNames?: readonly string[];
  /** Names of the graph outputs, one per tensor leaf of the result (default "output", or "output0", …). */
  readonly outputNames?: readonly string[];
  /**
   * Dims that stay symbolic, per input leaf: axis ↦ dim name, e.g. `[{ 0: "batch" }]` for a
   * dynamic batch axis. The exported model then accepts any size there. Default: every dim fixed.
   */
  readonly dynamicAxes?: readonly (Readonly<Record<number, string>> | undefined)[];
  /** The graph's name (default "tygrad") and the model's doc string. */
  readonly graphName?: string;
  readonly docString?: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const defaultNames = (prefix: string, n: number): string[] => (n === 1 ? [prefix] : Array.from({ length: n }, (_, i) => `${prefix}${i}`));

function checkNames(what: string, names: readonly string[], n: number): void {
  if (names.length !== n) throw new OnnxExportError(`${what} has ${names.length} names, but there are ${n} ${what.replace("Names", "")} tensors`);
  const seen = new Set<string>();
  for (const name of names) {
    if (name === "" || seen.has(name)) throw new OnnxExportError(`${what}: ${JSON.stringify(name)} is empty or repeated`);
    seen.add(name);
  }
}

/** The symbolic dims: their probes, where each can be read at run time, and the dim name of each (input, axis). */
function symbolicDims(options: OnnxOptions, leaves: readonly AnyTensor[], inputNames: readonly string[]): { probes: Probe[]; sources: Map<string, DimSource>; nameAt: (leaf: number, axis: number) => string | undefined } {
  const sources = new Map<string, DimSource>();
  const names = new Map<string, string>(); // "leaf:axis" ↦ dim name
  (options.dynamicAxes ?? []).forEach((spec, leaf) => {
    if (spec === undefined) return;
    const x = leaves[leaf];
    if (x === undefined) throw new OnnxExportError(`dynamicAxes[${leaf}]: there are only ${leaves.length} input tensors`);
    for (const [axisText, name] of Object.entries(spec)) {
      const axis = Number(axisText);
      if (!Number.isInteger(axis) || axis < 0 || axis >= x.shape.length) {
        throw new OnnxExportError(`dynamicAxes[${leaf}]: axis ${axisText} is not an axis of input ${leaf}, of shape [${x.shape.join(", ")}]`);
      }
      if (!NAME.test(name)) throw new OnnxExportError(`dynamicAxes[${leaf}][${axis}]: dim name ${JSON.stringify(name)} must be an identifier (letters, digits, _)`);
      names.set(`${leaf}:${axis}`, name);
      // The first input axis that carries a dim is where the graph reads its size.
      if (!sources.has(name)) sources.set(name, { input: inputNames[leaf] ?? "", axis });
    }
  });
  return { probes: probesFor([...sources.keys()]), sources, nameAt: (leaf, axis) => names.get(`${leaf}:${axis}`) };
}

const declaredDims = (aval: SymAval): OnnxDim[] => aval.shape.map((d) => (typeof d === "number" ? d : dimNameOf(d) ?? null));

const valueInfo = (name: string, aval: SymAval): ValueInfoProto => ({ name, dtype: onnxDType[aval.dtype], dims: declaredDims(aval) });

/** Bytes of a concrete tensor's elements, little-endian. */
const tensorBytes = (t: AnyTensor): Uint8Array => rawBytes(onnxDType[t.dtype], t.toArray());

function lowerEqn(e: SymEqn, ctx: LowerContext): string {
  // The table is keyed by the equation's own primitive, so rule and params agree.
  const rule = onnxLowerings[e.prim] as OnnxLowering<PrimTag>;
  if ("notExportable" in rule) throw new OnnxExportError(`equation ${e.index} (${e.prim}) is not exportable: ${rule.notExportable}`);
  return rule.lower(ctx, e.params as never);
}

/**
 * The ONNX model (opset 17) of `f` applied to arguments shaped like `args`, as the bytes of a
 * `.onnx` file. Tensors `f` closes over become initializers; symbolic dims are declared by
 * `options.dynamicAxes`. Throws an OnnxExportError naming the equation that cannot be exported.
 */
export function toOnnx<Args extends readonly unknown[]>(f: (...args: Args) => unknown, args: Args, options: OnnxOptions = {}): Uint8Array {
  const [leaves, def] = flatten([...args]);
  const inputNames = options.inputNames ?? defaultNames("input", leaves.length);
  checkNames("inputNames", inputNames, leaves.length);
  const { probes, sources, nameAt } = symbolicDims(options, leaves, inputNames);
  const call = f as unknown as (...xs: unknown[]) => unknown; // called with the arguments' own structure
  const flat = (...xs: AnyTensor[]): AnyTensor[] => {
    const rebuilt = unflatten(def, xs);
    return flatten(call(...(Array.isArray(rebuilt) ? rebuilt : [rebuilt])))[0];
  };
  // The inputs' shapes with each symbolic dim at the given size.
  const traceAt = (sizes: ReadonlyMap<string, number>): Program =>
    traceToProgram(flat, leaves.map((x, leaf): Aval => ({
      shape: x.shape.map((d, axis) => sizes.get(nameAt(leaf, axis) ?? "") ?? d),
      dtype: x.dtype,
    })));
  const programs = probes.length === 0
    ? [traceAt(new Map())]
    : [...Array.from({ length: 2 ** probes.length }, (_, corner) => traceAt(cornerSizes(probes, corner))), traceAt(checkSizes(probes))];
  const program = liveOnly(zipPrograms(probes, programs));
  const outputNames = options.outputNames ?? defaultNames("output", program.outputs.length);
  checkNames("outputNames", outputNames, program.outputs.length);

  const graph = new GraphBuilder(sources);
  const names = new Map<unknown, string>();
  program.inputs.forEach((a, i) => {
    if (a._tag === "var") names.set(a.v, inputNames[i] ?? "");
  });
  let constCount = 0;
  const nameOf = (a: SymAtom): string => {
    if (a._tag === "literal") return graph.symScalar(a.value, onnxDType[a.dtype]);
    const known = names.get(a.v);
    if (known !== undefined) return known;
    const value = program.consts.get(a.v);
    if (value === undefined) throw new OnnxExportError("an operand is used before it is defined");
    const name = graph.initializer(`param_${constCount++}`, onnxDType[value.dtype], value.shape, tensorBytes(value));
    names.set(a.v, name);
    return name;
  };
  const avalOfAtom = (a: SymAtom): SymAval => (a._tag === "var" ? a.aval : { shape: [], dtype: a.dtype });
  for (const e of program.eqns) {
    const ctx: LowerContext = { graph, inputs: e.inputs.map(nameOf), avals: e.inputs.map(avalOfAtom), out: e.outAval };
    names.set(e.out, lowerEqn(e, ctx));
  }
  // Each output gets its own name through an Identity (ONNX Runtime removes it when it loads).
  const outputs = program.outputs.map((a, i) => {
    const name = outputNames[i] ?? "";
    graph.nodes.push({ opType: "Identity", inputs: [nameOf(a)], outputs: [name], name: `n_output_${i}`, attributes: [] });
    return valueInfo(name, avalOfAtom(a));
  });
  return encodeModel({
    irVersion: IR_VERSION,
    opset: ONNX_OPSET,
    producerName: "tygrad",
    producerVersion: "0.1.0",
    docString: options.docString ?? "",
    graph: {
      name: options.graphName ?? "tygrad",
      nodes: graph.nodes,
      initializers: graph.initializers,
      inputs: program.inputs.map((a, i) => valueInfo(inputNames[i] ?? "", avalOfAtom(a))),
      outputs,
    },
  });
}

/** What layerToOnnx needs of a layer: its untyped `run` (every tygrad layer has one). */
export interface RunnableLayer<P, St> {
  run(params: P, state: St, x: AnyTensor, options: ApplyOptions): readonly [AnyTensor, unknown];
}

/**
 * A layer (or a whole `sequential` model) in inference mode — running statistics, no dropout —
 * with its parameters and state as initializers, exported with a dynamic batch axis (axis 0,
 * named "batch") unless `options` says otherwise. `example` fixes the other dims and the dtype.
 */
export function layerToOnnx<P, St>(layer: RunnableLayer<P, St>, params: P, state: St, example: AnyTensor, options: OnnxOptions = {}): Uint8Array {
  const inference: ApplyOptions = { train: false };
  return toOnnx((x: AnyTensor) => layer.run(params, state, x, inference)[0], [example], {
    dynamicAxes: [{ 0: "batch" }],
    inputNames: ["input"],
    outputNames: ["output"],
    ...options,
  });
}
