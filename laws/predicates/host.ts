// Law: a primitive whose kernel runs host code computes exactly what that code computes. The
// randomness primitives are such: keyChild's kernel derives a child key and sample's runs a
// sampler of src/random on the key's words. The registry states each one's expected output on
// its own terms (Threefry at the counter, the flat sampler called directly), and the kernel must
// produce the same dtype, shape and values, bit for bit, for any key.

import { abstractEval } from "../../src/core/abstract-eval.js";
import type { HostArray } from "../../src/core/host.js";
import { applyImpl } from "../../src/core/impl/index.js";
import { avalOf, type Aval } from "../../src/core/trace.js";
import type { AnyData } from "../../src/tensor/dtype.js";
import { concreteData, type AnyTensor } from "../../src/tensor/tensor.js";
import { show } from "../cases.js";
import { operandValues, type AnyPrimApplication } from "../primitive-case.js";

/** A kernel table as one function (a parameter so that a broken copy can be checked too). */
export type ImplFunction = (app: AnyPrimApplication, inputs: readonly HostArray[], out: Aval) => AnyData;

/** The reference kernels. */
export const referenceImpl: ImplFunction = (app, inputs, out) => applyImpl(app.prim, inputs, app.params, out);

export interface HostResult {
  readonly law: "impl matches the host computation";
  readonly ok: boolean;
  /** The first element that differs, or -1 (also -1 when dtype or shape differ). */
  readonly index: number;
  readonly summary: string;
}

const sameBits = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

export function implMatchesHost(app: AnyPrimApplication, host: (app: AnyPrimApplication) => AnyTensor, impl: ImplFunction = referenceImpl): HostResult {
  const operands = operandValues(app);
  const out = abstractEval(app.prim, operands.map(avalOf), app.params);
  const got = impl(app, operands.map((x) => ({ shape: x.shape, dtype: x.dtype, data: concreteData(x, app.prim) })), out);
  const want = host(app);
  const label = `${app.prim} on ${operands.map(show).join(", ")}`;
  const fail = (index: number, why: string): HostResult => ({ law: "impl matches the host computation", ok: false, index, summary: `${label}: ${why}` });
  if (want.dtype !== out.dtype || want.shape.join() !== out.shape.join()) {
    return fail(-1, `the kernel gives ${out.dtype}[${out.shape.join(",")}] but the host computation ${want.dtype}[${want.shape.join(",")}]`);
  }
  const expected = concreteData(want, "implMatchesHost");
  if (got.length !== expected.length) return fail(-1, `the kernel gives ${got.length} elements, the host computation ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const [g, w] = [got[i] ?? Number.NaN, expected[i] ?? Number.NaN];
    if (!sameBits(g, w)) return fail(i, `element ${i} is ${g} from the kernel but ${w} from the host computation`);
  }
  return { law: "impl matches the host computation", ok: true, index: -1, summary: `${app.prim}: impl matches the host computation` };
}
