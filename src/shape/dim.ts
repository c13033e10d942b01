// What a dimension and a shape are, at the type level.
//
// A dim is always a number at runtime. Its type says how much the compiler knows about it:
//   784             a literal size, checked at compile time;
//   number          a size known only at runtime (checked there, optimistic here);
//   Named<"batch">  a size known only at runtime but with an identity: two dims with the
//                   same name are the same size, and different names are not assumed equal;
//   B               a type parameter (`<B extends number>`), which works like a name.

declare const dimName: unique symbol;

/** One dimension of a shape. */
export type Dim = number;

/** A runtime-sized dim with a name. It is a number with a compile-time brand, so a runtime
 *  shape `[5, 784]` can honestly have the type `[Named<"batch">, 784]`. */
export type Named<N extends string> = number & { readonly [dimName]: N };

/** A shape: one dim per axis. The rules expect tuples (known rank). */
export type Shape = readonly Dim[];

/** The name of a Named dim, or never. */
export type NameOf<D> = D extends { readonly [dimName]: infer N extends string } ? N : never;
