// The laws tying the transformations together, over the whole registry: jvp is linear in the
// tangent, linearize agrees with jvp, grad is vjp seeded with 1.
import { registerLaws } from "./registered-laws.js";

registerLaws(["jvp is linear", "linearize agrees with jvp", "grad is vjp seeded with 1"]);
