// Compiled programs shared by structure. Tracing the same function again — a fresh `jit(f)` per
// call, or two jitted functions with one body — gives an equal Program, and compiling it again
// would place another copy of its buffers in linear memory. The pool hands out the executable
// already compiled for an equal program instead (equal equations, parameters, literals, shapes
// and bit-identical constants), so such a loop reuses one program's memory.
//
// The pool keeps its `size` most recently used programs. A holder (a jitted function's cache)
// releases an executable when it drops it; an executable that no holder has and that has left
// the pool is freed. Executables whose holders vanish without releasing them (a dropped jitted
// function) are freed once they are garbage (lifetime.ts).

import type { Atom, Program } from "../../core/program.js";
import { concreteData } from "../../tensor/tensor.js";
import type { AnyData } from "../../tensor/dtype.js";
import type { WasmExecutable } from "./executable.js";

/** Programs a pool keeps by default (in use or idle). */
export const defaultPoolSize = 16;

const numberKey = (value: number): string => {
  const bits = new BigUint64Array(new Float64Array([value]).buffer)[0] ?? 0n;
  return bits.toString(16);
};

/** Each custom linear rule's identity, as a number (its functions are part of the program). */
const ruleIds = new WeakMap<object, number>();
let nextRuleId = 0;
const ruleId = (rule: object): number => {
  let id = ruleIds.get(rule);
  if (id === undefined) {
    id = nextRuleId++;
    ruleIds.set(rule, id);
  }
  return id;
};

const bytesOf = (data: AnyData): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** FNV-1a over the bytes: a cheap fingerprint; equal fingerprints are confirmed byte by byte. */
const fingerprint = (data: AnyData): string => {
  let h = 0x811c9dc5;
  for (const b of bytesOf(data)) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0).toString(16);
};

const sameBytes = (a: AnyData, b: AnyData): boolean => {
  const [x, y] = [bytesOf(a), bytesOf(b)];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
};

/**
 * The structure of a program as text: variables numbered in order of definition, literals and
 * numeric parameters by their bits, custom rules by identity, constants by dtype, shape and a
 * fingerprint of their values.
 */
export function programKey(program: Program): string {
  const ids = new Map<object, number>();
  const define = (v: object): void => void ids.set(v, ids.size);
  program.inputs.forEach(define);
  program.consts.forEach(define);
  const atom = (a: Atom): string => (a._tag === "literal" ? `l${numberKey(a.value)}${a.aval.dtype}` : `v${ids.get(a) ?? "?"}`);
  const params = (value: unknown): string =>
    JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" ? numberKey(v) : typeof v === "function" ? "fn" : v));
  const parts: string[] = [
    program.inputs.map((v) => `${v.aval.dtype}[${v.aval.shape.join(",")}]`).join(" "),
    program.constValues.map((t) => `${t.dtype}[${t.shape.join(",")}]#${fingerprint(concreteData(t, "jit"))}`).join(" "),
  ];
  for (const e of program.eqns) {
    const p = e.prim === "customLinear" ? `${e.params.name}#${ruleId(e.params.rule)}` : params(e.params);
    define(e.out);
    parts.push(`${e.prim}${p}(${e.inputs.map(atom).join(",")})->${e.out.aval.dtype}[${e.out.aval.shape.join(",")}]`);
  }
  parts.push(program.outputs.map(atom).join(","));
  return parts.join(";");
}

interface Entry {
  readonly executable: WasmExecutable;
  readonly consts: readonly AnyData[];
}

export class ProgramPool {
  /** By program key, least recently used first (a hit is re-inserted). */
  readonly #entries = new Map<string, Entry>();
  #hits = 0;

  constructor(readonly size: number = defaultPoolSize) {}

  /** The pooled executable for an equal program (one more holder), or `compile(program)` pooled. */
  acquire(program: Program, compile: (program: Program) => WasmExecutable): WasmExecutable {
    if (this.size === 0) return compile(program);
    const key = programKey(program);
    const consts = program.constValues.map((t) => concreteData(t, "jit"));
    const found = this.#entries.get(key);
    if (found !== undefined && !found.executable.released && found.consts.every((c, i) => sameBytes(c, consts[i] ?? c))) {
      this.#entries.delete(key);
      this.#entries.set(key, found);
      found.executable.retain();
      this.#hits++;
      return found.executable;
    }
    if (found !== undefined) this.#drop(key, found);
    const executable = compile(program);
    executable.whenIdle = (e) => {
      if (this.#entries.get(key)?.executable !== e) e.free();
    };
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size < this.size) break;
      this.#drop(oldest, entry);
    }
    this.#entries.set(key, { executable, consts });
    return executable;
  }

  /** Takes an entry out of the pool: freed now if idle, else when its last holder releases it. */
  #drop(key: string, entry: Entry): void {
    this.#entries.delete(key);
    entry.executable.whenIdle = undefined;
    if (entry.executable.idle) entry.executable.free();
  }

  /** Programs pooled now, and how many compilations the pool saved. */
  get stats(): { readonly programs: number; readonly hits: number } {
    return { programs: this.#entries.size, hits: this.#hits };
  }
}
