// What the compiler knows while it walks a program: where each variable's value lives (its
// "home"), the steps emitted so far, and the device values and host slots they use.
//
// Homes:
//   device  a row-major float buffer (bool results are kept as 0/1 masks of the kernel's float type)
//   host    a JavaScript typed array: a program input, a constant, or a fallback step's result
//   view    a strided view of another variable or of a literal, not materialised (views.ts)
//   member  computed inside an elementwise group that is still open (fusion.ts)

import type { Var } from "../../core/program.js";
import type { AnyData, FloatDType } from "../../tensor/dtype.js";
import type { DeviceValue, HostSource, Region, Step } from "./steps.js";
import type { View } from "./views.js";

/** An elementwise group as the rest of the compiler sees it (fusion.ts owns the details). */
export interface GroupRef {
  readonly id: number;
  readonly open: boolean;
}

export type Home =
  | { readonly _tag: "device"; readonly value: DeviceValue }
  | { readonly _tag: "host"; readonly source: HostSource }
  | { readonly _tag: "view"; readonly view: View }
  | { readonly _tag: "member"; readonly group: GroupRef };

export class CompileError extends Error {
  readonly _tag = "CompileError";
}

export class CompileState {
  readonly steps: Step[] = [];
  readonly values: DeviceValue[] = [];
  readonly pinnedData = new Map<DeviceValue, AnyData>();
  /** Regions already materialised, by view key and float type, so each is made once. */
  readonly regions = new Map<string, Region>();
  #hostSlots = 0;
  readonly #homes = new Map<Var, Home>();
  readonly #ids = new Map<Var, number>();

  get hostSlots(): number {
    return this.#hostSlots;
  }

  newValue(dtype: FloatDType, length: number, pinned = false): DeviceValue {
    const value = { id: this.values.length, dtype, length, pinned };
    this.values.push(value);
    return value;
  }

  newSlot(): number {
    return this.#hostSlots++;
  }

  emit(step: Step): void {
    this.steps.push(step);
  }

  setHome(v: Var, home: Home): void {
    this.#homes.set(v, home);
  }

  home(v: Var): Home {
    const h = this.#homes.get(v);
    if (h === undefined) throw new CompileError("wasm-jit: a variable is used before it is defined (the program does not check)");
    return h;
  }

  /** A small stable number per variable, for keys. */
  id(v: Var): number {
    let i = this.#ids.get(v);
    if (i === undefined) {
      i = this.#ids.size;
      this.#ids.set(v, i);
    }
    return i;
  }
}
