// printProgram: a stable, readable text form of a Program, in the style of JAX's jaxprs:
//
//   { lambda a:f32[3] b:f32[3] .
//     let c:f32[3] = sin a
//         d:f32[3] = mul c b
//     in ( d ) }
//
// Inputs come first, then (after `;`) the captured constants; variables are named a, b, c, …
// in order of definition, so the same program always prints the same way.

import type { DType } from "../tensor/dtype.js";
import type { Atom, Eqn, Program, Var } from "./program.js";
import type { Aval } from "./trace.js";

const DTYPE_SHORT: { readonly [D in DType]: string } = { float32: "f32", float64: "f64", int32: "i32", bool: "bool" };

export const showAval = (a: Aval): string => `${DTYPE_SHORT[a.dtype]}[${a.shape.join(",")}]`;

/** a, b, …, z, ba, bb, … (bijective base 26 without the leading-a ambiguity of plain base 26). */
export function varName(i: number): string {
  let name = "";
  let n = i;
  do {
    name = String.fromCharCode(97 + (n % 26)) + name;
    n = Math.floor(n / 26);
  } while (n > 0);
  return name;
}

const showParamValue = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(showParamValue).join(",")}]` : typeof v === "string" ? v : String(v);

// Functions and rule objects (customLinear) are not printable data: only plain values are shown.
const printable = (v: unknown): boolean => typeof v !== "function" && (typeof v !== "object" || v === null || Array.isArray(v));

const showParams = (params: object): string => {
  const entries = Object.entries(params).filter(([, v]) => printable(v));
  return entries.length === 0 ? "" : `[${entries.map(([k, v]) => `${k}=${showParamValue(v)}`).join(" ")}]`;
};

const showLiteral = (value: number, dtype: DType): string =>
  dtype === "bool" ? (value !== 0 ? "true" : "false") : dtype === "int32" || !Number.isInteger(value) ? String(value) : `${value}.0`;

export function printProgram(program: Program): string {
  const names = new Map<Var, string>();
  const define = (v: Var): string => {
    const name = varName(names.size);
    names.set(v, name);
    return `${name}:${showAval(v.aval)}`;
  };
  const use = (a: Atom): string => (a._tag === "literal" ? showLiteral(a.value, a.aval.dtype) : (names.get(a) ?? "?undefined"));
  const inputs = program.inputs.map(define).join(" ");
  const consts = program.consts.map(define).join(" ");
  const head = consts.length > 0 ? `{ lambda ${inputs} ; ${consts} .` : `{ lambda ${inputs} .`;
  const lines = program.eqns.map((e: Eqn, i) => {
    const lhs = define(e.out);
    const line = `${i === 0 ? "  let " : "      "}${lhs} = ${e.prim}${showParams(e.params)} ${e.inputs.map(use).join(" ")}`.trimEnd();
    // a scan's body is a program of its own, printed below its equation (names start afresh)
    return e.prim === "scan" ? [line, ...printProgram(e.params.body).split("\n").map((l) => `          ${l}`)].join("\n") : line;
  });
  const outs = program.outputs.map(use).join(" ");
  return [head, ...lines, `  in ( ${outs} ) }`].join("\n");
}
