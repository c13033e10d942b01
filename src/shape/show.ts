// Rendering shapes as text inside type-level error messages: [64, 28, 28], [batch, 784].
import type { NameOf } from "./dim.js";

/** One dim as text: a literal as its digits, a Named dim by its name, `number` as "number". */
export type ShowDim<D> =
  number extends D ? "number"
  : [NameOf<D>] extends [never] ? (D extends number ? `${D}` : "?")
  : NameOf<D>;

/** The dims as texts, joined by ", ". Branches only on the tuple's structure, never on the
 *  texts, so a dim that is a type parameter leaves just its own part unevaluated:
 *  "[${ShowDim<B>}, 28, 28]" rather than the whole message. */
type Join<T extends readonly string[]> =
  T extends readonly [infer H extends string] ? H
  : T extends readonly [infer H extends string, ...infer R extends readonly string[]] ? `${H}, ${Join<R>}`
  : "";

/** A shape as text, e.g. "[64, 28, 28]"; a shape of unknown rank as "number[]". */
export type ShowShape<S extends readonly unknown[]> =
  number extends S["length"] ? `${ShowDim<S[number]>}[]`
  : `[${Join<{ readonly [K in keyof S]: ShowDim<S[K]> }>}]`;
