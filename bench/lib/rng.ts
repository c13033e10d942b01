// Seeded inputs shared by every library in a run: mulberry32, a small 32-bit generator, so the
// same seed gives the same numbers in every library and on every machine.

export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** `length` float32 values uniform in [lo, hi). */
export const seededFloat32 = (length: number, seed: number, lo = -1, hi = 1): Float32Array<ArrayBuffer> => {
  const next = mulberry32(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = lo + (hi - lo) * next();
  return out;
};
