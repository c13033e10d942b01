// The IR and its interpreters, for users who inspect or transform programs.
export { PRIMITIVES, type CompareOp, type PrimParams, type PrimTag, type Params, type Sampler, type SampleParams } from "./primitives.js";
export { Var, type Atom, type Eqn, type Literal, type Program } from "./program.js";
export { printProgram, showAval, varName } from "./print.js";
export { checkProgram, ProgramCheckError } from "./check.js";
export { evalProgram, ProgramArityError } from "./eval-program.js";
export { abstractEval, abstractEvalRules } from "./abstract-eval.js";
export { implRules } from "./impl/index.js";
export { DTypeError } from "./errors.js";
export { EscapedTracerError, type Aval } from "./trace.js";
export { IndexOutOfRangeError } from "./impl/structure.js";
