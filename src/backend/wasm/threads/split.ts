// How a matmul is divided among threads: along the rows of C when there are enough, else its
// columns, else the batch. Parts are aligned to the micro-kernel's tile so no thread gets a
// needlessly ragged edge, and empty parts are dropped (m < threads is fine).

import { type RawMatmul, type SplitAxis } from "../kernels/matmul/args.js";

export interface MatmulPart {
  readonly axis: SplitAxis;
  readonly start: number;
  readonly end: number;
}

/** [start, end) ranges covering [0, length) in `parts` pieces, each a multiple of `align` but the last. */
export const splitRange = (length: number, parts: number, align: number): readonly (readonly [number, number])[] => {
  const chunk = Math.ceil(length / parts / align) * align;
  const out: (readonly [number, number])[] = [];
  for (let start = 0; start < length; start += chunk) out.push([start, Math.min(length, start + chunk)]);
  return out;
};

export const splitMatmul = (
  problem: RawMatmul,
  threads: number,
  tile: { readonly mr: number; readonly nr: number },
  minimumWork: number,
): readonly MatmulPart[] => {
  const { m, n, k, batch } = problem;
  const work = m * n * k * batch;
  const whole: readonly MatmulPart[] = [{ axis: "rows", start: 0, end: m }];
  if (threads <= 1 || work < minimumWork || work === 0) return whole;
  const along = (axis: SplitAxis, length: number, align: number): readonly MatmulPart[] =>
    splitRange(length, threads, align).map(([start, end]) => ({ axis, start, end }));
  if (m >= threads * tile.mr) return along("rows", m, tile.mr);
  if (n >= threads * tile.nr) return along("cols", n, tile.nr);
  if (batch >= threads) return along("batch", batch, 1);
  return along("rows", m, 1);
};
