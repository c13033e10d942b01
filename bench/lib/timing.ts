// Timing: warm up, size a block of repetitions to a minimum duration, time several blocks and
// keep the median time per call (robust to the noise of a shared machine).

export interface TimingOptions {
  /** Time spent calling before measuring (lets engines tier up their code). */
  readonly warmupMs: number;
  /** Number of timed blocks. */
  readonly blocks: number;
  /** Each block repeats the call until it lasts at least this long. */
  readonly minBlockMs: number;
}

export interface Timing {
  /** Median over blocks of the mean time per call, in milliseconds. */
  readonly medianMs: number;
  readonly perBlockMs: readonly number[];
  readonly repsPerBlock: number;
}

export type Run = () => void | Promise<unknown>;

const callOnce = async (run: Run): Promise<void> => {
  const result = run();
  if (result instanceof Promise) await result;
};

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

export const measure = async (run: Run, options: TimingOptions): Promise<Timing> => {
  let calls = 0;
  const warmStart = performance.now();
  while (calls < 2 || performance.now() - warmStart < options.warmupMs) {
    await callOnce(run);
    calls += 1;
  }
  const perCall = (performance.now() - warmStart) / calls;
  const reps = Math.max(1, Math.ceil(options.minBlockMs / Math.max(perCall, 1e-3)));
  const perBlockMs: number[] = [];
  for (let b = 0; b < options.blocks; b++) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) await callOnce(run);
    perBlockMs.push((performance.now() - start) / reps);
  }
  return { medianMs: median(perBlockMs), perBlockMs, repsPerBlock: reps };
};
