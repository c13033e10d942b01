// Deciding whether two dims are the same, in a way that also works inside generic bodies.

/** True when X and Y are the identical type. Compares two generic function types, which the
 *  compiler decides even for type parameters (`B` vs `B` is true inside `<B extends number>`),
 *  whereas `X extends Y` on a type parameter is put off until the parameter is known. */
export type IsSame<X, Y> =
  (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

/** Two dims may stand on the same axis when they are identical, or when either is `number`
 *  (known only at runtime, where it is checked). */
export type DimCompat<A, B> =
  IsSame<A, B> extends true ? true : number extends A ? true : number extends B ? true : false;

/** Of two compatible dims, the one that says more: a literal or name rather than `number`. */
export type MergeDim<A, B> = IsSame<A, B> extends true ? A : number extends A ? B : A;
