// The first-order laws over the whole registry: jvp against finite differences and the
// dot-product identity for smooth entries, exact zeros for piecewise-constant ones.
import { registerLaws } from "./registered-laws.js";

registerLaws(["jvp matches finite differences", "dot-product identity", "jvp is exactly zero", "jvp rule gives zero"]);
