// The playground's little language: lines `name = expression`. A line whose expression is a
// number or an array literal is an input (a tensor the function is differentiated against); the
// other lines are the function's body, the last one its value, which must be a scalar:
//
//   x = [1, 2, 3]
//   y = [4, 5, 6]
//   f = sum(sin(x) * y)
//
// Expressions have + - * / (also ·), ^ (a power), unary minus, parentheses, and calls of the
// functions in `functions` (sum(x, 1) sums over axis 1). Everything evaluates with tygrad's ops,
// so tracing an expression gives tygrad's own programs.

import * as t from "../src/index.js";

export type Tensor = t.Tensor<number[], "float32" | "float64">;
type Value = Tensor | number;

export type Expr =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "array"; readonly items: readonly Expr[] }
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "unary"; readonly operand: Expr }
  | { readonly kind: "binary"; readonly op: "+" | "-" | "*" | "/" | "^"; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expr[] };

export interface Line {
  readonly name: string;
  readonly expr: Expr;
  readonly line: number;
}

export class ParseError extends Error {
  readonly _tag = "ParseError";
}

// ---------------------------------------------------------------------------------------------
// tokens and parsing (precedence climbing)

type Token = { readonly kind: "number"; readonly value: number } | { readonly kind: "name"; readonly text: string } | { readonly kind: "punct"; readonly text: string };

const tokenize = (text: string, line: number): Token[] => {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)|([A-Za-z_][A-Za-z_0-9]*)|(\*\*|[-+*/^()[\],=·]))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (m === null) throw new ParseError(`line ${line}: unexpected "${text.slice(at).trim()[0]}" at column ${at + 1}`);
    at = pattern.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: "number", value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: "name", text: m[2] });
    else tokens.push({ kind: "punct", text: m[3] === "·" ? "*" : m[3] === "**" ? "^" : (m[3] ?? "") });
  }
  return tokens;
};

const precedence: Readonly<Record<string, number>> = { "+": 1, "-": 1, "*": 2, "/": 2, "^": 3 };

function parseExpression(tokens: readonly Token[], line: number): Expr {
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isPunct = (text: string): boolean => {
    const tok = peek();
    return tok?.kind === "punct" && tok.text === text;
  };
  const expect = (text: string): void => {
    if (!isPunct(text)) throw new ParseError(`line ${line}: expected "${text}"`);
    i++;
  };
  const list = (close: string): Expr[] => {
    const items: Expr[] = [];
    if (isPunct(close)) {
      i++;
      return items;
    }
    for (;;) {
      items.push(binary(0));
      if (isPunct(",")) i++;
      else break;
    }
    expect(close);
    return items;
  };
  const primary = (): Expr => {
    const tok = peek();
    if (tok === undefined) throw new ParseError(`line ${line}: the expression ends too early`);
    i++;
    if (tok.kind === "number") return { kind: "number", value: tok.value };
    if (tok.kind === "name") {
      if (isPunct("(")) {
        i++;
        return { kind: "call", name: tok.text, args: list(")") };
      }
      return { kind: "name", name: tok.text };
    }
    if (tok.text === "(") {
      const inner = binary(0);
      expect(")");
      return inner;
    }
    if (tok.text === "[") return { kind: "array", items: list("]") };
    if (tok.text === "-") return { kind: "unary", operand: binary(3) };
    throw new ParseError(`line ${line}: unexpected "${tok.text}"`);
  };
  const binary = (minimum: number): Expr => {
    let left = primary();
    for (;;) {
      const tok = peek();
      const p = tok?.kind === "punct" ? precedence[tok.text] : undefined;
      if (tok?.kind !== "punct" || p === undefined || p <= minimum - (tok.text === "^" ? 1 : 0)) return left;
      i++;
      // ^ is right-associative: its right side may hold another ^
      const right = binary(tok.text === "^" ? p : p + 0.5);
      left = { kind: "binary", op: tok.text as "+" | "-" | "*" | "/" | "^", left, right }; // the token matched one of these five
    }
  };
  const expr = binary(0);
  if (i < tokens.length) throw new ParseError(`line ${line}: unexpected "${JSON.stringify(tokens[i])}" after the expression`);
  return expr;
}

/** The lines of a playground source (blank lines and // comments skipped). */
export function parseSource(source: string): Line[] {
  return source.split("\n").flatMap((text, index) => {
    const body = text.replace(/\/\/.*$/, "").trim();
    if (body === "") return [];
    const m = /^([A-Za-z_][A-Za-z_0-9]*)\s*=(.*)$/.exec(body);
    if (m === null) throw new ParseError(`line ${index + 1}: expected "name = expression"`);
    return [{ name: m[1] ?? "", expr: parseExpression(tokenize(m[2] ?? "", index + 1), index + 1), line: index + 1 }];
  });
}

// ---------------------------------------------------------------------------------------------
// evaluation with tygrad

const literal = (e: Expr): e is Extract<Expr, { kind: "number" | "array" }> | Extract<Expr, { kind: "unary" }> =>
  e.kind === "number" || e.kind === "array" || (e.kind === "unary" && literal(e.operand));

type Nested = number | readonly Nested[];

const constant = (e: Expr): Nested => {
  if (e.kind === "number") return e.value;
  if (e.kind === "unary") {
    const v = constant(e.operand);
    if (typeof v !== "number") throw new ParseError("a minus sign goes on a number inside an array");
    return -v;
  }
  if (e.kind === "array") return e.items.map(constant);
  throw new ParseError("inputs are numbers or arrays of numbers");
};

const flatten = (v: Nested): { shape: number[]; data: number[] } => {
  if (typeof v === "number") return { shape: [], data: [v] };
  const rows = v.map(flatten);
  const first = rows[0];
  if (first === undefined) throw new ParseError("an input array is empty");
  if (!rows.every((r) => r.shape.join(",") === first.shape.join(","))) throw new ParseError("an input array is ragged: its rows differ in shape");
  return { shape: [v.length, ...first.shape], data: rows.flatMap((r) => r.data) };
};

// The playground's shapes are known only when the page runs, so it calls the ops through these
// run-time-shaped signatures; each op checks its shapes as it runs and names them if they differ.
interface DynamicOps {
  sum(x: Tensor, axis?: number): Tensor;
  mean(x: Tensor, axis?: number): Tensor;
  max(x: Tensor, axis?: number): Tensor;
  logsumexp(x: Tensor, axis?: number): Tensor;
  matmul(a: Tensor, b: Tensor): Tensor;
  transpose(x: Tensor): Tensor;
  softmax(x: Tensor, axis: number): Tensor;
}
const dynamic: DynamicOps = { sum: t.sum, mean: t.mean, max: t.max, logsumexp: t.logsumexp, matmul: t.matmul, transpose: t.transpose, softmax: t.nn.softmax } as unknown as DynamicOps;

const asTensor = (v: Value, like: Tensor | undefined): Tensor =>
  typeof v === "number" ? t.full([], v, like?.dtype ?? "float32") : v;

type Fn = (args: readonly Value[], line: number) => Value;

const unaryFn = (name: string, f: (x: Tensor) => Tensor): Fn => (args, line) => {
  const [x] = args;
  if (args.length !== 1 || x === undefined) throw new ParseError(`line ${line}: ${name} takes one argument`);
  return f(asTensor(x, undefined));
};

const axisOf = (name: string, v: Value | undefined, line: number): number | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new ParseError(`line ${line}: ${name}'s second argument is an axis (a whole number)`);
  return v;
};

const reduceFn = (name: string, f: (x: Tensor, axis: number | undefined) => Tensor): Fn => (args, line) => {
  const [x, axis] = args;
  if (x === undefined || args.length > 2) throw new ParseError(`line ${line}: ${name} takes a tensor and, optionally, an axis`);
  return f(asTensor(x, undefined), axisOf(name, axis, line));
};

/** The functions an expression may call. */
export const functions: Readonly<Record<string, Fn>> = {
  sin: unaryFn("sin", t.sin), cos: unaryFn("cos", t.cos), exp: unaryFn("exp", t.exp), log: unaryFn("log", t.log),
  tanh: unaryFn("tanh", t.tanh), sqrt: unaryFn("sqrt", t.sqrt), relu: unaryFn("relu", t.relu), sigmoid: unaryFn("sigmoid", t.sigmoid),
  square: unaryFn("square", t.square), abs: unaryFn("abs", t.abs),
  sum: reduceFn("sum", dynamic.sum), mean: reduceFn("mean", dynamic.mean),
  max: reduceFn("max", dynamic.max), logsumexp: reduceFn("logsumexp", dynamic.logsumexp),
  softmax: reduceFn("softmax", (x, a) => dynamic.softmax(x, a ?? -1)),
  matmul: (args, line) => {
    const [a, b] = args;
    if (args.length !== 2 || a === undefined || b === undefined || typeof a === "number" || typeof b === "number") {
      throw new ParseError(`line ${line}: matmul takes two tensors`);
    }
    return dynamic.matmul(a, b);
  },
  transpose: unaryFn("transpose", dynamic.transpose),
};

const binaryOps = { "+": t.add, "-": t.sub, "*": t.mul, "/": t.div, "^": t.pow } as const;

function evaluate(e: Expr, env: ReadonlyMap<string, Value>, line: number): Value {
  switch (e.kind) {
    case "number":
      return e.value;
    case "array":
      throw new ParseError(`line ${line}: arrays are inputs: give the array its own line (name = [...])`);
    case "name": {
      const v = env.get(e.name);
      if (v === undefined) throw new ParseError(`line ${line}: "${e.name}" is not defined above`);
      return v;
    }
    case "unary": {
      const v = evaluate(e.operand, env, line);
      return typeof v === "number" ? -v : t.neg(v);
    }
    case "binary": {
      const [l, r] = [evaluate(e.left, env, line), evaluate(e.right, env, line)];
      if (typeof l === "number" && typeof r === "number") return e.op === "^" ? l ** r : e.op === "+" ? l + r : e.op === "-" ? l - r : e.op === "*" ? l * r : l / r;
      const like = typeof l === "number" ? (typeof r === "number" ? undefined : r) : l;
      return binaryOps[e.op](asTensor(l, like), asTensor(r, like));
    }
    case "call": {
      const f = functions[e.name];
      if (f === undefined) throw new ParseError(`line ${line}: unknown function "${e.name}"; known: ${Object.keys(functions).join(", ")}`);
      return f(e.args.map((a) => evaluate(a, env, line)), line);
    }
  }
}

/** A parsed source: its inputs (name, shape, values) and the function of them it defines. */
export interface Definition {
  readonly inputs: readonly { readonly name: string; readonly shape: readonly number[]; readonly data: readonly number[] }[];
  /** The function's name (the last line's). */
  readonly name: string;
  readonly f: (...xs: Tensor[]) => Tensor;
}

export function define(source: string): Definition {
  const lines = parseSource(source);
  const inputs = lines.filter((l) => literal(l.expr)).map((l) => ({ name: l.name, ...flatten(constant(l.expr)) }));
  const body = lines.filter((l) => !literal(l.expr));
  const last = body[body.length - 1];
  if (last === undefined) throw new ParseError("no function: add a line such as f = sum(x * x)");
  if (inputs.length === 0) throw new ParseError("no inputs: add a line such as x = [1, 2, 3]");
  const f = (...xs: Tensor[]): Tensor => {
    const env = new Map<string, Value>(inputs.map((input, i) => [input.name, xs[i] ?? 0]));
    for (const l of body) env.set(l.name, evaluate(l.expr, env, l.line));
    const out = env.get(last.name);
    if (out === undefined || typeof out === "number") throw new ParseError(`line ${last.line}: the function's value must depend on an input`);
    if (out.shape.length !== 0) throw new ParseError(`line ${last.line}: the function's value must be a scalar to take its gradient; it has shape [${out.shape.join(", ")}] (wrap it in sum(...) or mean(...))`);
    return out;
  };
  return { inputs, name: last.name, f };
}

/** The inputs as tensors of `dtype`. */
export const inputTensors = (d: Definition, dtype: "float32" | "float64"): Tensor[] =>
  d.inputs.map((input) => t.fromArray(input.data, [...input.shape], dtype));

/** The playground's examples. */
export const examples: Readonly<Record<string, string>> = {
  "sin(x)·y": "x = [1, 2, 3]\ny = [4, 5, 6]\nf = sum(sin(x) · y)",
  "2-layer MLP loss": [
    "// a 2-3-1 network on two points, mean squared error",
    "x = [[0.5, -1], [1, 2]]",
    "w1 = [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]",
    "b1 = [0.01, 0.02, 0.03]",
    "w2 = [[0.7], [-0.8], [0.9]]",
    "target = [[1], [0]]",
    "h = relu(matmul(x, w1) + b1)",
    "loss = mean(square(matmul(h, w2) - target))",
  ].join("\n"),
  "softmax cross-entropy": [
    "// logits for two examples of three classes; labels one-hot",
    "z = [[2, 1, 0.1], [0.5, 2.5, 0.3]]",
    "labels = [[1, 0, 0], [0, 1, 0]]",
    "loss = mean(logsumexp(z, 1) - sum(z · labels, 1))",
  ].join("\n"),
};
