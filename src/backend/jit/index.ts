// jit: compile traced programs, cached per input signature.
export {
  jit, DonationError, JitOptionError, defaultCacheSize, setDefaultBackend, getDefaultBackend, type JitOptions, type JitStats, type Jitted,
} from "./jit.js";
export { referenceBackend, type Backend, type Executable } from "./backend.js";
export { signatureOf, signatureDiff, type Signature } from "./signature.js";
