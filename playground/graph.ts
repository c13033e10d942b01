// The computation graph of a traced program, with each variable's primal value and its cotangent
// (∂f/∂v, the adjoint the backward pass hands it) at the chosen inputs, drawn as SVG.
//
// Values come from evaluating the program with every variable as an output. A variable's
// cotangent is the gradient of the rest of the program with respect to it: the program cut just
// after the equation that defines v, taking as inputs everything defined up to there, is a
// function of v, and tygrad's grad of it at v's value is ∂f/∂v.

import * as t from "../src/index.js";
import type { Tensor } from "./expr.js";

type Program = t.Program;
type Var = t.Var;

export interface GraphNode {
  readonly v: Var;
  readonly name: string;
  /** The primitive that defines it, or "input" / "const". */
  readonly label: string;
  readonly value: Tensor;
  /** Absent for a value that is not a float (a comparison's bool, an index): it has no derivative. */
  readonly cotangent: Tensor | undefined;
  readonly depth: number;
}

export interface GraphEdge {
  readonly from: Var;
  readonly to: Var;
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const isVar = (a: t.Atom): a is Var => a._tag === "var";

/** Every variable of `program` with its value and cotangent at `args` (inputs, then the program's consts). */
export function annotate(program: Program, args: readonly Tensor[]): Graph {
  const defined: Var[] = [...program.inputs, ...program.consts, ...program.eqns.map((e) => e.out)];
  const everything: Program = { ...program, outputs: defined };
  const values = t.evalProgram({ ...everything, inputs: [...program.inputs, ...program.consts], consts: [], constValues: [] }, [...args, ...program.constValues]);
  const valueOf = new Map(defined.map((v, i) => [v, values[i]] as const));
  const fixed = (vars: readonly Var[]): Tensor[] => vars.map((v) => {
    const value = valueOf.get(v);
    if (value === undefined) throw new Error("graph: a variable has no value");
    return value as Tensor;
  });
  // the cotangent of defined[k]: the program after its defining equation, as a function of it
  const given = program.inputs.length + program.consts.length;
  const cotangent = (k: number): Tensor | undefined => {
    const aval = defined[k]?.aval;
    if (aval === undefined || (aval.dtype !== "float32" && aval.dtype !== "float64")) return undefined;
    // everything defined up to v (at least all inputs and consts), and the equations after v
    const before = defined.slice(0, Math.max(given, k + 1));
    const rest: Program = { ...program, inputs: before, consts: [], constValues: [], eqns: program.eqns.slice(Math.max(0, k + 1 - given)) };
    const others = fixed(before);
    // the program's output is a scalar (the playground differentiates only scalar functions)
    const f = (v: Tensor) => t.evalProgram(rest, others.map((o, i) => (i === k ? v : o)))[0] as t.Tensor<[], "float32" | "float64">;
    const at = others[k];
    if (at === undefined) throw new Error("graph: a variable has no value");
    return t.grad(f)(at);
  };
  const depth = new Map<Var, number>();
  const labels = new Map<Var, string>([...program.inputs.map((v) => [v, "input"] as const), ...program.consts.map((v) => [v, "const"] as const)]);
  for (const v of [...program.inputs, ...program.consts]) depth.set(v, 0);
  const edges: GraphEdge[] = [];
  for (const e of program.eqns) {
    const ins = e.inputs.filter(isVar);
    depth.set(e.out, 1 + Math.max(0, ...ins.map((v) => depth.get(v) ?? 0)));
    labels.set(e.out, e.prim);
    for (const v of ins) edges.push({ from: v, to: e.out });
  }
  const nodes = defined.map((v, k) => ({
    v, name: t.varName(k), label: labels.get(v) ?? "?", value: fixed([v])[0] as Tensor, cotangent: cotangent(k), depth: depth.get(v) ?? 0,
  }));
  return { nodes, edges };
}

/** A short text for a tensor: the number for a scalar, else the shape and the first entries. */
export const brief = (x: Tensor): string => {
  const data = Array.from(x.toArray());
  const fmt = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(3))));
  if (x.shape.length === 0) return fmt(data[0] ?? NaN);
  const head = data.slice(0, 3).map(fmt).join(", ");
  return `[${head}${data.length > 3 ? ", …" : ""}]`;
};

const escape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The graph as SVG: columns by depth, a box per variable, edges labelled value / cotangent. */
export function graphSvg(graph: Graph): string {
  const columns = new Map<number, GraphNode[]>();
  for (const n of graph.nodes) columns.set(n.depth, [...(columns.get(n.depth) ?? []), n]);
  const [boxW, boxH, gapX, gapY] = [150, 58, 90, 30];
  const place = new Map<Var, { x: number; y: number }>();
  for (const [d, ns] of columns) ns.forEach((n, i) => place.set(n.v, { x: 20 + d * (boxW + gapX), y: 20 + i * (boxH + gapY) }));
  const width = 40 + columns.size * (boxW + gapX);
  const height = 40 + Math.max(...[...columns.values()].map((ns) => ns.length)) * (boxH + gapY);
  const byVar = new Map(graph.nodes.map((n) => [n.v, n]));
  // A variable's value and cotangent are the same on all its edges: each is labelled once, on the
  // variable's first edge, a third of the way along.
  const labelled = new Set<Var>();
  const edges = graph.edges.map(({ from, to }) => {
    const [a, b] = [place.get(from), place.get(to)];
    const n = byVar.get(from);
    if (a === undefined || b === undefined || n === undefined) return "";
    const [x1, y1, x2, y2] = [a.x + boxW, a.y + boxH / 2, b.x, b.y + boxH / 2];
    const line = `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" class="edge" marker-end="url(#arrow)"/>`;
    if (labelled.has(from)) return line;
    labelled.add(from);
    const [lx, ly] = [x1 + (x2 - x1) / 3, y1 + (y2 - y1) / 3];
    return line +
      `<text x="${lx}" y="${ly - 4}" class="edge-label primal">${escape(brief(n.value))}</text>` +
      (n.cotangent === undefined ? "" : `<text x="${lx}" y="${ly + 11}" class="edge-label cotangent">${escape(`∂ ${brief(n.cotangent)}`)}</text>`);
  });
  const boxes = graph.nodes.map((n) => {
    const p = place.get(n.v) ?? { x: 0, y: 0 };
    return `<g class="node ${n.label === "input" ? "input" : ""}"><rect x="${p.x}" y="${p.y}" width="${boxW}" height="${boxH}" rx="6"/>` +
      `<text x="${p.x + 8}" y="${p.y + 18}" class="node-name">${escape(`${n.name} = ${n.label}`)}</text>` +
      `<text x="${p.x + 8}" y="${p.y + 34}" class="primal">${escape(brief(n.value))}</text>` +
      `<text x="${p.x + 8}" y="${p.y + 50}" class="cotangent">${escape(n.cotangent === undefined ? "(no derivative)" : `∂f/∂${n.name} ${brief(n.cotangent)}`)}</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" class="graph">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>` +
    `${edges.join("")}${boxes.join("")}</svg>`;
}
