// Small tuple edits the shape rules are built from. Each walks the tuple once, counting the
// position with a tuple `C` whose length is the current index.

/** S without the element at index I. */
export type RemoveAt<S extends readonly unknown[], I extends number, C extends unknown[] = [], Out extends unknown[] = []> =
  S extends readonly [infer H, ...infer T]
    ? C["length"] extends I ? [...Out, ...T] : RemoveAt<T, I, [...C, H], [...Out, H]>
    : Out;

/** S with V inserted so that it lands at index I (I may equal the length: append). */
export type InsertAt<S extends readonly unknown[], I extends number, V, C extends unknown[] = []> =
  C["length"] extends I ? [...C, V, ...S]
  : S extends readonly [infer H, ...infer T] ? InsertAt<T, I, V, [...C, H]> : [...C, V];

/** S with the elements at the indices in the union I replaced by V. */
export type ReplaceAt<S extends readonly unknown[], I extends number, V> = {
  -readonly [K in keyof S]: K extends `${I}` ? V : S[K];
};

/** S with the elements at the indices in the union I removed. */
export type RemoveAll<S extends readonly unknown[], I extends number, C extends unknown[] = [], Out extends unknown[] = []> =
  S extends readonly [infer H, ...infer T]
    ? RemoveAll<T, I, [...C, H], C["length"] extends I ? Out : [...Out, H]>
    : Out;

/** S in reverse order. */
export type ReverseTuple<S extends readonly unknown[], Out extends unknown[] = []> =
  S extends readonly [infer H, ...infer T] ? ReverseTuple<T, [H, ...Out]> : Out;
