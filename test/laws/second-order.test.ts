// The second-order laws over the whole registry: hvp against finite differences of grad, and
// the symmetry of the Hessian jacfwd(grad).
import { registerLaws } from "./registered-laws.js";

registerLaws(["hvp matches finite differences of grad", "Hessian is symmetric"]);
