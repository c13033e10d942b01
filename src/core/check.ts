// checkProgram: a Program type-checks itself. Every variable is defined exactly once before it
// is used, and every equation's output shape and dtype is what abstractEval says it must be.

import * as E from "fp-ts/lib/Either.js";
import { abstractEval } from "./abstract-eval.js";
import { printProgram, showAval } from "./print.js";
import type { Atom, Program, Var } from "./program.js";

export class ProgramCheckError extends Error {
  readonly _tag = "ProgramCheckError";
  constructor(readonly equation: number, readonly reason: string, readonly program: string) {
    super(`checkProgram: equation ${equation}: ${reason}\n${program}`);
  }
}

const sameAval = (a: Var["aval"], b: Var["aval"]): boolean =>
  a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);

export function checkProgram(program: Program): E.Either<ProgramCheckError, Program> {
  const defined = new Set<Var>();
  const fail = (i: number, reason: string) => E.left(new ProgramCheckError(i, reason, printProgram(program)));
  for (const v of [...program.inputs, ...program.consts]) {
    if (defined.has(v)) return fail(-1, "an input or const variable appears twice");
    defined.add(v);
  }
  if (program.consts.length !== program.constValues.length) return fail(-1, "consts and constValues differ in length");
  for (const [i, c] of program.constValues.entries()) {
    const v = program.consts[i];
    if (v !== undefined && !sameAval(v.aval, { shape: c.shape, dtype: c.dtype })) return fail(-1, `const ${i} is ${c.dtype}[${c.shape.join(",")}] but its variable says ${showAval(v.aval)}`);
  }
  const isDefined = (a: Atom): boolean => a._tag === "literal" || defined.has(a);
  for (const [i, e] of program.eqns.entries()) {
    if (!e.inputs.every(isDefined)) return fail(i, `${e.prim} uses a variable before it is defined`);
    if (defined.has(e.out)) return fail(i, `${e.prim} redefines a variable`);
    let expected: Var["aval"];
    try {
      expected = abstractEval(e.prim, e.inputs.map((a) => a.aval), e.params);
    } catch (err) {
      return fail(i, err instanceof Error ? err.message : String(err));
    }
    if (!sameAval(expected, e.out.aval)) return fail(i, `${e.prim} should produce ${showAval(expected)}, but its output is declared ${showAval(e.out.aval)}`);
    defined.add(e.out);
  }
  if (!program.outputs.every(isDefined)) return fail(program.eqns.length, "an output is not defined");
  return E.right(program);
}
