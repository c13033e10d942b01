// Automatic differentiation: forward mode by dual numbers, reverse mode by transformation.
export { grad, jvp, linearize, valueAndGrad, vjp, GradError, type GradOptions, type GradsFor, type LinearFunction, type Pullback, type Scalar } from "./api.js";
export { hessian, hvp, jacfwd, jacrev, type Hessian, type Jacobian } from "./jacobian.js";
export { customJvp, customVjp, ForwardModeUnavailableError, type JvpRuleFn } from "./custom.js";
export { linearTranspose, makeJvpProgram, makeLinearProgram, makeProgram, makeTransposeProgram } from "./programs.js";
export { TangentError } from "./jvp-trace.js";
export { NonlinearError } from "./transpose-rules.js";
export { vmap, VmapError, type Batched, type BatchedArgs, type InAxes, type VmapOptions } from "./vmap.js";
