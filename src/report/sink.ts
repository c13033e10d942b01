// Where text reports go. `process.stdout` satisfies this interface, and so does a test double that
// collects strings; `isTTY` decides whether a redrawn progress line is worth drawing and `columns`
// how wide it may be.

export interface Sink {
  readonly write: (text: string) => void;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}
