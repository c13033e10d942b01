// jit: trace a function once per input signature, compile the Program, and reuse it.
//
//   const step = jit(trainStep);
//   step(params, state, batch)   // first call with these shapes: trace + compile + run
//   step(params2, state2, batch) // same signature: run the compiled program
//
// jit composes with the other transformations: jit(grad(f)) compiles the whole gradient
// computation; called inside grad/jvp/another jit (with traced arguments), a jitted function
// simply runs its body in the enclosing transformation.

import { traceToProgram } from "../../core/staging.js";
import type { Program } from "../../core/program.js";
import { avalOf } from "../../core/trace.js";
import { flatten, unflatten, type TreeDef } from "../../tree/tree.js";
import type { AnyTensor } from "../../tensor/tensor.js";
import { referenceBackend, type Backend, type Executable } from "./backend.js";
import { signatureDiff, signatureOf, type Signature } from "./signature.js";

export interface JitOptions {
  /** The compiler (default: the WebAssembly backend when available, else the reference interpreter). */
  readonly backend?: Backend;
  /** After this many distinct signatures, each new compilation is reported (default 8). */
  readonly maxSignatures?: number;
  /** Receives recompilation reports (default: process.emitWarning). */
  readonly onRecompile?: (message: string) => void;
}

export interface JitStats {
  readonly compilations: number;
  readonly cacheHits: number;
  readonly inlined: number;
}

export interface Jitted<Args extends readonly unknown[], R> {
  (...args: Args): R;
  /** The Program traced for these arguments' signature (traced anew if not cached). */
  program(...args: Args): Program;
  readonly stats: () => JitStats;
}

interface Compiled {
  readonly program: Program;
  readonly executable: Executable;
  readonly outDef: TreeDef;
}

let defaultBackend: Backend = referenceBackend;

/** Sets the backend used by jit when none is given (the Wasm backend registers itself here). */
export function setDefaultBackend(backend: Backend): void {
  defaultBackend = backend;
}
export const getDefaultBackend = (): Backend => defaultBackend;

const warn = (message: string): void => {
  process.emitWarning(message, { type: "TygradRecompilationWarning" });
};

export function jit<Args extends readonly unknown[], R>(f: (...args: Args) => R, options: JitOptions = {}): Jitted<Args, R> {
  const cache = new Map<string, Compiled>();
  const maxSignatures = options.maxSignatures ?? 8;
  const report = options.onRecompile ?? warn;
  let previous: Signature | undefined;
  let compilations = 0;
  let cacheHits = 0;
  let inlined = 0;
  const name = f.name || "anonymous";

  const traceFor = (sig: Signature): { program: Program; outDef: TreeDef } => {
    let outDef: TreeDef | undefined;
    const flat = (...leaves: AnyTensor[]): AnyTensor[] => {
      const rebuilt = unflatten(sig.def, leaves);
      const args = (Array.isArray(rebuilt) ? rebuilt : [rebuilt]) as unknown as Args; // the signature's own structure
      const [outLeaves, d] = flatten(f(...args));
      outDef = d;
      return outLeaves;
    };
    const program = traceToProgram(flat, sig.leaves.map(avalOf));
    if (outDef === undefined) throw new Error("jit: the traced function did not return");
    return { program, outDef };
  };

  const compiledFor = (sig: Signature): Compiled => {
    const hit = cache.get(sig.key);
    if (hit !== undefined) {
      cacheHits++;
      return hit;
    }
    const { program, outDef } = traceFor(sig);
    const backend = options.backend ?? defaultBackend;
    const compiled = { program, executable: backend.compile(program), outDef };
    compilations++;
    if (cache.size >= maxSignatures && previous !== undefined) {
      report(`jit(${name}): compiled for ${cache.size + 1} different input signatures; the latest change: ${signatureDiff(previous, sig)}. ` +
        `Keep shapes, dtypes, tree structure and static values fixed across calls (e.g. drop the last partial batch) to reuse the compiled program.`);
    }
    cache.set(sig.key, compiled);
    return compiled;
  };

  const jitted = (...args: Args): R => {
    const sig = signatureOf(args);
    if (!sig.leaves.every((x) => x.isConcrete)) {
      inlined++;
      return f(...args); // inside another transformation: run the body there
    }
    const compiled = compiledFor(sig);
    previous = sig;
    const outs = compiled.executable.run(sig.leaves);
    return unflatten(compiled.outDef, outs) as R; // the traced function's own output structure
  };
  return Object.assign(jitted, {
    program: (...args: Args): Program => traceFor(signatureOf(args)).program,
    stats: (): JitStats => ({ compilations, cacheHits, inlined }),
  });
}
