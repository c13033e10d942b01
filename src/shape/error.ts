// The type-level error value of the shape rules, and the two helpers that put it to use at a
// call site: Guard (report the error on an argument) and Ok (the result shape, or never).

declare const shapeError: unique symbol;

/** A failed shape rule. It has a brand that no value can have, so a value never satisfies
 *  it, and tsc prints it verbatim: `... is not assignable to ... ShapeError<"matmul: inner dims
 *  differ: [2, 3] @ [4, 5]", 3, 4>`. L and R are the offending dims or shapes. */
export interface ShapeError<Msg extends string, L = unknown, R = unknown> {
  readonly [shapeError]: readonly [Msg, L, R];
}

/** Any ShapeError (the brand's tuple is readonly, so every ShapeError is assignable to it). */
export type AnyShapeError = ShapeError<string, unknown, unknown>;

/** `unknown` when the rule's result R is fine, R itself when R is a ShapeError. Used as
 *  `b: Tensor<B> & Guard<Matmul<A, B>>`: on success the intersection changes nothing, on
 *  failure no tensor fits and tsc reports the ShapeError on that very argument. */
export type Guard<R> = R extends AnyShapeError ? R : unknown;

/** The result shape of a rule, or never when it failed (the Guard already reported it).
 *  Two details make it work in generic code:
 *  - it matches `readonly (infer _ extends number)[]` rather than testing `extends Shape`:
 *    inside `<B extends number>` bodies the compiler leaves `[B, 128] extends readonly number[]`
 *    undecided, but it can infer the element type B | 128 and check that against `number`;
 *  - so the result is known to be a Shape, and `Tensor<Ok<Matmul<A, B>>>` satisfies a
 *    `Tensor<S extends Shape>` constraint in a generic signature. */
export type Ok<R> = R extends AnyShapeError ? never : R extends readonly (infer _ extends number)[] ? R : never;
