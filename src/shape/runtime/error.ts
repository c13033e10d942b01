// The error every runtime shape rule throws: a TensorShapeError naming the operation, the
// shapes it was given and what it expected.
//
// (It cannot be called ShapeError: that name is the type-level error of src/shape/error.ts.)
import { shapeToString } from "./show.js";

export class TensorShapeError extends Error {
  readonly _tag = "ShapeError" as const;
  override readonly name = "TensorShapeError";
  /** The operation that failed, e.g. "matmul". */
  readonly op: string;
  /** The shapes involved, as given (copied). */
  readonly shapes: readonly (readonly number[])[];
  /** What would have been accepted, e.g. "lhs dim -1 (3) to equal rhs dim -2 (4)". */
  readonly expected: string;
  /** What went wrong, with the shapes, e.g. "inner dims differ: [2, 3] @ [4, 5]". */
  readonly problem: string;

  /** The message reads `${op}: ${problem} (expected ${expected})`. Without a problem text, the
   *  shapes are listed instead: `add: got [2, 3], [4, 3] (expected ...)`. */
  constructor(op: string, shapes: readonly (readonly number[])[], expected: string, problem?: string) {
    const copies = shapes.map((s) => Object.freeze([...s]));
    const what = problem ?? (copies.length === 0 ? "invalid arguments" : `got ${copies.map(shapeToString).join(", ")}`);
    super(`${op}: ${what} (expected ${expected})`);
    this.op = op;
    this.shapes = Object.freeze(copies);
    this.expected = expected;
    this.problem = what;
  }
}
