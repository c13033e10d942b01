// Independent reference implementations of the named optimizers, written from the update
// formulas with plain JS numbers: parameters and gradients are lists of leaves, each a list of
// numbers. A reference is a step function θ_{t−1}, g_t ↦ θ_t that keeps its state in a closure.

export type Leaves = readonly (readonly number[])[];
export type Step = (params: Leaves, grads: Leaves) => number[][];

const zerosLike = (xs: Leaves): number[][] => xs.map((l) => l.map(() => 0));
const filledLike = (xs: Leaves, v: number): number[][] => xs.map((l) => l.map(() => v));
const at = (xs: Leaves, i: number, j: number): number => xs[i]?.[j] ?? Number.NaN;

/** θ ← θ − η g */
export const sgdReference = (lr: number): Step => (params, grads) =>
  params.map((l, i) => l.map((x, j) => x - lr * at(grads, i, j)));

/** v ← β v + g;  θ ← θ − η v  (Nesterov: θ ← θ − η (g + β v)) */
export function momentumReference(lr: number, beta: number, nesterov: boolean): Step {
  let v: number[][] | undefined;
  return (params, grads) => {
    const prev = v ?? zerosLike(params);
    const next = prev.map((l, i) => l.map((vij, j) => beta * vij + at(grads, i, j)));
    v = next;
    return params.map((l, i) => l.map((x, j) => x - lr * (nesterov ? at(grads, i, j) + beta * at(next, i, j) : at(next, i, j))));
  };
}

/**
 * m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;  m̂ = m/(1 − β₁ᵗ);  v̂ = v/(1 − β₂ᵗ)
 * θ ← θ − η (m̂/(√v̂ + ε) + λ θ)          (λ = 0: Adam; λ > 0: AdamW)
 */
export function adamReference(lr: number, b1: number, b2: number, eps: number, weightDecay = 0): Step {
  let t = 0;
  let m: number[][] | undefined;
  let v: number[][] | undefined;
  return (params, grads) => {
    t += 1;
    const mPrev = m ?? zerosLike(params);
    const vPrev = v ?? zerosLike(params);
    const mNext = mPrev.map((l, i) => l.map((x, j) => b1 * x + (1 - b1) * at(grads, i, j)));
    const vNext = vPrev.map((l, i) => l.map((x, j) => b2 * x + (1 - b2) * at(grads, i, j) ** 2));
    m = mNext;
    v = vNext;
    return params.map((l, i) => l.map((x, j) => {
      const mHat = at(mNext, i, j) / (1 - b1 ** t);
      const vHat = at(vNext, i, j) / (1 - b2 ** t);
      return x - lr * (mHat / (Math.sqrt(vHat) + eps) + weightDecay * x);
    }));
  };
}

/** v ← ρ v + (1 − ρ) g²;  θ ← θ − η g/√(v + ε) */
export function rmspropReference(lr: number, decay: number, eps: number): Step {
  let v: number[][] | undefined;
  return (params, grads) => {
    const next = (v ?? zerosLike(params)).map((l, i) => l.map((x, j) => decay * x + (1 - decay) * at(grads, i, j) ** 2));
    v = next;
    return params.map((l, i) => l.map((x, j) => x - (lr * at(grads, i, j)) / Math.sqrt(at(next, i, j) + eps)));
  };
}

/** s ← s + g² (s₀ given);  θ ← θ − η g/√(s + ε) */
export function adagradReference(lr: number, initial: number, eps: number): Step {
  let s: number[][] | undefined;
  return (params, grads) => {
    const next = (s ?? filledLike(params, initial)).map((l, i) => l.map((x, j) => x + at(grads, i, j) ** 2));
    s = next;
    return params.map((l, i) => l.map((x, j) => x - (lr * at(grads, i, j)) / Math.sqrt(at(next, i, j) + eps)));
  };
}

/** θ ← θ − η (sign(β₁ m + (1 − β₁) g) + λ θ);  then m ← β₂ m + (1 − β₂) g */
export function lionReference(lr: number, b1: number, b2: number, weightDecay: number): Step {
  let m: number[][] | undefined;
  return (params, grads) => {
    const prev = m ?? zerosLike(params);
    const out = params.map((l, i) => l.map((x, j) => x - lr * (Math.sign(b1 * at(prev, i, j) + (1 - b1) * at(grads, i, j)) + weightDecay * x)));
    m = prev.map((l, i) => l.map((x, j) => b2 * x + (1 - b2) * at(grads, i, j)));
    return out;
  };
}
