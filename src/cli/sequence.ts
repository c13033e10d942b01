// `npm start -- --model transformer`: a small decoder-only transformer (2 pre-norm blocks, 4
// causal heads, width 64) trained under jit on the built-in digit-reversal task, then greedy
// decoding of held-out strings. The epoch table also shows the answer-token accuracy, the
// perplexity and the learning rate (warmup + cosine decay); history.json and one chart per
// figure go to the output folder.

import { CliError } from "./failure.js";
import { mkdir } from "node:fs/promises";
import { digitReversal, SEP } from "../data/index.js";
import { jit } from "../backend/jit/jit.js";
import { accuracy, dense, embedding, greedyDecode, layerNorm, learnedPositions, sequential, sparseSoftmaxCrossEntropy, transformerBlock, type ParamsOf } from "../nn/index.js";
import { slice } from "../ops/index.js";
import { adam, warmupCosineDecay } from "../optim/index.js";
import { key as makeKey } from "../random/index.js";
import { consoleReporter } from "../report/writer.js";
import { writeJsonLine } from "../report/jsonl.js";
import type { Tensor } from "../tensor/index.js";
import { fit, learningRateLogger, type FitReporter, type Model } from "../train/index.js";
import type { Flags, Switch } from "./args.js";
import { writeOutputs } from "./outputs.js";

type Logits = Tensor<[number, number, number]>;
type Tokens = Tensor<[number, number], "int32">;

/** Flags the sequence job has no use for: an error rather than silently ignored. */
const unsupported = ["data", "resume", "optimizer", "momentum", "weight-decay", "dropout", "patience"] as const;

/** A flag the sequence job cannot honour: a usage error (exit status 2). */
export class SequenceJobError extends CliError {
  constructor(message: string) {
    super(`${message} (see --help)`, 2);
  }
}

export async function sequenceJob(flags: Flags, switches: ReadonlySet<Switch>): Promise<void> {
  const given = unsupported.find((f) => flags[f] !== undefined);
  if (given !== undefined) throw new SequenceJobError(`--${given} is not supported with --model transformer (it trains adam on the built-in digit-reversal task)`);
  const started = performance.now();
  const seed = flags.seed ?? 0;
  const epochs = flags.epochs ?? 5;
  const batchSize = flags["batch-size"] ?? 64;
  const peak = flags.lr ?? 3e-3;
  const outDir = flags.out ?? "out";
  const useJit = !switches.has("eager");
  const L = 8;
  const T = 2 * L;
  const width = 64;
  const key = makeKey(seed);
  const train = digitReversal(makeKey(seed + 1), { examples: flags.examples ?? 6000, length: L });
  const test = digitReversal(makeKey(seed + 2), { examples: 500, length: L });

  const block = () => transformerBlock(width, { heads: 4, causal: true });
  const decoder = sequential(embedding(train.vocabulary, width), learnedPositions(T, width), block(), block(), layerNorm(width), dense(width, train.vocabulary));
  const model: Model<ParamsOf<typeof decoder>, null, Tokens, Logits> = {
    init: (k) => ({ params: decoder.init(k), state: null }),
    apply: (params, state, x, ctx) => ({ output: decoder.apply(params, x, ctx), state }),
  };
  const loss = (logits: Logits, labels: Tokens) => sparseSoftmaxCrossEntropy(logits, labels);
  const answer = (logits: Logits, labels: Tokens) => accuracy(slice(logits, 1, L, T), slice(labels, 1, L, T));
  const steps = epochs * Math.ceil(train.features.shape[0] / batchSize);
  const schedule = warmupCosineDecay({ initValue: 0, peakValue: peak, warmupSteps: Math.ceil(steps / 10), decaySteps: Math.max(steps, Math.ceil(steps / 10) + 1), endValue: peak / 30 });

  const json = switches.has("json");
  const out = process.stdout;
  const sink = { write: (s: string) => void out.write(s), isTTY: out.isTTY === true && !switches.has("quiet"), columns: out.columns ?? 80 };
  const table = consoleReporter(sink, { columns: ["epoch", "loss", "valLoss", "answer", "valAnswer", "perplexity", "lr", "seconds"], batchSize });
  const reporter: FitReporter = json
    ? { epochEnd: (r) => writeJsonLine(sink, { event: "epoch", ...r }) }
    : { epochStart: table.epochStart, step: table.step, epochEnd: (r) => table.epochEnd({ ...r }) };
  if (!json) out.write(`tygrad: transformer on ${train.name}\n        adam(peak lr ${peak}, warmup + cosine), batch ${batchSize}, ${epochs} epochs, seed ${seed}${useJit ? ", jit" : ", eager"}\n\n`);

  const result = await fit({
    model, loss, optimizer: adam(schedule), data: train, validation: test, epochs, batchSize, key, reporter, jit: useJit,
    metrics: { answer },
    callbacks: [{ epochEnd: ({ record }) => ({ metrics: { perplexity: Math.exp(record.loss) } }) }, learningRateLogger(schedule)],
  });

  // Greedy decoding at a fixed shape [N, 2L]: causal attention ignores the tokens not decoded yet.
  const forward = useJit ? jit((x: Tokens) => decoder.apply(result.params, x)) : (x: Tokens) => decoder.apply(result.params, x);
  const n = test.features.shape[0];
  const answers = greedyDecode(forward, test.features, L + 1, L).toArray(); // [n, L]
  const prompts = test.features.toArray();
  const text = (ts: ArrayLike<number>) => Array.from(ts, (t) => (t < 10 ? String(t) : t === SEP ? "|" : "_")).join("");
  const decoded = (e: number) => text(answers.slice(e * L, (e + 1) * L));
  const prompt = (e: number) => text(prompts.slice(e * T, e * T + L));
  const reversed = (e: number) => [...prompt(e)].reverse().join("");
  const exact = Array.from({ length: n }, (_, e) => decoded(e) === reversed(e)).filter(Boolean).length / n;
  const seconds = (performance.now() - started) / 1000;
  await mkdir(outDir, { recursive: true });
  const files = await writeOutputs(outDir, "transformer on digit reversal", result.history, {
    model: "transformer", data: train.name, optimizer: "adam", lr: peak, batchSize, epochs, seed, heldOutExactMatch: exact, seconds,
  });
  if (json) {
    writeJsonLine(sink, { event: "result", heldOutExactMatch: exact, seconds });
    return;
  }
  out.write("\nGreedy decoding of held-out strings:\n");
  for (let e = 0; e < 5; e++) out.write(`  ${prompt(e)} → ${decoded(e)}  ${decoded(e) === reversed(e) ? "✓" : "✗"}\n`);
  out.write(`Held-out exact match: ${(exact * 100).toFixed(2)}% of ${n} strings reversed correctly.\n`);
  out.write(`Wrote ${files.join(", ")}\nTotal time ${seconds.toFixed(1)} s.\n`);
}
