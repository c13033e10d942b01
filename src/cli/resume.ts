// Continuing a CLI run from its checkpoint. The checkpoint's free-form metadata ("user") is what
// this job wrote after each epoch — the epoch, the history, the flags and the early-stopping
// state — and it is decoded with io-ts like any other input: a bad field is named by its path
// (user.history[0].loss), it must agree with the checkpoint's validated step, and the run being
// resumed must have been made with the same settings as this one (see mustMatchOnResume).

import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { EarlyStoppingState, EpochRecord } from "../train/index.js";
import { Flags } from "./args.js";
import { mustMatchOnResume, resolveSettings, type Settings } from "./settings.js";

const integerAtLeast = (min: number) =>
  new t.Type<number, number, unknown>(
    min === 0 ? "a non-negative integer" : `an integer ≥ ${min}`,
    (u): u is number => typeof u === "number" && Number.isSafeInteger(u) && u >= min,
    (u, c) => (typeof u === "number" && Number.isSafeInteger(u) && u >= min ? t.success(u) : t.failure(u, c)),
    t.identity,
  );
const finite = new t.Type<number, number, unknown>(
  "a finite number",
  (u): u is number => typeof u === "number" && Number.isFinite(u),
  (u, c) => (typeof u === "number" && Number.isFinite(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** The flags as this job stores them (numbers as numbers), read back through the flags' own codecs and ranges. */
const StoredFlags = new t.Type<Flags, Flags, unknown>(
  "the run's flags",
  (u): u is Flags => Flags.is(u),
  (u, c) => {
    if (!t.UnknownRecord.is(u)) return t.failure(u, c, "expected an object of flags");
    const asText = Object.fromEntries(Object.entries(u).map(([k, v]) => [k, typeof v === "number" ? String(v) : v]));
    return Flags.validate(asText, c);
  },
  t.identity,
);

const buildMetaCodec = () =>
  t.intersection([
    t.type({
      epoch: integerAtLeast(0),
      history: t.array(t.intersection([
        t.type({ epoch: integerAtLeast(1), loss: finite, seconds: finite }),
        t.partial({ accuracy: finite, valLoss: finite, valAccuracy: finite }),
      ])),
    }),
    t.partial({
      flags: StoredFlags,
      stopping: t.type({ best: t.union([finite, t.null]), bestEpoch: integerAtLeast(-1), wait: integerAtLeast(0) }),
    }),
  ]);
let metaCodec: ReturnType<typeof buildMetaCodec> | undefined;

/** What a checkpoint of this job records about its run. */
export interface RunMeta {
  readonly epoch: number;
  readonly history: readonly EpochRecord[];
  readonly flags: Flags | undefined;
  readonly stopping: EarlyStoppingState;
}

/** io-ts's first complaint, as "user.history[0].loss must be a finite number, got \"nope\"". */
const describeFailure = (errors: t.Errors): string => {
  const first = errors[0];
  if (first === undefined) return "user: invalid";
  // The context runs from the root down; an intersection adds its member's index ("0", "1"),
  // which is no key of the value, so entries directly below an intersection are skipped.
  const path = first.context.flatMap((entry, i) => (i === 0 || first.context[i - 1]?.type instanceof t.IntersectionType ? [] : [entry.key]));
  const field = path.reduce((acc, k) => (/^\d+$/.test(k) ? `${acc}[${k}]` : `${acc}.${k}`), "user");
  // A codec's own sentence already says what it got.
  if (first.message !== undefined) return `${field}: ${first.message}`;
  const got = first.value === undefined ? "nothing (the field is missing)" : JSON.stringify(first.value);
  return `${field} must be ${first.context.at(-1)?.type.name ?? "valid"}, got ${got !== undefined && got.length > 60 ? `${got.slice(0, 57)}...` : got}`;
};

/**
 * The run metadata of a checkpoint whose validated step is `step`. A checkpoint written by other
 * code (metadata null) continues at its step with an empty history.
 */
export const decodeRunMeta = (user: unknown, step: number): E.Either<string, RunMeta> => {
  if (user === null) return E.right({ epoch: step, history: [], flags: undefined, stopping: { best: Infinity, bestEpoch: -1, wait: 0 } });
  const decoded = (metaCodec ??= buildMetaCodec()).decode(user);
  if (E.isLeft(decoded)) return E.left(describeFailure(decoded.left));
  const { epoch, history, flags, stopping } = decoded.right;
  if (epoch !== step) return E.left(`user.epoch ${epoch} disagrees with the checkpoint's step ${step}`);
  if (history.length !== epoch) return E.left(`user.history has ${history.length} records for ${epoch} epochs`);
  const misnumbered = history.findIndex((r, i) => r.epoch !== i + 1);
  if (misnumbered >= 0) return E.left(`user.history[${misnumbered}].epoch is ${history[misnumbered]?.epoch}, expected ${misnumbered + 1}`);
  if (stopping !== undefined && stopping.bestEpoch > epoch) return E.left(`user.stopping.bestEpoch ${stopping.bestEpoch} is after the checkpoint's epoch ${epoch}`);
  return E.right({
    epoch, history, flags,
    // JSON has no Infinity: a run without an improvement yet stored best as null.
    stopping: stopping === undefined ? { best: Infinity, bestEpoch: -1, wait: 0 } : { ...stopping, best: stopping.best ?? Infinity },
  });
};

/**
 * Why this run cannot continue the recorded one: the first setting whose value differs, named by
 * its flag; undefined if they agree (or the checkpoint records no flags).
 */
export const settingsMismatch = (recorded: Flags | undefined, current: Settings): string | undefined => {
  if (recorded === undefined) return undefined;
  const then = new Map(mustMatchOnResume(resolveSettings(recorded)));
  for (const [flag, now] of mustMatchOnResume(current)) {
    const was = then.get(flag);
    if (was !== undefined && was !== now) {
      return `the checkpoint was written with ${flag} ${was}, but this run has ${flag} ${now}; a resumed run must keep it (pass ${flag} ${was}, or start a new run without --resume)`;
    }
  }
  return undefined;
};
