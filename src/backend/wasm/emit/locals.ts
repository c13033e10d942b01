// Hands out local-variable indices for one function body. Parameters are declared first (they
// take the first indices), then locals; the scope yields the signature's parameter list and the
// body's locals declaration.

import { type Code } from "./code.js";
import { unsignedLeb128 } from "./leb128.js";
import { type ValType } from "./types.js";

export class LocalScope {
  readonly #params: ValType[] = [];
  readonly #locals: ValType[] = [];

  /** The next parameter; must be called before any `add`. */
  param(type: ValType): number {
    if (this.#locals.length > 0) {
      throw new Error("LocalScope.param: parameters must be declared before locals");
    }
    this.#params.push(type);
    return this.#params.length - 1;
  }

  /** A fresh local of type `type`; returns its index. */
  add(type: ValType): number {
    this.#locals.push(type);
    return this.#params.length + this.#locals.length - 1;
  }

  /** Several fresh locals of the same type. */
  addMany(type: ValType, count: number): readonly number[] {
    return Array.from({ length: count }, () => this.add(type));
  }

  get params(): readonly ValType[] {
    return [...this.#params];
  }

  /** The binary locals declaration: runs of equal types as (count, type) pairs. */
  declaration(): Code {
    const runs: [number, ValType][] = [];
    for (const type of this.#locals) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === type) last[0] += 1;
      else runs.push([1, type]);
    }
    return [unsignedLeb128(runs.length), runs.map(([count, type]) => [unsignedLeb128(count), type])];
  }
}
