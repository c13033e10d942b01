// Command-line flags of `npm start` (tygrad's training job), parsed and then validated with io-ts:
// every flag has a type and a range, and a bad one is reported with what was expected.

import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import * as t from "io-ts";

export const OPTIMIZERS = ["sgd", "momentum", "adam", "adamw", "rmsprop", "adagrad", "lion"] as const;
export const MODELS = ["mlp", "cnn", "transformer"] as const;

/** Decimal text: digits with an optional sign, point and exponent ("1e-3", ".5"); integers are digits only. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_INTEGER = /^[+-]?\d+$/;

/**
 * A number flag: decimal text within [min, max] (integer when asked). Only decimal is read, as
 * the help says: `Number` alone would also take "0x10", "0b11", "1_0" and " 5 ".
 */
const numberFlag = (name: string, min: number, max: number, integer: boolean) =>
  new t.Type<number, string, unknown>(
    name,
    (u): u is number => typeof u === "number",
    (u, c) => {
      const v = typeof u === "string" && DECIMAL.test(u) ? Number(u) : NaN;
      if (!Number.isFinite(v)) return t.failure(u, c, `expected a decimal number, got ${JSON.stringify(u)}`);
      if (integer && typeof u === "string" && !DECIMAL_INTEGER.test(u) && Number.isInteger(v)) return t.failure(u, c, `expected an integer written in decimal digits, got ${JSON.stringify(u)}`);
      if (integer && !Number.isInteger(v)) return t.failure(u, c, `expected an integer, got ${JSON.stringify(u)}`);
      if (v < min || v > max) return t.failure(u, c, `expected a value in [${min}, ${max}], got ${v}`);
      return t.success(v);
    },
    String,
  );

/** One of a fixed set of words. */
const choice = <const W extends readonly [string, ...string[]]>(name: string, words: W) =>
  new t.Type<W[number], string, unknown>(
    name,
    (u): u is W[number] => typeof u === "string" && words.includes(u),
    (u, c) => (typeof u === "string" && words.includes(u) ? t.success(u) : t.failure(u, c, `expected one of ${words.join(", ")}, got ${JSON.stringify(u)}`)),
    String,
  );

const text = (name: string) =>
  new t.Type<string, string, unknown>(name, (u): u is string => typeof u === "string", (u, c) => (typeof u === "string" && u !== "" ? t.success(u) : t.failure(u, c, "expected a non-empty value")), String);

/**
 * The most built-in images one run generates: each is 28×28 float32 (3 KiB), and the data, its
 * shuffled copies and the model's activations must fit in memory with room to spare; 100,000
 * images are 300 MiB.
 */
export const MAX_EXAMPLES = 100_000;

/** The codec of the flags, keyed by their long names. */
export const Flags = t.partial({
  data: text("path"),
  model: choice("model", MODELS),
  epochs: numberFlag("epochs", 1, 100_000, true),
  "batch-size": numberFlag("batch size", 1, 1_000_000, true),
  lr: numberFlag("learning rate", 1e-12, 10, false),
  optimizer: choice("optimizer", OPTIMIZERS),
  momentum: numberFlag("momentum", 0, 0.999999, false),
  "weight-decay": numberFlag("weight decay", 0, 10, false),
  dropout: numberFlag("dropout rate", 0, 0.95, false),
  patience: numberFlag("patience", 1, 100_000, true),
  seed: numberFlag("seed", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true),
  out: text("folder"),
  resume: text("checkpoint file"),
  examples: numberFlag("examples", 100, MAX_EXAMPLES, true),
});
export type Flags = t.TypeOf<typeof Flags>;

/** Boolean switches (no value). */
export const SWITCHES = ["help", "json", "jit", "eager", "quiet", "overwrite", "debug", "export-onnx"] as const;
export type Switch = (typeof SWITCHES)[number];

export interface ParsedArgs {
  readonly flags: Flags;
  readonly switches: ReadonlySet<Switch>;
}

export interface ArgsError {
  readonly _tag: "ArgsError";
  readonly message: string;
}

const argsError = (message: string): ArgsError => ({ _tag: "ArgsError", message });
const known = new Set<string>(Object.keys(Flags.props));
const isSwitch = (name: string): name is Switch => (SWITCHES as readonly string[]).includes(name);

/** Splits argv into `--name value` / `--name=value` pairs and switches, then decodes the flags. */
export function parseArgs(argv: readonly string[]): E.Either<ArgsError, ParsedArgs> {
  const raw: Record<string, string> = {};
  const switches = new Set<Switch>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "-h") {
      switches.add("help");
      continue;
    }
    if (!arg.startsWith("--")) return E.left(argsError(`unexpected argument ${JSON.stringify(arg)} (flags look like --epochs 5)`));
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (isSwitch(name)) {
      if (inline !== undefined) return E.left(argsError(`--${name} takes no value`));
      switches.add(name);
      continue;
    }
    if (!known.has(name)) return E.left(argsError(`unknown flag --${name} (see --help)`));
    if (name in raw) return E.left(argsError(`--${name} is given twice`));
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--"))) return E.left(argsError(`--${name} needs a value`));
    raw[name] = value;
  }
  return pipe(
    Flags.decode(raw),
    E.mapLeft((errors) => {
      const first = errors[0];
      const key = first?.context.find((c) => c.key !== "")?.key ?? "?";
      return argsError(`--${key}: ${first?.message ?? "invalid value"}`);
    }),
    E.map((flags) => ({ flags, switches })),
  );
}

export const HELP = `tygrad — train a model on built-in or real data

Usage: npm start -- [flags]

Data and model
  --data <dir|file.csv>   a folder with MNIST IDX files (e.g. ../shared/data/mnist) or a CSV file
                          (last column = label); default: the built-in procedural digit images
  --model mlp|cnn         a 784-128-10 MLP (default) or a small convolutional network
  --model transformer     a small decoder-only transformer on the built-in digit-reversal task
  --examples <n>          number of built-in images to generate (default 6000, at most 100000)

Training
  --epochs <n>            passes over the training set (default 8; 5 for the transformer)
  --batch-size <n>        examples per step: N = batch, 1 = stochastic, else mini-batch (default 64)
  --optimizer <name>      sgd, momentum, adam (default), adamw, rmsprop, adagrad or lion
  --lr <x>                learning rate (default 0.001 for adam-like, 0.05 for sgd-like)
  --momentum <β>          momentum for sgd/momentum (default 0.9)
  --weight-decay <λ>      L2 penalty λ·Σθ²/2 (adamw: decoupled decay)
  --dropout <rate>        dropout rate after the hidden layer (default 0)
  --patience <n>          early stopping on validation loss after n epochs without improvement
  --seed <n>              PRNG seed (default 0): same seed, same data, same history
  --jit                   compile the training step once and run it for every batch (default)
  --eager                 run every step op by op instead (the reference for --jit)

Output
  --out <dir>             where plots, the checkpoint and the history go (default out/)
  --resume <file>         continue from a checkpoint written by an earlier run (with the same
                          --data, --model, --examples, --batch-size, --optimizer, --lr, --momentum,
                          --weight-decay, --dropout and --seed; --epochs may grow)
  --overwrite             replace a checkpoint already in --out (otherwise the run refuses to start)
  --export-onnx           also write the trained model as model.onnx next to the checkpoint
  --json                  print one JSON object per epoch instead of the table
  --quiet                 no progress bar
  --debug                 print the stack trace with an error
  --help                  this text
`;
