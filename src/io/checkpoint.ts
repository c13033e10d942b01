// Checkpoints: a training run's parameters, optimizer state, step, PRNG key and metadata in
// one safetensors file, so the weights open in PyTorch or JAX as they are.
//
//   tensors   "params.<path>", "opt.<path>", and when present "state.<path>" (the model's own
//             state, e.g. batch-norm running statistics) and "best.<path>" (the parameters of
//             the best epoch so far, for early stopping), e.g. "params.layers.0.w"
//   metadata  "format": "tygrad-checkpoint/1", "step", "key" ("[hi, lo]"), "user" (JSON)
//
// Loading is checked against the trees the model expects (names, shapes, dtypes): the first
// bad field is reported with its path and nothing partial is ever returned. Saving is atomic.

import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import * as t from "io-ts";
import { KeyCodec, type Key } from "../random/index.js";
import { shapesEqual } from "../shape/index.js";
import type { AnyTensor } from "../tensor/tensor.js";
import { firstNonFinite } from "../tree/finite.js";
import { flatten, leavesWithPaths, unflatten } from "../tree/tree.js";
import { writeFileAtomic } from "./atomic.js";
import { readFileBounded } from "./read-bounded.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";
import { rawToTensor, tensorToRaw } from "./tensor-raw.js";
import type { RawArray } from "./raw.js";

export const CHECKPOINT_FORMAT = "tygrad-checkpoint/1";

export interface Checkpoint<P, S, M = null> {
  readonly params: P;
  readonly optState: S;
  /** The model's state (batch-norm running statistics, …); null for stateless models. */
  readonly modelState?: M;
  /** The parameters and model state of the best epoch so far (early stopping), when there is one. */
  readonly best?: { readonly params: P; readonly modelState: M } | undefined;
  readonly step: number;
  readonly key: Key;
  /** Free-form JSON metadata (hyperparameters, history, …). */
  readonly meta: unknown;
}

export interface CheckpointError {
  readonly _tag: "CheckpointError";
  /** Where the problem is: "file", "metadata.step", "params.w1", … */
  readonly path: string;
  readonly message: string;
}

const fail = (path: string, message: string): CheckpointError => ({ _tag: "CheckpointError", path, message });

/** Encodes a checkpoint as safetensors bytes. */
export function encodeCheckpoint<P, S, M = null>(c: Checkpoint<P, S, M>): Uint8Array {
  const entries = new Map<string, RawArray>();
  const put = (prefix: string, tree: unknown): void => {
    for (const [path, leaf] of leavesWithPaths(tree)) entries.set(`${prefix}.${path}`, tensorToRaw(leaf));
  };
  put("params", c.params);
  put("opt", c.optState);
  put("state", c.modelState ?? null);
  if (c.best !== undefined) put("best", c.best);
  return encodeSafetensors(entries, {
    format: CHECKPOINT_FORMAT,
    step: String(c.step),
    key: JSON.stringify(KeyCodec.encode(c.key)),
    user: JSON.stringify(c.meta ?? null),
    best: c.best === undefined ? "none" : "params",
  });
}

/** io-ts codec of the metadata block (all values are strings in safetensors). */
const JsonString = new t.Type<unknown, string, unknown>(
  "JsonString",
  (u): u is unknown => true,
  (u, c) => {
    if (typeof u !== "string") return t.failure(u, c, "expected a JSON string");
    try {
      return t.success(JSON.parse(u));
    } catch {
      return t.failure(u, c, "invalid JSON");
    }
  },
  (a) => JSON.stringify(a),
);
const StepString = new t.Type<number, string, unknown>(
  "StepString",
  (u): u is number => typeof u === "number",
  (u, c) => (typeof u === "string" && /^\d+$/.test(u) && Number.isSafeInteger(Number(u)) ? t.success(Number(u)) : t.failure(u, c, "expected a non-negative integer")),
  String,
);
// Built on first use, not at import: building it runs io-ts code that programs which never load
// a checkpoint would pay for at start-up.
const buildMetadata = () =>
  t.intersection([
    t.type({ format: t.literal(CHECKPOINT_FORMAT), step: StepString, key: JsonString, user: JsonString }),
    t.partial({ best: t.union([t.literal("none"), t.literal("params")]) }),
  ]);
let builtMetadata: ReturnType<typeof buildMetadata> | undefined;
const Metadata = (): ReturnType<typeof buildMetadata> => (builtMetadata ??= buildMetadata());

/** io-ts's first complaint about the metadata, named by its field ("metadata.step"). */
const metadataFailure = (errors: t.Errors): CheckpointError => {
  const first = errors[0];
  if (first === undefined) return fail("metadata", "is invalid");
  // An intersection adds index keys ("0", "1") to the context; the field is the named key.
  const field = first.context.map((c) => c.key).filter((k) => k !== "" && !/^\d+$/.test(k)).at(-1);
  const expected = first.message ?? `expected ${first.context.at(-1)?.type.name ?? "a valid value"}`;
  const got = first.value === undefined ? "nothing (the field is missing)" : JSON.stringify(first.value);
  const shown = got.length > 60 ? `${got.slice(0, 57)}...` : got;
  return fail(field === undefined ? "metadata" : `metadata.${field}`, `${expected}, got ${shown}`);
};

/** The trees a checkpoint is checked against: the model's own structure and shapes. */
export interface ExpectedTrees<P, S, M> {
  readonly params: P;
  readonly optState: S;
  readonly modelState?: M;
}

/** The leaves of `template` read from `tensors` under `prefix`, checked against the template's shapes and dtypes. */
function readTree<T>(prefix: string, template: T, tensors: ReadonlyMap<string, RawArray>): E.Either<CheckpointError, T> {
  const [, def] = flatten(template);
  const out: AnyTensor[] = [];
  for (const [path, expected] of leavesWithPaths(template)) {
    const name = `${prefix}.${path}`;
    const raw = tensors.get(name);
    if (raw === undefined) return E.left(fail(name, `missing from the checkpoint (expected ${expected.dtype}[${expected.shape.join(", ")}])`));
    let leaf: AnyTensor;
    try {
      leaf = rawToTensor(raw, expected.dtype);
    } catch {
      return E.left(fail(name, `has dtype ${raw.dtype}, expected ${expected.dtype}`));
    }
    if (!shapesEqual(leaf.shape, expected.shape)) return E.left(fail(name, `has shape [${leaf.shape.join(", ")}], expected [${expected.shape.join(", ")}]`));
    out.push(leaf);
  }
  return E.right(unflatten(def, out) as T); // the template's own structure, leaf by leaf
}

/**
 * Decodes checkpoint bytes against the expected parameter and optimizer-state trees. Extra
 * tensors in the file are an error too (they mean the file belongs to another model).
 */
export function decodeCheckpoint<P, S, M = null>(bytes: Uint8Array, expected: ExpectedTrees<P, S, M>): E.Either<CheckpointError, Checkpoint<P, S, M>> {
  return pipe(
    decodeSafetensors(bytes),
    E.mapLeft((e) => fail(e.tensor === undefined ? "file" : e.tensor, e.message)),
    E.chain(({ tensors, metadata }) =>
      pipe(
        Metadata().decode(metadata),
        E.mapLeft(metadataFailure),
        E.chain((meta) =>
          pipe(
            KeyCodec.decode(meta.key),
            E.mapLeft(() => fail("metadata.key", `expected a PRNG key [hi, lo] of two uint32 words, got ${JSON.stringify(meta.key)}`)),
            E.map((key) => ({ meta, key })),
          )),
        E.chain(({ meta, key }) => {
          const hasBest = meta.best === "params";
          const names = (prefix: string, tree: unknown) => leavesWithPaths(tree).map(([p]) => `${prefix}.${p}`);
          const known = new Set([
            ...names("params", expected.params), ...names("opt", expected.optState), ...names("state", expected.modelState ?? null),
            ...(hasBest ? names("best", { params: expected.params, modelState: expected.modelState ?? null }) : []),
          ]);
          const extra = [...tensors.keys()].find((name) => !known.has(name));
          if (extra !== undefined) return E.left(fail(extra, "is not part of the expected model (a checkpoint of another architecture?)"));
          return pipe(
            E.Do,
            E.bind("params", () => readTree("params", expected.params, tensors)),
            E.bind("optState", () => readTree("opt", expected.optState, tensors)),
            E.bind("modelState", () => readTree("state", expected.modelState ?? null, tensors)),
            E.bind("best", () => (hasBest
              ? pipe(readTree("best", { params: expected.params, modelState: (expected.modelState ?? null) as M }, tensors), E.map((b): { params: P; modelState: M } | undefined => b))
              : E.right(undefined))),
            E.map(({ params, optState, modelState, best }) => ({
              params, optState, modelState: modelState as M, best, step: meta.step, key, meta: meta.user, // modelState has the template's type M (null when absent)
            })),
          );
        }),
      )),
  );
}

/** The first NaN or ±Infinity among the weights a checkpoint would store, named by its tensor. */
const nonFiniteWeight = <P, S, M>(c: Checkpoint<P, S, M>): CheckpointError | undefined => {
  for (const [prefix, tree] of [["params", c.params], ["state", c.modelState ?? null], ["best", c.best ?? null]] as const) {
    const found = firstNonFinite(tree);
    if (found !== undefined) {
      const name = found.path === "" ? prefix : `${prefix}.${found.path}`;
      return fail(name, `holds ${found.value} at element ${found.index}; refusing to save non-finite weights (the file on disk is left as it was)`);
    }
  }
  return undefined;
};

/**
 * Writes a checkpoint atomically: an interrupted save leaves the previous file intact. Weights
 * (parameters, model state, the best epoch's) holding NaN or ±Infinity are refused and nothing is
 * written, so a diverged run never replaces the last good checkpoint.
 */
export async function saveCheckpoint<P, S, M = null>(path: string, c: Checkpoint<P, S, M>): Promise<E.Either<CheckpointError, void>> {
  const bad = nonFiniteWeight(c);
  if (bad !== undefined) return E.left(bad);
  const written = await writeFileAtomic(path, encodeCheckpoint(c));
  return pipe(written, E.mapLeft((e) => fail("file", e.message)));
}

/** Reads and decodes a checkpoint (bounded to 4 GiB) against the expected trees. */
export async function loadCheckpoint<P, S, M = null>(path: string, expected: ExpectedTrees<P, S, M>, maxBytes = 4 * 1024 ** 3): Promise<E.Either<CheckpointError, Checkpoint<P, S, M>>> {
  const bytes = await readFileBounded(path, maxBytes);
  return pipe(bytes, E.mapLeft((e) => fail("file", e.message)), E.chain((b) => decodeCheckpoint(b, expected)));
}
