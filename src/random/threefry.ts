// Threefry-2x32: the counter-based block function under every random number in tygrad.
//
// Threefry (Salmon, Moraes, Dror & Shaw, "Parallel Random Numbers: As Easy as 1, 2, 3", SC 2011)
// is the Threefish block cipher cut down to two 32-bit words and without the tweak. It maps a
// 64-bit key and a 64-bit counter to 64 bits that look random: a keyed bijection of the counter.
// Random streams are then just "encrypt 0, 1, 2, …" — no state to carry, any element computable
// on its own. JAX uses the same function with 20 rounds.
//
// All arithmetic is on uint32 values held in JS numbers: additions wrap with `(a + b) >>> 0`
// (the sum of two words is below 2^33, so it is exact before the wrap), rotations combine `<<`
// and `>>>`, and every result is brought back to the unsigned range with `>>> 0`.

/** Two uint32 words, high word first wherever the pair stands for a 64-bit number. */
export type Words = readonly [number, number];

/** Rotation distances of Threefry-2x32, one per round, repeating every 8 rounds. */
const ROTATIONS: readonly number[] = [13, 15, 26, 6, 17, 29, 16, 24];

/** The Skein key-schedule parity constant: the third key word is k0 ⊕ k1 ⊕ this. */
const KEY_PARITY = 0x1bd11bda;

/** Rounds used everywhere in tygrad (and by JAX and Random123's default). */
export const THREEFRY_ROUNDS = 20;

/** rotl(x, r): the 32-bit left rotation; `r` is in 1..31. */
const rotl32 = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;

/**
 * Threefry-2x32 with `rounds` rounds (20 by default) of the key `[k0, k1]` applied to the
 * counter `[c0, c1]`; all four inputs are uint32 words and so are the two outputs.
 *
 * With the key schedule ks = [k0, k1, k0 ⊕ k1 ⊕ 0x1bd11bda], it computes
 *   x0 = c0 + ks0,  x1 = c1 + ks1,
 *   each round r:  x0 += x1;  x1 = rotl(x1, R[r mod 8]) ⊕ x0,
 *   after rounds 4s (s = 1, 2, …):  x0 += ks[s mod 3];  x1 += ks[(s+1) mod 3] + s,
 * with every addition taken mod 2^32.
 */
export const threefry2x32 = (key: Words, counter: Words, rounds: number = THREEFRY_ROUNDS): Words => {
  if (!Number.isInteger(rounds) || rounds < 0) {
    throw new RangeError(`threefry2x32: rounds must be a non-negative integer, got ${String(rounds)}`);
  }
  for (const [name, pair] of [["key", key], ["counter", counter]] as const) {
    if (!pair.every(isUint32)) {
      throw new RangeError(
        `threefry2x32: ${name} words must be integers in [0, 2^32), got [${pair.join(", ")}]`,
      );
    }
  }
  return threefryBlock(key[0], key[1], counter[0], counter[1], rounds);
};

/** True for an integer in [0, 2^32). */
export const isUint32 = (x: number): boolean => Number.isInteger(x) && x >= 0 && x <= 0xffffffff;

/**
 * The unchecked block function behind `threefry2x32`, for callers that produce the words
 * themselves (keys, counters from loop indices) and so already know them to be uint32.
 */
export const threefryBlock = (
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  rounds: number = THREEFRY_ROUNDS,
): Words => {
  const ks: readonly [number, number, number] = [k0, k1, (k0 ^ k1 ^ KEY_PARITY) >>> 0];
  let x0 = (c0 + k0) >>> 0;
  let x1 = (c1 + k1) >>> 0;
  // (The `?? 0`s only satisfy the indexed-access check: r % 8 and s % 3 are always in range.)
  for (let r = 0; r < rounds; r++) {
    x0 = (x0 + x1) >>> 0;
    x1 = (rotl32(x1, ROTATIONS[r % 8] ?? 0) ^ x0) >>> 0;
    if (r % 4 === 3) {
      // Key injection number s re-keys the state so that rounds cannot be peeled off in groups.
      const s = (r + 1) / 4;
      x0 = (x0 + (ks[s % 3] ?? 0)) >>> 0;
      x1 = (x1 + (ks[(s + 1) % 3] ?? 0) + s) >>> 0;
    }
  }
  return [x0, x1];
};
