// jit: trace a function once per input signature, compile the Program, and reuse it.
//
//   const step = jit(trainStep);
//   step(params, state, batch)   // first call with these shapes: trace + compile + run
//   step(params2, state2, batch) // same signature: run the compiled program
//
// jit composes with the other transformations: jit(grad(f)) compiles the whole gradient
// computation; called inside grad/jvp/another jit (with traced arguments), a jitted function
// simply runs its body in the enclosing transformation.
//
// Donation (JAX's donate_argnums): `jit(trainStep, { donate: [0, 1] })` hands the tensors of
// arguments 0 and 1 over to the call. The compiled program may write its results into their
// arrays instead of allocating new ones, so a training loop that feeds each step's parameters
// and optimizer state into the next allocates nothing per step. A donated tensor is retired by
// the call: reading it afterwards throws DonatedTensorError. Keep an argument out of `donate` to
// keep using it (e.g. parameters saved as the best so far).
//
// PRNG keys are data: a key among the arguments enters the program as its words, and the traced
// function receives a staged key standing for them (src/random/key-repr.ts), so a new key per
// call (a step's dropout, say) reuses the compiled program. split, fold and the samplers work on
// a staged key and give the numbers they give eagerly; a key the function returns comes back as
// a key. A key is never donated.
//
// Numbers are data too: a JavaScript number passed as an argument reaches the traced function as
// a float32 scalar tensor, so `step(params, lr)` compiles once for every learning rate. An
// argument named in `static` (by position or parameter name) is a constant of the program
// instead, and each new value compiles anew; numbers the function closes over, and numbers inside
// argument trees, are constants as well (see static.ts).

import { emitWarning } from "../../core/environment.js";
import { traceToProgram } from "../../core/staging.js";
import type { Program } from "../../core/program.js";
import { avalOf } from "../../core/trace.js";
import { keyFromWords } from "../../random/staged.js";
import { unflatten, type TreeDef } from "../../tree/tree.js";
import { concreteData, DonatedTensorError, donatedTo, retire, Tensor, type AnyTensor } from "../../tensor/tensor.js";
import { full } from "../../core/lax.js";
import { referenceBackend, type Backend, type Executable } from "./backend.js";
import { JitOptionsError, parameterNames, staticPositions, type StaticArg } from "./static.js";
import { flattenWithKeys, leafArguments, leafPaths, signatureDiff, signatureOf, type Signature } from "./signature.js";

export interface JitOptions {
  /** The compiler (default: the WebAssembly backend when available, else the reference interpreter). */
  readonly backend?: Backend;
  /** After this many distinct signatures, each new compilation is reported (default 8). */
  readonly maxSignatures?: number;
  /**
   * How many compiled programs (one per signature) are kept, least recently used dropped first
   * (default `defaultCacheSize`, 32). A dropped program's memory is freed; calling with its
   * signature again compiles it again.
   */
  readonly cacheSize?: number;
  /** Receives recompilation reports (default: process.emitWarning, or console.warn outside Node). */
  readonly onRecompile?: (message: string) => void;
  /**
   * Positions of the arguments whose tensors each call consumes (see the header): their arrays
   * may be reused for the results, and the tensors cannot be read after the call.
   */
  readonly donate?: readonly number[];
  /**
   * Arguments whose numbers are constants of the program, by position or parameter name: each
   * new value compiles anew. Every other number argument is traced as a float32 scalar.
   */
  readonly static?: readonly StaticArg[];
}

/** A `donate` list that is not a set of argument positions, or a call that breaks its rules. */
export class DonationError extends RangeError {
  readonly _tag = "DonationError";
}

export interface JitStats {
  readonly compilations: number;
  readonly cacheHits: number;
  readonly inlined: number;
  /** Compiled programs held now (at most `cacheSize`). */
  readonly cached: number;
  /** The bound on `cached`. */
  readonly cacheSize: number;
  /** Programs dropped (and their memory freed) to stay within `cacheSize`. */
  readonly evictions: number;
}

/** Compiled programs a jitted function keeps unless `cacheSize` says otherwise. */
export const defaultCacheSize = 32;

const checkCacheSize = (name: string, size: number): number => {
  if (Number.isSafeInteger(size) && size >= 1) return size;
  throw new JitOptionsError(`jit(${name}): cacheSize must be a positive integer, got ${String(size)}`);
};

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
  /** For each output: whether it is the words of a key the traced function returned. */
  readonly outKeys: readonly boolean[];
  /** The tensors the traced function captured (the program's constants). */
  readonly consts: ReadonlySet<AnyTensor>;
}

let defaultBackend: Backend = referenceBackend;

/** Sets the backend used by jit when none is given (the Wasm backend registers itself here). */
export function setDefaultBackend(backend: Backend): void {
  defaultBackend = backend;
}
export const getDefaultBackend = (): Backend => defaultBackend;

const warn = (message: string): void => {
  emitWarning(message, "TygradRecompilationWarning");
};

/** A second tensor over the same (immutable) array. */
const sameValues = (t: AnyTensor): AnyTensor => new Tensor(t.shape, t.dtype, concreteData(t, "jit"));

const checkDonate = (name: string, donate: readonly number[]): ReadonlySet<number> => {
  for (const i of donate) {
    if (!Number.isInteger(i) || i < 0) throw new DonationError(`jit(${name}): donate lists ${i}, which is not an argument position (0, 1, …)`);
  }
  return new Set(donate);
};

/**
 * Which leaves of this call are donated, after checking that the call can honour `donate`: every
 * listed position is an argument, and no donated tensor is also passed in a kept argument.
 */
const donatedLeaves = (name: string, sig: Signature, argCount: number, donate: ReadonlySet<number>): boolean[] => {
  for (const i of donate) {
    if (i >= argCount) throw new DonationError(`jit(${name}): donate lists argument ${i} but the call passes ${argCount} argument(s)`);
  }
  const owner = leafArguments(sig);
  const flags = owner.map((a, i) => donate.has(a) && sig.keys[i] !== true);
  const kept = new Set(sig.leaves.filter((_, i) => !flags[i]));
  const both = sig.leaves.findIndex((t, i) => flags[i] === true && kept.has(t));
  if (both >= 0) {
    const paths = leafPaths(sig.def);
    const again = sig.leaves.findIndex((t, i) => !flags[i] && t === sig.leaves[both]);
    throw new DonationError(`jit(${name}): the tensor at ${paths[both] ?? "?"} is donated, but the same tensor is also passed at ` +
      `${paths[again] ?? "?"}, which is not; donate both arguments or neither`);
  }
  return flags;
};

export function jit<Args extends readonly unknown[], R>(f: (...args: Args) => R, options: JitOptions = {}): Jitted<Args, R> {
  // A Map iterates in insertion order: a hit is re-inserted, so the first key is the least recently used.
  const cache = new Map<string, Compiled>();
  const maxSignatures = options.maxSignatures ?? 8;
  const report = options.onRecompile ?? warn;
  let previous: Signature | undefined;
  let compilations = 0;
  let cacheHits = 0;
  let inlined = 0;
  let evictions = 0;
  const name = f.name || "anonymous";
  const donate = checkDonate(name, options.donate ?? []);
  const cacheSize = checkCacheSize(name, options.cacheSize ?? defaultCacheSize);
  const names = parameterNames(f);
  const statics = staticPositions(name, options.static ?? [], names);
  /** The arguments as the program takes them: each dynamic number a float32 scalar tensor. */
  const lift = (args: Args): readonly unknown[] =>
    args.map((a, i) => (typeof a === "number" && !statics.has(i) ? full([], a, "float32") : a));
  /** `args[i]` named by its parameter where the source gives one: `args[2] (steps): static 3 → 5`. */
  const named = (diff: string): string =>
    diff.replace(/^args\[(\d+)\]/, (whole, i: string) => {
      const n = names[Number(i)];
      return n === undefined ? whole : `${whole} (${n})`;
    });

  const traceFor = (sig: Signature): { program: Program; outDef: TreeDef; outKeys: readonly boolean[] } => {
    let out: { readonly def: TreeDef; readonly keys: readonly boolean[] } | undefined;
    const flat = (...leaves: AnyTensor[]): AnyTensor[] => {
      const rebuilt = unflatten(sig.def, leaves.map((t, i) => (sig.keys[i] === true ? keyFromWords(t) : t)));
      const args = (Array.isArray(rebuilt) ? rebuilt : [rebuilt]) as unknown as Args; // the signature's own structure
      const { leaves: outLeaves, keys, def } = flattenWithKeys(f(...args));
      out = { def, keys };
      return outLeaves;
    };
    const program = traceToProgram(flat, sig.leaves.map(avalOf));
    if (out === undefined) throw new Error("jit: the traced function did not return");
    return { program, outDef: out.def, outKeys: out.keys };
  };

  const compiledFor = (sig: Signature): Compiled => {
    const hit = cache.get(sig.key);
    if (hit !== undefined) {
      cacheHits++;
      cache.delete(sig.key);
      cache.set(sig.key, hit);
      return hit;
    }
    const { program, outDef, outKeys } = traceFor(sig);
    const backend = options.backend ?? defaultBackend;
    const compiled = { program, executable: backend.compile(program), outDef, outKeys, consts: new Set(program.constValues) };
    compilations++;
    // counted by compilations, not cached programs: the cache stops growing at cacheSize
    if (compilations > maxSignatures && previous !== undefined) {
      report(`jit(${name}): compiled for ${compilations} different input signatures; the latest change: ${named(signatureDiff(previous, sig))}. ` +
        `Keep shapes, dtypes, tree structure and static values fixed across calls (e.g. drop the last partial batch) to reuse the compiled program; ` +
        `a number inside an argument tree or named static is a constant (pass it as an argument of its own to trace it).`);
    }
    for (const [key, old] of cache) {
      if (cache.size < cacheSize) break;
      cache.delete(key);
      old.executable.release?.();
      evictions++;
    }
    cache.set(sig.key, compiled);
    return compiled;
  };

  const jitted = (...args: Args): R => {
    const sig = signatureOf(lift(args));
    const gone = sig.leaves.findIndex((t) => donatedTo(t) !== undefined);
    if (gone >= 0) {
      const leaf = sig.leaves[gone];
      throw new DonatedTensorError(`jit(${name}): ${leafPaths(sig.def)[gone] ?? "an argument"}`, (leaf && donatedTo(leaf)) ?? "a jitted call");
    }
    if (!sig.leaves.every((x) => x.isConcrete)) {
      inlined++;
      return f(...args); // inside another transformation: run the body there
    }
    const flags = donate.size === 0 ? undefined : donatedLeaves(name, sig, args.length, donate);
    const compiled = compiledFor(sig);
    previous = sig;
    if (flags !== undefined) {
      const captured = sig.leaves.findIndex((t, i) => flags[i] === true && compiled.consts.has(t));
      if (captured >= 0) {
        throw new DonationError(`jit(${name}): the tensor at ${leafPaths(sig.def)[captured] ?? "?"} is donated, but the function also ` +
          `captures it as a constant, which later calls still read; pass a copy, or leave that argument out of donate`);
      }
    }
    // A captured constant returned as a result is handed out as a tensor of its own, so donating
    // that result later cannot retire the program's constant.
    const outs = compiled.executable.run(sig.leaves, flags).map((t) => (compiled.consts.has(t) ? sameValues(t) : t));
    if (flags !== undefined) {
      // Every donated tensor is retired, whether or not its array was reused, so a program that
      // reads one afterwards fails the same way on every backend. One returned as it was stays.
      const returned = new Set(outs);
      sig.leaves.forEach((t, i) => {
        if (flags[i] === true && !returned.has(t) && donatedTo(t) === undefined) retire(t, `jit(${name})`);
      });
    }
    const results = outs.map((t, i) => (compiled.outKeys[i] === true ? keyFromWords(t) : t));
    return unflatten(compiled.outDef, results) as R; // the traced function's own output structure
  };
  return Object.assign(jitted, {
    program: (...args: Args): Program => traceFor(signatureOf(lift(args))).program,
    stats: (): JitStats => ({ compilations, cacheHits, inlined, cached: cache.size, cacheSize, evictions }),
  });
}
