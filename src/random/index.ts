// tygrad/random: splittable, counter-based PRNG keys (Threefry-2x32, JAX-compatible) and the
// samplers built on them. Every function here is pure: the same key and arguments always give
// the same numbers, on every run and machine.

export { key, split, fold, keyData, keyFromData, eqKey, showKey, StagedKeyError, type Key, type Keys } from "./key.js";
export { threefry2x32, THREEFRY_ROUNDS, type Words } from "./threefry.js";
export {
  randomBits,
  randomBits64,
  toUnitFloat32,
  toUnitFloat64,
  unitFloats32,
  unitFloats64,
  type Bits64,
} from "./bits.js";
export { normalCdf, normalPdf, normalQuantile } from "./gaussian.js";
export { uniformArray, normalArray, truncatedNormalArray, type FloatArray } from "./continuous.js";
export {
  bernoulliArray,
  randintArray,
  categoricalArray,
  permutationArray,
  choiceArray,
  type CategoricalDraw,
} from "./discrete.js";
export {
  uniform,
  normal,
  truncatedNormal,
  bernoulli,
  randint,
  categorical,
  permutation,
  choice,
  type UniformOptions,
  type NormalOptions,
  type FloatOptions,
  type ChoiceOptions,
} from "./samplers.js";
export { KeyCodec } from "./key-codec.js";
