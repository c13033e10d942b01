// Step sizes and tolerances of the gradient laws, derived from the working precision's machine
// epsilon ε (2⁻⁵² for float64). Every law compares two numbers that agree in exact arithmetic;
// the tolerance is an estimate of their rounding (and, for finite differences, truncation)
// error, with a safety factor that is still far below the error a wrong derivative makes.
//
// Finite differences. The central difference (f(x + hu) − f(x − hu)) / 2h differs from the
// directional derivative by a truncation error ≈ h²·|f‴|/6 plus a rounding error ≈ ε·|f|/h.
// The two balance at h ≈ ε^(1/3); scaling by max(1, ‖x‖∞) keeps the step relative to the
// inputs' size. With that step both errors are O(ε^(2/3)·M), M a magnitude of f and f′, and a
// sum of N rounded terms grows like √N (a random walk), so
//
//     step       h = ε^(1/3) · max(1, ‖x‖∞)                      (≈ 6.1e-6 · max(1, ‖x‖∞) in float64)
//     tolerance  τ = C_fd · ε^(2/3) · √N · M,  M = max(1, ‖f(x)‖∞, ‖Jf·u‖∞)
//
// with N the number of input elements and C_fd = 10⁴ in float64 (τ ≈ 3.7e-7 · √N · M). A sign
// error or a missing term makes an error of the order of the derivative itself.
//
// Rounding-only identities (dot product, linearity, symmetry, linearize = jvp, grad = vjp) have
// no truncation error. Their two sides are rounded results of the same exact quantity, so
//
//     tolerance  τ = C_round · (ε · S + η)
//
// where S is the scale the rounding is relative to: for an inner product ⟨a, b⟩ it is
// ‖a‖₂·‖b‖₂ (its classic error bound is N·ε·Σ|aᵢ·bᵢ| ≤ N·ε·‖a‖₂·‖b‖₂), for arrays √N times
// the largest magnitude involved. C_round = 2¹⁹ in float64 (τ ≈ 1.2e-10 · S) covers N and
// chains of a few hundred rounded operations. η, the smallest subnormal number, is the
// absolute error of a result that underflows (fast-check likes to draw numbers like 5e-324,
// whose products round to 0).
//
// Float32 variants (a cast to float32 inside an otherwise float64 function) round once to
// float32 precision; they use ε = 2⁻²³ with smaller safety factors, because ε^(2/3) is then
// already large.

/** The precision a law's tolerances are derived from. */
export type Precision = "float64" | "float32";

/** Machine epsilon: the gap between 1 and the next representable number. */
export const EPSILON: { readonly [P in Precision]: number } = { float64: 2 ** -52, float32: 2 ** -23 };

/** The smallest positive (subnormal) number: the absolute rounding error of an underflow. */
export const SMALLEST: { readonly [P in Precision]: number } = { float64: 2 ** -1074, float32: 2 ** -149 };

const C_FD: { readonly [P in Precision]: number } = { float64: 1e4, float32: 20 };
const C_ROUND: { readonly [P in Precision]: number } = { float64: 2 ** 19, float32: 64 };

/** The central-difference step h = ε^(1/3) · max(1, ‖x‖∞). */
export const finiteDifferenceStep = (precision: Precision, inputMaxAbs: number): number =>
  Math.cbrt(EPSILON[precision]) * Math.max(1, inputMaxAbs);

/** τ = C_fd · ε^(2/3) · √N · M for N input elements and magnitude M (see the header). */
export const finiteDifferenceTolerance = (precision: Precision, inputSize: number, magnitude: number): number =>
  C_FD[precision] * Math.cbrt(EPSILON[precision]) ** 2 * Math.sqrt(Math.max(1, inputSize)) * magnitude;

// One-sided differences (at a declared kink, where a central difference would straddle it).
// (f(x + hu) − f(x)) / h has truncation error ≈ h·|f″|/2 and rounding error ≈ ε·|f|/h, which
// balance at h ≈ √ε: both are then O(√ε·M) (≈ 1.5e-8·M in float64), so
//
//     step       h₁ = √ε · max(1, ‖x‖∞)
//     tolerance  τ₁ = C₁ · √ε · √N · M,   C₁ = 10³ in float64 (τ₁ ≈ 1.5e-5 · √N · M)
//
// still far below the error of a wrong derivative, which is of the order of M.
const C_ONE_SIDED: { readonly [P in Precision]: number } = { float64: 1e3, float32: 20 };

/** The one-sided difference step h₁ = √ε · max(1, ‖x‖∞). */
export const oneSidedStep = (precision: Precision, inputMaxAbs: number): number =>
  Math.sqrt(EPSILON[precision]) * Math.max(1, inputMaxAbs);

/** τ₁ = C₁ · √ε · √N · M for N input elements and magnitude M. */
export const oneSidedTolerance = (precision: Precision, inputSize: number, magnitude: number): number =>
  C_ONE_SIDED[precision] * Math.sqrt(EPSILON[precision]) * Math.sqrt(Math.max(1, inputSize)) * magnitude;

/** τ = C_round · (ε · S + η) for a rounding-only identity at scale S (see the header). */
export const roundingTolerance = (precision: Precision, scale: number): number =>
  C_ROUND[precision] * (EPSILON[precision] * scale + SMALLEST[precision]);

/** √N · M: the scale of an elementwise comparison of N-element arrays of magnitude M. */
export const arrayScale = (size: number, magnitude: number): number => Math.sqrt(Math.max(1, size)) * magnitude;
