// The input signature of a jit call: the tree structure of the arguments, each tensor leaf's
// shape and dtype, and the static (non-tensor) values. A compiled program is reused exactly
// when the signature repeats. PRNG keys are data, not static values: each key is a leaf holding
// its words (a float64[2] tensor), so calls that differ only in their keys share a signature.

import { flattenWithKeys } from "../../random/staged.js";
import { isKept, leafCount, type TreeDef } from "../../tree/tree.js";
import type { AnyTensor } from "../../tensor/tensor.js";

export interface Signature {
  /** A canonical string: equal strings ⇔ equal signatures. */
  readonly key: string;
  /** One readable line per part, for explaining what changed between two calls. */
  readonly parts: readonly string[];
  /** The tensor leaves, a key's words standing for the key. */
  readonly leaves: readonly AnyTensor[];
  /** For each leaf: whether it is the words of a key (which the traced function receives as a key). */
  readonly keys: readonly boolean[];
  readonly def: TreeDef;
}

/** A number per object, for signatures that hold objects by identity. */
const identities = new WeakMap<object, number>();
let nextIdentity = 0;
const identity = (x: object): number => {
  const known = identities.get(x);
  if (known !== undefined) return known;
  identities.set(x, ++nextIdentity);
  return nextIdentity;
};

const showDef = (def: TreeDef, path: string, leafAvals: string[], out: string[]): void => {
  switch (def._tag) {
    case "leaf": {
      out.push(`${path}: ${leafAvals.shift() ?? "?"}`);
      return;
    }
    case "static": {
      // Static values are part of the signature by value; strings are shown quoted, never evaluated.
      // An object trees keep whole is part of it by identity (keys, the objects trees keep, are leaves here).
      out.push(`${path}: static ${isKept(def.value) ? `object #${identity(def.value)}` : (JSON.stringify(def.value) ?? "undefined")}`);
      return;
    }
    case "array": {
      out.push(`${path}: array(${def.children.length})`);
      def.children.forEach((c, i) => showDef(c, `${path}[${i}]`, leafAvals, out));
      return;
    }
    case "record": {
      out.push(`${path}: record{${def.keys.join(",")}}`);
      def.children.forEach((c, i) => showDef(c, `${path}.${def.keys[i] ?? "?"}`, leafAvals, out));
      return;
    }
  }
};

export function signatureOf(args: readonly unknown[]): Signature {
  const { leaves, keys, def } = flattenWithKeys([...args]);
  const avals = leaves.map((x, i) => (keys[i] === true ? "key" : `${x.dtype}[${x.shape.join(",")}]`));
  const parts: string[] = [];
  showDef(def, "args", [...avals], parts);
  return { key: parts.join("\n"), parts, leaves, keys, def };
}

/** The path of each tensor leaf, in flatten order, e.g. `args[0].w1`. */
export function leafPaths(def: TreeDef, path = "args"): string[] {
  switch (def._tag) {
    case "leaf":
      return [path];
    case "static":
      return [];
    case "array":
      return def.children.flatMap((c, i) => leafPaths(c, `${path}[${i}]`));
    case "record":
      return def.children.flatMap((c, i) => leafPaths(c, `${path}.${def.keys[i] ?? "?"}`));
  }
}

/** For each tensor leaf of a call's signature, the index of the argument it belongs to. */
export function leafArguments(sig: Signature): number[] {
  const args = sig.def._tag === "array" ? sig.def.children : [];
  return args.flatMap((d, i) => new Array<number>(leafCount(d)).fill(i));
}

const splitPart = (part: string | undefined): [string, string] => {
  const at = part?.indexOf(": ") ?? -1;
  return part === undefined || at < 0 ? ["", part ?? "(nothing)"] : [part.slice(0, at), part.slice(at + 2)];
};

/** The first part where two signatures differ, e.g. `args[0].x: float32[64,784] → float32[32,784]`. */
export function signatureDiff(previous: Signature, next: Signature): string {
  const n = Math.max(previous.parts.length, next.parts.length);
  for (let i = 0; i < n; i++) {
    const a = previous.parts[i];
    const b = next.parts[i];
    if (a === b) continue;
    const [pathA, valueA] = splitPart(a);
    const [pathB, valueB] = splitPart(b);
    return pathA === pathB ? `${pathA}: ${valueA} → ${valueB}` : `${a ?? "(nothing)"} → ${b ?? "(nothing)"}`;
  }
  return "(identical)";
}

export { flattenWithKeys };
