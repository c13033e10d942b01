// The compiler pipeline: check → simplify (fold constants, drop dead code) → schedule (views,
// fusion, kernel choice) → plan buffers by liveness → place them once → bind each step. The
// placed memory is freed when the executable is released or becomes garbage (lifetime.ts).

import * as E from "fp-ts/lib/Either.js";
import { checkProgram } from "../../core/check.js";
import type { Program } from "../../core/program.js";
import { Binder, type BoundOutput, type BoundStep } from "./bind.js";
import type { Device } from "./device.js";
import { WasmExecutable, type CompileStats } from "./executable.js";
import { ProgramMemory } from "./lifetime.js";
import { planMemory, placeMemory } from "./plan.js";
import { buildSchedule } from "./schedule.js";
import { simplifyProgram } from "./simplify.js";
import type { Schedule, Step } from "./steps.js";

const countSteps = (schedule: Schedule): Record<Step["_tag"], number> => {
  const counts = { upload: 0, convert: 0, copy: 0, fill: 0, elementwise: 0, matmul: 0, reduce: 0, random: 0, fallback: 0 };
  for (const s of schedule.steps) counts[s._tag] += 1;
  return counts;
};

/** The schedule a program compiles to (for inspection and tests; `compileProgram` runs it). */
export function scheduleOf(program: Program): Schedule {
  const checked = checkProgram(program);
  if (E.isLeft(checked)) throw checked.left;
  return buildSchedule(simplifyProgram(checked.right));
}

export function compileProgram(device: Device, program: Program): WasmExecutable {
  const schedule = scheduleOf(program);
  const plan = planMemory(schedule);
  const { refs, blocks } = placeMemory(device.runtime.arena, schedule, plan);
  const memory = new ProgramMemory(device.runtime.arena, blocks);
  let steps: BoundStep[];
  let outputs: BoundOutput[];
  try {
    const binder = new Binder(device, refs);
    for (const [value, data] of schedule.pinnedData) {
      const ref = refs[value.id];
      if (ref !== undefined) device.views.of(value.dtype).set(data, ref.offset / data.BYTES_PER_ELEMENT);
    }
    steps = schedule.steps.map((s) => binder.step(s));
    outputs = schedule.outputs.map((o) => binder.output(o));
  } catch (error) {
    memory.release(); // a program that failed to compile keeps no memory
    throw error;
  }
  const stats: CompileStats = {
    steps: countSteps(schedule),
    fallbacks: schedule.steps.flatMap((s) => (s._tag === "fallback" ? [s.eqn.prim] : [])),
    planBytes: plan.block.bytes,
    unsharedBytes: plan.unsharedBytes,
    pinnedBytes: plan.pinned.bytes,
    residentPairs: plan.resident.length,
    largestMatmul: schedule.steps.reduce((most, s) => (s._tag === "matmul" ? Math.max(most, s.m * s.n * s.k * s.batch) : most), 0),
  };
  const layout = { hostSlots: schedule.hostSlots, values: schedule.values.length, resident: plan.resident };
  const executable = new WasmExecutable(program, steps, outputs, layout, stats, memory);
  memory.watch(executable);
  return executable;
}
