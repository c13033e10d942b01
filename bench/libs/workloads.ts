// The inputs of the two workload families, shared by every library adapter.

export interface MatmulInputs {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** A is stored k × m when transposed, m × k otherwise (row-major). */
  readonly transA: boolean;
  /** B is stored n × k when transposed, k × n otherwise (row-major). */
  readonly transB: boolean;
  readonly a: Float32Array<ArrayBuffer>;
  readonly b: Float32Array<ArrayBuffer>;
}

/** out = tanh(x·y + z), elementwise. */
export interface TanhInputs {
  readonly x: Float32Array<ArrayBuffer>;
  readonly y: Float32Array<ArrayBuffer>;
  readonly z: Float32Array<ArrayBuffer>;
}

/** Shapes of A and B as stored. */
export const storedShapes = (w: MatmulInputs): { a: [number, number]; b: [number, number] } => ({
  a: w.transA ? [w.k, w.m] : [w.m, w.k],
  b: w.transB ? [w.n, w.k] : [w.k, w.n],
});
