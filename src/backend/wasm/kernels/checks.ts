// Argument checks shared by the kernel entry points.

/** A dimension or count: a safe integer in [0, 2^31), the range kernels address with i32. */
export const checkCount = (op: string, name: string, value: unknown): number => {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value >= 2 ** 31) {
    throw new RangeError(`${op}: ${name} must be an integer in [0, 2^31), got ${String(value)}`);
  }
  return value;
};
