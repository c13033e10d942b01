// `npm start`: the main job. Trains a model (a 784-128-10 MLP by default) on the built-in digit
// images, prints the epoch table, writes plots, the history and a checkpoint into out/, and
// reports the held-out accuracy. Every knob is a flag; `npm start -- --help` lists them.

import "../backend/wasm-jit/register.js";
import * as E from "fp-ts/lib/Either.js";
import { join } from "node:path";
import { flattenFeatures, reshapeFeatures, type Dataset } from "../data/index.js";
import { loadCheckpoint, saveCheckpoint } from "../io/checkpoint.js";
import { layerToOnnx, saveOnnx } from "../onnx/index.js";
import { l2Penalty, sparseSoftmaxCrossEntropy } from "../nn/index.js";
import { argmax } from "../ops/index.js";
import { fromArray } from "../tensor/index.js";
import { eqKey, fold, key as makeKey } from "../random/index.js";
import { escapeForTerminal } from "../report/escape.js";
import { consoleReporter } from "../report/writer.js";
import { writeJsonLine } from "../report/jsonl.js";
import type { Shape } from "../shape/index.js";
import type { Tensor } from "../tensor/index.js";
import { evalStep, fit, modelFromAnyLayer, type FitReporter, type TrainingState } from "../train/index.js";
import { HELP, parseArgs } from "./args.js";
import { builtIn, csvFile, DataSourceError, mnistFolder, type Source } from "./data-source.js";
import { exitWith, runtimeError, usageError } from "./failure.js";
import { cnn, mlp } from "./models.js";
import { makeOptimizer } from "./optimizer.js";
import { prepareOutputFolder } from "./output-folder.js";
import { sequenceJob } from "./sequence.js";
import { writeDecisionRegions, writeOutputs } from "./outputs.js";
import { decodeRunMeta, settingsMismatch } from "./resume.js";
import { resolveSettings, type Settings } from "./settings.js";

type Logits = Tensor<[number, number]>;
type Labels = Tensor<[number], "int32">;

async function loadSource(settings: Settings): Promise<Source> {
  const key = makeKey(settings.seed);
  if (settings.data === undefined) return builtIn(key, settings.examples);
  return settings.data.toLowerCase().endsWith(".csv") ? csvFile(settings.data, key) : mnistFolder(settings.data);
}

/** Shapes the examples for the model: [N, 28, 28, 1] for the CNN, [N, d] rows for the MLP. */
function prepare(ds: Dataset<Shape>, model: "mlp" | "cnn", source: Source): Dataset<Shape> {
  if (model === "cnn") {
    if (source.featureShape.length !== 2 || source.featureShape[0] !== 28 || source.featureShape[1] !== 28) {
      throw new DataSourceError(`--model cnn needs 28×28 images, but ${source.name} has examples of shape [${source.featureShape.join(", ")}]`);
    }
    return reshapeFeatures(ds, [28, 28, 1]);
  }
  return flattenFeatures(ds);
}

/** Set as soon as the flags are read: whether a failure prints its stack. */
let debug = process.argv.includes("--debug");

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if (E.isLeft(parsed)) {
    const message = parsed.left.message;
    throw usageError(message.includes("--help") ? message : `${message} (see --help)`);
  }
  const { flags, switches } = parsed.right;
  debug = switches.has("debug");
  if (switches.has("help")) {
    process.stdout.write(HELP);
    return;
  }
  if (flags.model === "transformer") return sequenceJob(flags, switches);
  const settings = resolveSettings(flags);
  const { seed, model: modelName, optimizer: optimizerName, lr, epochs, batchSize, dropout: dropoutRate, weightDecay, outDir } = settings;
  if (switches.has("jit") && switches.has("eager")) throw usageError("--jit and --eager contradict each other: pass one (jit is the default) (see --help)");
  const useJit = !switches.has("eager");

  const started = performance.now();
  const source = await loadSource(settings);
  const train = prepare(source.train, modelName, source);
  const test = prepare(source.test, modelName, source);
  const inputs = train.features.shape.slice(1).reduce((a, b) => a * b, 1);
  const layer = modelName === "cnn" ? cnn(source.classes, dropoutRate) : mlp(inputs, source.classes, dropoutRate);
  const model = modelFromAnyLayer<Tensor<Shape>, Logits>(layer);
  const optimizer = makeOptimizer(optimizerName, lr, {
    ...(flags.momentum === undefined ? {} : { momentum: flags.momentum }),
    ...(weightDecay === undefined ? {} : { weightDecay }),
  });
  // L2 regularization as a loss term, except for adamw whose weight decay is decoupled.
  const penalty = weightDecay !== undefined && weightDecay > 0 && optimizerName !== "adamw"
    ? (p: unknown) => l2Penalty(p, { weight: weightDecay })
    : undefined;
  const loss = (logits: Logits, labels: Labels) => sparseSoftmaxCrossEntropy(logits, labels);
  const key = makeKey(seed);
  const checkpointPath = join(outDir, "model.safetensors");

  let resume: TrainingState<unknown, unknown, unknown> | undefined;
  if (flags.resume !== undefined) {
    const from = `--resume ${flags.resume}`;
    const init = model.init(fold(key, 0));
    const expected = { params: init.params, optState: optimizer.init(init.params), modelState: init.state };
    const loaded = await loadCheckpoint(flags.resume, expected);
    if (E.isLeft(loaded)) throw usageError(`${from}: ${loaded.left.path}: ${loaded.left.message}`);
    const meta = decodeRunMeta(loaded.right.meta, loaded.right.step);
    if (E.isLeft(meta)) throw usageError(`${from}: ${meta.left}`);
    // The seed chooses the data, the split and every step's randomness: another one would not continue the run.
    if (!eqKey.equals(loaded.right.key, key)) {
      // A checkpoint of this job records its flags; the seed defaults to 0 there as here.
      const written = meta.right.flags === undefined ? "another seed" : `--seed ${meta.right.flags.seed ?? 0}`;
      throw usageError(`${from}: the checkpoint continues a run with ${written}, not --seed ${seed}; resume with the seed it was written with`);
    }
    const mismatch = settingsMismatch(meta.right.flags, settings);
    if (mismatch !== undefined) throw usageError(`${from}: ${mismatch}`);
    resume = {
      params: loaded.right.params, optState: loaded.right.optState, modelState: loaded.right.modelState ?? init.state,
      epoch: meta.right.epoch, history: meta.right.history, stopping: meta.right.stopping, best: loaded.right.best,
    };
  }

  // Checked before any training: a folder that cannot take the results, or a checkpoint it would replace.
  const folder = await prepareOutputFolder(outDir, checkpointPath, { resume: flags.resume, overwrite: switches.has("overwrite") });

  const quiet = switches.has("quiet");
  const json = switches.has("json");
  const out = process.stdout;
  const sink = { write: (s: string) => void out.write(s), isTTY: out.isTTY === true && !quiet, columns: out.columns ?? 80 };
  const columns = ["epoch", "loss", "accuracy", "valLoss", "valAccuracy", "seconds"];
  const table = consoleReporter(sink, { columns, batchSize });
  const reporter: FitReporter = json
    ? { epochEnd: (r) => writeJsonLine(sink, { event: "epoch", ...r }) }
    : { epochStart: table.epochStart, step: table.step, epochEnd: (r) => table.epochEnd({ ...r }) };

  if (!json) {
    out.write(`tygrad: ${modelName} on ${escapeForTerminal(source.name)}\n`);
    out.write(`        ${optimizerName}(lr ${lr}), batch ${batchSize}, ${epochs} epochs, seed ${seed}${dropoutRate > 0 ? `, dropout ${dropoutRate}` : ""}${weightDecay ? `, weight decay ${weightDecay}` : ""}${useJit ? ", jit" : ", eager"}\n\n`);
  }
  let saves = 0;
  const result = await fit({
    model, loss, optimizer, data: train, epochs, batchSize, key, validationSplit: 0.1, reporter,
    ...(penalty === undefined ? {} : { penalty }),
    ...(flags.patience === undefined ? {} : { earlyStopping: { patience: flags.patience, monitor: "valLoss" as const } }),
    ...(resume === undefined ? {} : { resume }),
    ...(useJit ? { jit: true } : {}),
    onEpoch: async (state) => {
      const saved = await saveCheckpoint(checkpointPath, {
        params: state.params, optState: state.optState, modelState: state.modelState, best: state.best, step: state.epoch, key,
        meta: { epoch: state.epoch, history: state.history, flags, stopping: state.stopping },
      });
      if (E.isLeft(saved)) {
        const what = saved.left.path === "file" ? saved.left.message : `${saved.left.path} ${saved.left.message}`;
        throw runtimeError(`saving ${checkpointPath} after epoch ${state.epoch}: ${what}`);
      }
      saves++;
    },
  }).catch(async (e: unknown) => {
    // A run that fails before its first checkpoint leaves no folder of its own behind.
    if (saves === 0) await folder.removeIfUnused();
    throw e;
  });

  // Held-out accuracy of the returned parameters.
  const evaluate = evalStep(model, loss);
  const metrics = evaluate(result.params, result.modelState, { x: test.features, y: test.labels }, key);
  const heldOut = metrics.accuracy?.item() ?? NaN;
  const heldOutLoss = metrics.loss.item();
  const seconds = (performance.now() - started) / 1000;
  const files = [...await writeOutputs(outDir, `${modelName} on ${source.name.split(" (")[0] ?? source.name}`, result.history, {
    model: modelName, data: source.name, optimizer: optimizerName, lr, batchSize, epochs, seed,
    heldOutAccuracy: heldOut, heldOutLoss, seconds, stoppedEarly: result.stoppedEarly, returnedEpoch: result.returnedEpoch,
  })];
  if (switches.has("export-onnx")) {
    // The returned parameters in inference mode, for any batch size; an example fixes the other dims.
    const onnxPath = join(outDir, "model.onnx");
    const written = await saveOnnx(onnxPath, layerToOnnx(layer, result.params, result.modelState, test.features));
    if (E.isLeft(written)) throw runtimeError(`--export-onnx: ${written.left.message}`);
    files.push(onnxPath);
  }
  if (source.featureShape.length === 1 && source.featureShape[0] === 2) {
    const xy = test.features.toArray();
    const labels = test.labels.toArray();
    const points = Array.from(labels, (label, i) => ({ x: xy[2 * i] ?? 0, y: xy[2 * i + 1] ?? 0, label }));
    files.push(await writeDecisionRegions(outDir, `${modelName}: decision regions`, points, source.classes, (grid) => {
      const input = fromArray(grid.flat(), [grid.length, 2]);
      const { output } = model.apply(result.params, result.modelState, input, { key, train: false });
      return Array.from(argmax(output, 1).toArray());
    }));
  }
  if (json) {
    writeJsonLine(sink, { event: "result", heldOutAccuracy: heldOut, heldOutLoss, seconds, returnedEpoch: result.returnedEpoch });
    return;
  }
  out.write(`\n${result.stoppedEarly ? `Stopped early; parameters of epoch ${result.returnedEpoch} restored.\n` : ""}`);
  out.write(`Held-out accuracy: ${(heldOut * 100).toFixed(2)}% (loss ${heldOutLoss.toFixed(4)}) on ${test.features.shape[0]} examples not used for training.\n`);
  // A resumed run that was already complete trains no epoch, so it writes no checkpoint.
  const trained = result.epoch > (resume?.epoch ?? 0);
  out.write(`Wrote ${escapeForTerminal([...(trained ? [checkpointPath] : []), ...files].join(", "))}\n`);
  out.write(`Total time ${seconds.toFixed(1)} s.\n`);
}

main().catch((e: unknown) => exitWith(e, debug));
