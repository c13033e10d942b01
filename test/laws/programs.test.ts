// Over the whole registry: abstractEval agrees with the reference kernels (primitives), the
// kernels that run host code (the randomness primitives) compute exactly what it computes, and
// the programs of f, its jvp, its linearization and its transpose type-check.
import { registerLaws } from "./registered-laws.js";

registerLaws(["abstractEval agrees with impl", "impl matches the host computation", "programs type-check"]);
