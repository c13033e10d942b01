// The registry of benchmark cases. A case names a workload and how much work one call does; each
// of its runners prepares one library's implementation on the case's shared inputs. New rows are
// added by registering another case.

export type Unit = "GFLOP/s" | "Melem/s" | "steps/s" | "epochs/s";

export interface Runner {
  /** One call of the workload; may return a promise (awaited inside the timing). */
  readonly run: () => void | Promise<unknown>;
  /** The result after the timed calls, to check every library computed the same thing. */
  readonly output: () => Float32Array | Promise<Float32Array>;
  readonly dispose?: () => void;
}

export interface RunnerSpec<I> {
  /** Library, e.g. "tygrad", "tfjs-wasm", "jax-wasm". */
  readonly lib: string;
  /** How it is run, e.g. "1 thread", "eager", "jit". */
  readonly variant: string;
  readonly prepare: (inputs: I) => Promise<Runner>;
}

export interface BenchCase<I> {
  /** Stable identifier used in the JSON results. */
  readonly id: string;
  readonly title: string;
  readonly unit: Unit;
  /** Floating-point operations (GFLOP/s), elements (Melem/s), steps or epochs of one call. */
  readonly work: number;
  readonly inputs: () => I;
  /** Error of an output against the exact result (may sample entries; see each case for its meaning). */
  readonly check: (inputs: I, output: Float32Array) => number;
  readonly runners: readonly RunnerSpec<I>[];
}

/** A case with its input type hidden, so cases of different inputs share one list. */
export interface AnyCase {
  readonly id: string;
  readonly title: string;
  readonly unit: Unit;
  readonly work: number;
  readonly runners: readonly { readonly lib: string; readonly variant: string }[];
  /** Prepares runner i on fresh inputs; returns the runner and its output check. */
  readonly prepareRunner: (index: number) => Promise<{ runner: Runner; check: (output: Float32Array) => number }>;
}

export const erase = <I>(c: BenchCase<I>): AnyCase => {
  let cached: I | undefined;
  const inputs = (): I => (cached ??= c.inputs());
  return {
    id: c.id,
    title: c.title,
    unit: c.unit,
    work: c.work,
    runners: c.runners.map((r) => ({ lib: r.lib, variant: r.variant })),
    prepareRunner: async (index) => {
      const spec = c.runners[index];
      if (spec === undefined) throw new RangeError(`${c.id}: no runner ${index}`);
      const data = inputs();
      return { runner: await spec.prepare(data), check: (output) => c.check(data, output) };
    },
  };
};
