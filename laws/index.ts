// tygrad/laws: the laws tygrad's derivatives obey, as pure predicates, fast-check runners and a
// registry covering every primitive and op, plus checkGradients for checking your own layers.
//
//   import { checkGradients, arbitraries as A } from "tygrad/laws";
//   checkGradients((x) => myLayer(params, x), A.tensorOf([4, 3]));
//   checkLayer(myLayer, { inputShape: [3, 4] });       // parameters and input, every mode
//
// Vitest matchers (toHaveCorrectGradients, toPassLayerLaws) are in tygrad/laws/vitest.
// fast-check (a peer of this entry point) draws the cases; set TYGRAD_LAW_RUNS for deeper runs.

export * as arbitraries from "./arbitraries.js";
export * as predicates from "./predicates/index.js";
export {
  checkGradients, GradientCheckError, GradientCheckUsageError, type CheckGradientsOptions, type GradientMode,
} from "./check-gradients.js";
export { checkLayer, LayerCheckError, type CheckLayerOptions, type LayerMode } from "./layers/check-layer.js";
export {
  checkTransformation, TransformationLawError, type CheckTransformationOptions,
} from "./optim/check-transformation.js";
export { LAYER_REGISTRY, type LayerExample, type LayerFactoryName, type LayerRegistry } from "./layers/registry.js";
export {
  assertAbstractEvalMatchesImpl, assertDotProductIdentity, assertGradMatchesVjp, assertImplMatchesHost, assertHessianSymmetric,
  assertHvpMatchesFiniteDifferences, assertJvpLinear, assertJvpMatchesFiniteDifferences, assertJvpRuleZero,
  assertLinearizeMatchesJvp, assertNoPerturbationConfusion, assertProgramsTypeCheck, assertZeroDerivative, defaultNumRuns,
  LawViolation, type RunOptions,
} from "./runners.js";
export {
  assertAddCommutes, assertBroadcastingMatchesBroadcastTo, assertMatmulAssociates, assertReshapeRoundTrips, assertSumOfSums,
  assertTransposeInvolution,
} from "./runners-algebra.js";
export { LAW_NAMES, lawsFor, type LawName, type NamedLaw } from "./law-table.js";
export {
  missingFromRegistry, OP_ENTRIES, PRIMITIVE_ENTRIES, REGISTRY, registryEntry, staleRegistryEntries,
  type DerivativeKind, type OpEntry, type PrimitiveEntry, type PrimitiveVariant, type RegistryEntry, type Variant,
} from "./registry.js";
export { callCase, describeCase, diff, fixed, lawCase, type Arg, type LawCase } from "./cases.js";
export { application, primitiveCase, type AnyPrimApplication, type PrimApplication } from "./primitive-case.js";
export { tygradDifferentiator, type Differentiator, type FlatFunction, type LinearMap } from "./differentiator.js";
export {
  EPSILON, finiteDifferenceStep, finiteDifferenceTolerance, roundingTolerance, SMALLEST, type Precision,
} from "./tolerance.js";
