// Forward-mode differentiation by hand, then by tygrad.
//
// A dual number a + b·ε with ε² = 0 carries a value a and a derivative b: evaluating f on
// x + 1·ε gives f(x) + f'(x)·ε, because every rule of calculus is an identity of such numbers:
//   (a + a'ε)(b + b'ε) = ab + (a'b + ab')ε        sin(a + a'ε) = sin a + (cos a)·a'ε
// tygrad's `jvp` is exactly this, one level of ε per nested jvp, applied to whole tensors.
//
// Run: npx tsx examples/dual-numbers.ts

import { add, jvp, mul, sin, tensor, type Tensor } from "../src/index.js";

/** A dual number, written out by hand. */
class Dual {
  constructor(readonly value: number, readonly eps: number) {}
  add(o: Dual): Dual {
    return new Dual(this.value + o.value, this.eps + o.eps);
  }
  mul(o: Dual): Dual {
    return new Dual(this.value * o.value, this.eps * o.value + this.value * o.eps);
  }
  sin(): Dual {
    return new Dual(Math.sin(this.value), Math.cos(this.value) * this.eps);
  }
}

// f(x) = x·sin(x) + x²,  f'(x) = sin(x) + x·cos(x) + 2x
const fByHand = (x: Dual): Dual => x.mul(x.sin()).add(x.mul(x));
const fTensor = (x: Tensor<[], "float64">) => add(mul(x, sin(x)), mul(x, x));
const exact = (x: number): number => Math.sin(x) + x * Math.cos(x) + 2 * x;

console.log(" x     | f'(x) by hand dual | f'(x) by jvp       | closed form");
for (const x of [0.5, 1, 2, 3]) {
  const byHand = fByHand(new Dual(x, 1)).eps;
  const [, tangent] = jvp(fTensor, [tensor(x, "float64")], [tensor(1, "float64")]);
  console.log(` ${x.toFixed(2)}  | ${byHand.toFixed(15)} | ${tangent.item().toFixed(15)} | ${exact(x).toFixed(15)}`);
}

// Nested jvp keeps perturbations apart: d/dx [ x · (d/dy (x + y)) ] = d/dx [ x · 1 ] = 1.
const inner = (x: Tensor<[], "float64">) => jvp((y: Tensor<[], "float64">) => add(x, y), [tensor(1, "float64")], [tensor(1, "float64")])[1];
const [, nested] = jvp((x: Tensor<[], "float64">) => mul(x, inner(x)), [tensor(1, "float64")], [tensor(1, "float64")]);
console.log(`\nd/dx (x · d/dy (x + y)) = ${nested.item()} (a confused implementation gives 2)`);
