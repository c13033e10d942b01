// Rendering shapes as text inside type-level error messages: [64, 28, 28], [${B}, ${T}, 16].
//
// A dim is shown as itself in a template literal: a literal as its digits; anything else as the
// type it is (`${B}` for a type parameter, `${number}` for a size known only at runtime,
// `${Named<"batch">}` for a named one). Telling those apart would take a conditional type, and the
// compiler leaves a conditional on a type parameter B unanswered inside code generic over B,
// which would leave the whole message unevaluated; a template literal needs no answer.

/** One dim as text. */
export type ShowDim<D extends number> = `${D}`;

/** The dims as texts, joined by ", ". Branches only on the tuple's structure, never on the
 *  dims, so it is decided inside generic code too. */
type Join<T extends readonly unknown[]> =
  T extends readonly [infer H extends number] ? ShowDim<H>
  : T extends readonly [infer H extends number, ...infer R extends readonly unknown[]] ? `${ShowDim<H>}, ${Join<R>}`
  : "";

/** A shape as text, e.g. "[64, 28, 28]"; a shape of unknown rank as "number[]". */
export type ShowShape<S extends readonly unknown[]> = number extends S["length"] ? "number[]" : `[${Join<S>}]`;
