// The reference kernel of `checkIndices`: the data unchanged, or a LabelError for the first
// element outside [0, bound) — the same message the eager label checks give (src/nn/labels.ts).

import type { AnyData } from "../../tensor/dtype.js";
import { LabelError } from "../errors.js";
import type { Params } from "../primitives.js";

export function checkIndicesData(data: AnyData, { op, what, bound }: Params<"checkIndices">): AnyData {
  const i = data.findIndex((v) => !(v >= 0 && v < bound));
  if (i >= 0) throw new LabelError(op, `${what} ${data[i]} at position ${i}`, `${what}s in [0, ${bound})`);
  return data;
}
