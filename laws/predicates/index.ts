// The pure law predicates: each takes a case (and the directions, cotangents or numbers it
// needs) and returns a result record saying whether the law holds and the numbers that
// explain a failure. The fast-check runners in ../runners.ts draw the arguments.
export { abstractEvalMatchesImpl, type AbstractEvalResult } from "./abstract-eval.js";
export {
  addCommutes, broadcastingMatchesBroadcastTo, matmulAssociates, reshapeRoundTrips, sumOfSums, transposeIsInvolution,
  type AlgebraResult,
} from "./algebra.js";
export { gradMatchesVjp, linearizeMatchesJvp, type AgreementResult } from "./consistency.js";
export { dotProductIdentity, type DotProductResult } from "./dot-product.js";
export {
  jvpMatchesFiniteDifferences, vjpMatchesFiniteDifferences, type FiniteDifferenceResult, type ReverseFiniteDifferenceResult,
} from "./finite-differences.js";
export { jvpIsLinear, type LinearityResult } from "./linearity.js";
export {
  classicPerturbation, mixedNestingClosedForm, nestedJvpClosedForm, SMOOTH_FUNCTIONS,
  type PerturbationResult, type SmoothFunction, type SmoothName,
} from "./perturbation.js";
export { programsTypeCheck, type ProgramsResult } from "./programs.js";
export { implMatchesHost, referenceImpl, type HostResult, type ImplFunction } from "./host.js";
export { hessianIsSymmetric, hvpMatchesFiniteDifferences, type HvpResult, type SymmetryResult } from "./second-order.js";
export { jvpIsZero, jvpRuleIsZero, type ZeroDerivativeResult } from "./zero-derivative.js";
export { vmapMatchesLoop, type BatchingResult } from "./batching.js";
