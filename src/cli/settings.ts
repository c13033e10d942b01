// The settings a CLI run trains with: its flags with the defaults filled in. A checkpoint records
// the flags as given; resolving both sides the same way lets a resumed run be compared with the
// run it continues.

import type { Flags } from "./args.js";
import { defaultLearningRate } from "./optimizer.js";

/** The default number of built-in training images. */
export const DEFAULT_EXAMPLES = 6000;

export interface Settings {
  readonly data: string | undefined;
  readonly model: "mlp" | "cnn";
  readonly examples: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: NonNullable<Flags["optimizer"]>;
  readonly lr: number;
  readonly momentum: number | undefined;
  readonly weightDecay: number | undefined;
  readonly dropout: number;
  readonly seed: number;
  readonly outDir: string;
}

export const resolveSettings = (flags: Flags): Settings => {
  const optimizer = flags.optimizer ?? "adam";
  return {
    data: flags.data,
    model: flags.model === "cnn" ? "cnn" : "mlp", // the transformer job resolves its own settings (sequence.ts)
    examples: flags.examples ?? DEFAULT_EXAMPLES,
    epochs: flags.epochs ?? 8,
    batchSize: flags["batch-size"] ?? 64,
    optimizer,
    lr: flags.lr ?? defaultLearningRate(optimizer),
    momentum: flags.momentum,
    weightDecay: flags["weight-decay"],
    dropout: flags.dropout ?? 0,
    seed: flags.seed ?? 0,
    outDir: flags.out ?? "out",
  };
};

/**
 * The settings that decide what a run computes, step for step, by flag: a run resumed with another
 * value would not continue the run its checkpoint came from ("resume equals an uninterrupted run").
 * The seed is compared through the checkpoint's key; --epochs, --patience and output flags may change.
 */
export const mustMatchOnResume = (s: Settings): readonly (readonly [flag: string, value: string])[] => [
  ["--data", s.data ?? "(the built-in digits)"],
  ["--model", s.model],
  ...(s.data === undefined ? [["--examples", String(s.examples)] as const] : []),
  ["--batch-size", String(s.batchSize)],
  ["--optimizer", s.optimizer],
  ["--lr", String(s.lr)],
  ["--momentum", s.momentum === undefined ? "(default)" : String(s.momentum)],
  ["--weight-decay", s.weightDecay === undefined ? "(none)" : String(s.weightDecay)],
  ["--dropout", String(s.dropout)],
];
