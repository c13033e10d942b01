// Registry entries for scan: small recurrences whose consts, initial carries and xs are drawn
// (0 to 3 steps, forwards or reversed), applied directly with `bind` like every primitive. The
// body is traced from the drawn operands by scanEquation, as `scan` itself does.

import fc from "fast-check";
import * as lax from "../../src/core/lax.js";
import { scanEquation } from "../../src/ops/scan.js";
import type { AnyTensor } from "../../src/tensor/tensor.js";
import { int32Tensor, interval, tensorOf } from "../arbitraries.js";
import { diff, fixed } from "../cases.js";
import { application } from "../primitive-case.js";
import { primitive, primitiveVariant } from "./build.js";
import type { PrimitiveEntry } from "./types.js";

/** h' = tanh(h·w + x), y = h'·x: the consts (w), the carry (h) and the xs all matter. */
const rnn = (w: AnyTensor) => (h: unknown, x: unknown): readonly [unknown, unknown] => {
  const [ht, xt] = [h as AnyTensor, x as AnyTensor];
  const next = lax.tanh(lax.add(lax.dot(ht, w), xt));
  return [next, lax.mul(next, xt)];
};

/** Two carries, an int32 step counter and a float state; a fixed int32 mask among the xs. */
const counted = (carry: unknown, x: unknown): readonly [unknown, unknown] => {
  const [n, s] = carry as readonly [AnyTensor, AnyTensor];
  const [v, m] = x as readonly [AnyTensor, AnyTensor];
  const scale = lax.convert(lax.add(n, lax.full([], 1, "int32")), "float64");
  const gate = lax.convert(m, "float64");
  const next = lax.add(lax.sin(s), lax.mul(lax.mul(v, lax.broadcast(gate, v.shape)), lax.broadcast(scale, v.shape)));
  return [[lax.add(n, lax.full([], 1, "int32")), next], lax.mul(next, v)];
};

const steps = fc.integer({ min: 0, max: 3 });

export const SCAN_ENTRIES: readonly PrimitiveEntry[] = [
  primitive("scan",
    primitiveVariant("a tanh recurrence: consts, carry and xs, 0 to 3 steps, either direction", "smooth",
      fc.record({ k: fc.integer({ min: 1, max: 3 }), t: steps, reverse: fc.boolean() })
        .chain(({ k, t, reverse }) => fc.tuple(fc.constant(reverse), tensorOf([k, k], interval(-1, 1)), tensorOf([1, k]), tensorOf([t, 1, k])))
        .map(([reverse, w, h0, xs]) => {
          const eq = scanEquation(rnn(w), h0, xs, { reverse });
          return application("scan", eq.params, eq.operands.map(diff));
        })),
    primitiveVariant("an int32 counter and a float state as carries, a fixed int32 mask among the xs", "smooth",
      fc.record({ k: fc.integer({ min: 1, max: 3 }), t: steps, reverse: fc.boolean() })
        .chain(({ k, t, reverse }) => fc.tuple(fc.constant(reverse), int32Tensor([], -2, 2), tensorOf([k]), tensorOf([t, k]), int32Tensor([t], 0, 1)))
        .map(([reverse, n0, s0, v, m]) => {
          const eq = scanEquation(counted, [n0, s0], [v, m], { reverse });
          // operands: the counter, the state, the values, the mask
          return application("scan", eq.params, [fixed(eq.operands[0]), diff(eq.operands[1] ?? s0), diff(eq.operands[2] ?? v), fixed(eq.operands[3])]);
        })),
  ),
];
