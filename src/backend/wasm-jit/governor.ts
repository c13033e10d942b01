// When to split a matmul across threads. Splitting pays only while the other core is free: on a
// busy machine the worker's half waits for a time slice and the split product takes longer than
// the whole product on one thread (milliseconds instead of microseconds). Each matmul step of a
// compiled program therefore keeps a running average of its own time both ways and runs the
// faster one, trying the other again every `probeEvery` calls so it notices when things change
// (a probe's time replaces the old estimate of its way, so one probe is enough to switch back).
// Either way gives bit-identical results (a split never changes how an element is summed), so the
// choice affects only speed.

export interface GovernorOptions {
  /** Calls between two tries of the way not currently chosen (default 32). */
  readonly probeEvery?: number;
  /** Weight of the newest time in the running averages (default 0.25). */
  readonly smoothing?: number;
}

export class SplitGovernor {
  readonly #probeEvery: number;
  readonly #smoothing: number;
  #single: number | undefined;
  #split: number | undefined;
  #calls = 0;
  #probing = false;

  constructor(readonly now: () => number, options: GovernorOptions = {}) {
    this.#probeEvery = options.probeEvery ?? 32;
    this.#smoothing = options.smoothing ?? 0.25;
  }

  /** Whether the next call should be split (given that a pool is available). */
  chooseSplit(): boolean {
    this.#calls++;
    this.#probing = false;
    if (this.#split === undefined) return true;
    if (this.#single === undefined) return false;
    const splitFaster = this.#split < this.#single;
    this.#probing = this.#calls % this.#probeEvery === 0;
    return this.#probing ? !splitFaster : splitFaster;
  }

  /** Records how long a call took, split or not. */
  record(split: boolean, ms: number): void {
    const average = (old: number | undefined): number =>
      old === undefined || this.#probing ? ms : old + this.#smoothing * (ms - old);
    if (split) this.#split = average(this.#split);
    else this.#single = average(this.#single);
  }

  /** Runs one call the chosen way (`split` undefined: no pool, run whole) and times it. */
  run(single: () => void, split: (() => void) | undefined): void {
    if (split === undefined) {
      single();
      return;
    }
    const splitNow = this.chooseSplit();
    const start = this.now();
    if (splitNow) split();
    else single();
    this.record(splitNow, this.now() - start);
  }
}
