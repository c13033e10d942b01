// Over the whole registry: abstractEval agrees with the reference kernels (primitives), and
// the programs of f, its jvp, its linearization and its transpose type-check.
import { registerLaws } from "./registered-laws.js";

registerLaws(["abstractEval agrees with impl", "programs type-check"]);
