// Reductions at runtime: the reduced axes disappear, or with keep they stay with size 1.
import { checkShape } from "./basics.js";
import { axesOf } from "./axis.js";

/** s reduced over `axes` (one axis, several, or undefined for all); `op` names the reduction
 *  in errors. Throws on an axis out of range or named twice. */
export function reduceShape(op: string, s: readonly number[], axes: number | readonly number[] | undefined, keep: boolean): readonly number[] {
  checkShape(op, s);
  const reduced = new Set(axes === undefined ? s.keys() : axesOf(op, typeof axes === "number" ? [axes] : axes, s));
  return keep ? s.map((d, i) => (reduced.has(i) ? 1 : d)) : s.filter((_, i) => !reduced.has(i));
}
