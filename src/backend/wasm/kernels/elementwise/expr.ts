// The expression language of fused elementwise kernels: a small tree over numbered inputs and
// numeric constants. Comparisons produce 1 or 0; `select(c, a, b)` picks a where c ≠ 0.
// Expressions are plain data, so a kernel is identified (and cached) by its structure.

export const unaryOps = ["neg", "abs", "sqrt", "exp", "log", "tanh", "sigmoid", "expm1", "log1p"] as const;
export type UnaryOp = (typeof unaryOps)[number];

export const binaryOps = ["add", "sub", "mul", "div", "max", "min", "pow", "lt", "le", "gt", "ge", "eq", "ne"] as const;
export type BinaryOp = (typeof binaryOps)[number];

export type Expr =
  | { readonly _tag: "input"; readonly index: number }
  | { readonly _tag: "const"; readonly value: number }
  | { readonly _tag: "unary"; readonly op: UnaryOp; readonly x: Expr }
  | { readonly _tag: "binary"; readonly op: BinaryOp; readonly x: Expr; readonly y: Expr }
  | { readonly _tag: "select"; readonly cond: Expr; readonly whenTrue: Expr; readonly whenFalse: Expr };

// constructors

export const input = (index: number): Expr => ({ _tag: "input", index });
export const constant = (value: number): Expr => ({ _tag: "const", value });

const unary =
  (op: UnaryOp) =>
  (x: Expr): Expr => ({ _tag: "unary", op, x });
const binary =
  (op: BinaryOp) =>
  (x: Expr, y: Expr): Expr => ({ _tag: "binary", op, x, y });

export const neg = unary("neg");
export const abs = unary("abs");
export const sqrt = unary("sqrt");
export const exp = unary("exp");
export const log = unary("log");
export const tanh = unary("tanh");
/** The logistic function 1/(1 + e^−x). */
export const sigmoid = unary("sigmoid");
export const logistic = sigmoid;
/** eˣ − 1 and log(1 + x), accurate for tiny x. */
export const expm1 = unary("expm1");
export const log1p = unary("log1p");

export const add = binary("add");
export const sub = binary("sub");
export const mul = binary("mul");
export const div = binary("div");
export const max = binary("max");
export const min = binary("min");
export const pow = binary("pow");
export const lt = binary("lt");
export const le = binary("le");
export const gt = binary("gt");
export const ge = binary("ge");
export const eq = binary("eq");
export const ne = binary("ne");

export const select = (cond: Expr, whenTrue: Expr, whenFalse: Expr): Expr => ({
  _tag: "select",
  cond,
  whenTrue,
  whenFalse,
});

// structure

/**
 * A canonical text of the structure, used as a cache key and for sharing common subexpressions.
 * It is built only from tags of closed sets and numbers, after `checkExpr` has validated them.
 */
export const exprKey = (e: Expr): string => {
  switch (e._tag) {
    case "input":
      return `in${e.index}`;
    case "const":
      // Object.is distinguishes −0; the bit-exact text keeps NaN payloads apart too.
      return `c${numberKey(e.value)}`;
    case "unary":
      return `${e.op}(${exprKey(e.x)})`;
    case "binary":
      return `${e.op}(${exprKey(e.x)},${exprKey(e.y)})`;
    case "select":
      return `select(${exprKey(e.cond)},${exprKey(e.whenTrue)},${exprKey(e.whenFalse)})`;
  }
};

const numberKey = (value: number): string => {
  const bits = new BigUint64Array(new Float64Array([value]).buffer)[0] ?? 0n;
  return bits.toString(16);
};

/**
 * Throws a descriptive error unless `e` is a well-formed expression whose inputs are in
 * [0, inputCount). Guards the compiler against values built outside the constructors.
 */
export const checkExpr = (op: string, e: unknown, inputCount: number): Expr => {
  const fail = (what: string): never => {
    throw new TypeError(`${op}: invalid expression: ${what}`);
  };
  if (typeof e !== "object" || e === null || !("_tag" in e)) return fail(`expected a tagged node, got ${String(e)}`);
  switch (e._tag) {
    case "input": {
      const index = "index" in e ? e.index : undefined;
      if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= inputCount) {
        return fail(`input index ${String(index)} is not an integer in [0, ${inputCount})`);
      }
      return { _tag: "input", index };
    }
    case "const": {
      const value = "value" in e ? e.value : undefined;
      if (typeof value !== "number") return fail(`constant ${String(value)} is not a number`);
      return { _tag: "const", value };
    }
    case "unary": {
      const opName = "op" in e ? e.op : undefined;
      const found = unaryOps.find((u) => u === opName);
      if (found === undefined) return fail(`unknown unary op ${JSON.stringify(opName)}; expected one of ${unaryOps.join(", ")}`);
      return { _tag: "unary", op: found, x: checkExpr(op, "x" in e ? e.x : undefined, inputCount) };
    }
    case "binary": {
      const opName = "op" in e ? e.op : undefined;
      const found = binaryOps.find((b) => b === opName);
      if (found === undefined) return fail(`unknown binary op ${JSON.stringify(opName)}; expected one of ${binaryOps.join(", ")}`);
      return {
        _tag: "binary",
        op: found,
        x: checkExpr(op, "x" in e ? e.x : undefined, inputCount),
        y: checkExpr(op, "y" in e ? e.y : undefined, inputCount),
      };
    }
    case "select":
      return {
        _tag: "select",
        cond: checkExpr(op, "cond" in e ? e.cond : undefined, inputCount),
        whenTrue: checkExpr(op, "whenTrue" in e ? e.whenTrue : undefined, inputCount),
        whenFalse: checkExpr(op, "whenFalse" in e ? e.whenFalse : undefined, inputCount),
      };
    default:
      return fail(`unknown tag ${JSON.stringify(e._tag)}`);
  }
};
