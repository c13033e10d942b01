// Matrix product shapes at runtime: [..., M, K] @ [..., K, N] → [..., M, N], batch dims
// broadcast, both operands of rank ≥ 2 (see src/shape/types/matmul.ts for why not rank 1).
import { TensorShapeError } from "./error.js";
import { checkShape } from "./basics.js";
import { broadcastOrClash, isClash } from "./broadcast.js";
import { shapeToString } from "./show.js";

/** The shape of a @ b; throws on a rank below 2, different inner dims, or batch dims that do
 *  not broadcast. */
export function matmulShape(a: readonly number[], b: readonly number[]): readonly number[] {
  checkShape("matmul", a);
  checkShape("matmul", b);
  const both = `${shapeToString(a)} @ ${shapeToString(b)}`;
  if (a.length < 2) throw new TensorShapeError("matmul", [a, b], `rank >= 2 for lhs, got ${a.length}`, `lhs needs rank >= 2: ${both}`);
  if (b.length < 2) throw new TensorShapeError("matmul", [a, b], `rank >= 2 for rhs, got ${b.length}`, `rhs needs rank >= 2: ${both}`);
  const [m, k1] = a.slice(-2);
  const [k2, n] = b.slice(-2);
  if (m === undefined || k1 === undefined || k2 === undefined || n === undefined) throw new Error("unreachable: ranks checked above");
  if (k1 !== k2) {
    throw new TensorShapeError("matmul", [a, b], `lhs dim -1 (${k1}) to equal rhs dim -2 (${k2})`, `inner dims differ: ${both}`);
  }
  const batch = broadcastOrClash(a.slice(0, -2), b.slice(0, -2));
  if (isClash(batch)) {
    throw new TensorShapeError("matmul", [a, b], `batch dims ${batch.x} and ${batch.y} at axis ${-batch.k - 2} to be equal or 1`,
      `batch dims do not broadcast: ${both}`);
  }
  return [...batch, m, n];
}
