// The performance targets of the compiled backend, checked against one run's figures:
//   - MLP training step: tygrad jit at most 0.7× jax-js jit's time, and within 3× of numpy-1t;
//   - no JavaScript peer faster than tygrad's best variant on any row;
//   - start-up of the package build (what `npm run build` makes and package.json exports) no
//     slower than jax-js's; peak memory of the MLP benchmark no higher than jax-js's.
// Each line says met or MISSED with the figures, so a miss is reported, never hidden.

import type { MemoryRow, StartupRow } from "./system.js";

export interface CaseEntry {
  readonly lib: string;
  readonly variant: string;
  readonly medianMs: number;
  readonly rate: number;
  readonly error: number;
  readonly tygradOneThreadRatio: number;
}

export interface CaseResult {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly work: number;
  readonly entries: readonly CaseEntry[];
}

const jsPeers = new Set(["jax-wasm", "tfjs-wasm", "tfjs-cpu", "plain-js"]);
const verdict = (ok: boolean): string => (ok ? "met" : "MISSED");
const f = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : "–");

export function targetLines(results: readonly CaseResult[], startup: readonly StartupRow[], memory: readonly MemoryRow[]): string[] {
  const lines: string[] = [];
  const mlp = results.find((r) => r.id === "mlp-train-step-f32");
  if (mlp !== undefined) {
    const ms = (lib: string, variant?: string): number =>
      mlp.entries.find((e) => e.lib === lib && (variant === undefined || e.variant.startsWith(variant)))?.medianMs ?? NaN;
    const one = ms("tygrad", "jit, 1 thread");
    const two = ms("tygrad", "jit, 2 threads");
    const best = Math.min(one, Number.isFinite(two) ? two : Infinity);
    const jax = ms("jax-wasm", "jit");
    const numpy = ms("numpy-1t");
    lines.push(`- MLP step: tygrad jit ${f(one, 3)} ms (1 thread), ${f(two, 3)} ms (2 threads); jax-js jit ${f(jax, 3)} ms; numpy-1t ${f(numpy, 3)} ms`);
    lines.push(`  - ≤ 0.7× jax-js jit: best tygrad/jax = ${f(best / jax)} (1 thread: ${f(one / jax)}) — ${verdict(best / jax <= 0.7)}`);
    lines.push(`  - within 3× numpy-1t: best tygrad/numpy-1t = ${f(best / numpy)} (1 thread: ${f(one / numpy)}) — ${verdict(best / numpy <= 3)}`);
  }
  const faster = results.flatMap((r) => {
    const tygrad = Math.max(...r.entries.filter((e) => e.lib === "tygrad").map((e) => e.rate));
    return r.entries.filter((e) => jsPeers.has(e.lib) && e.rate > tygrad).map((e) => `${r.title}: ${e.lib} ${e.variant} (${f(e.rate / tygrad)}× tygrad's best)`);
  });
  lines.push(`- no JavaScript peer faster on any row — ${verdict(faster.length === 0)}${faster.length === 0 ? "" : `: ${faster.join("; ")}`}`);
  const start = (lib: string, variant?: string) => startup.find((s) => s.lib === lib && (variant === undefined || s.variant.startsWith(variant)));
  const jaxStart = start("jax-wasm");
  const tygradStart = start("tygrad", "package build");
  if (jaxStart !== undefined && tygradStart !== undefined) {
    const [ty, jax] = [tygradStart.medianMs, jaxStart.medianMs];
    lines.push(`- start-up (${tygradStart.variant}): ${f(ty, 1)} ms vs jax-js ${f(jax, 1)} ms — ${verdict(ty <= jax)}`);
  }
  const jaxMemory = memory.find((m) => m.lib === "jax-wasm");
  if (jaxMemory !== undefined) {
    for (const m of memory.filter((x) => x.lib === "tygrad")) {
      lines.push(`- peak RSS of the MLP benchmark (${m.variant}): ${f(m.rssMiB, 1)} MiB vs jax-js ${f(jaxMemory.rssMiB, 1)} MiB — ${verdict(m.rssMiB <= jaxMemory.rssMiB)}`);
    }
  }
  return lines;
}
