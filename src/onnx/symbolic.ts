// Symbolic dims. A program is traced at concrete sizes, so a dim the export keeps symbolic
// ("batch") is found by tracing more than once: at two sizes per symbolic dim (every corner of
// the grid), which fixes each integer of the program as a multilinear polynomial in the dims,
//   v = Σ_S a_S · Π_{d ∈ S} d        (e.g. 784, batch, 784·batch, 2·batch + 1),
// and once more at other sizes, which checks that the polynomial is the rule and not a
// coincidence. An integer equal in every trace is a plain number.

/** A multilinear polynomial with integer coefficients: monomial (sorted names joined by "*", "" for 1) ↦ coefficient. */
export interface Poly {
  readonly _tag: "poly";
  readonly terms: ReadonlyMap<string, number>;
}

/** An integer of a traced program: a number, or a polynomial in the symbolic dims. */
export type SymInt = number | Poly;

const poly = (terms: ReadonlyMap<string, number>): SymInt => {
  const kept = new Map([...terms].filter(([, c]) => c !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  if (kept.size === 0) return 0;
  if (kept.size === 1 && kept.has("")) return kept.get("") ?? 0;
  return { _tag: "poly", terms: kept };
};

export const isPoly = (v: unknown): v is Poly => typeof v === "object" && v !== null && (v as { _tag?: unknown })._tag === "poly";

const termsOf = (v: SymInt): ReadonlyMap<string, number> => (isPoly(v) ? v.terms : new Map([["", v]]));

export const symAdd = (a: SymInt, b: SymInt): SymInt => {
  const out = new Map(termsOf(a));
  for (const [m, c] of termsOf(b)) out.set(m, (out.get(m) ?? 0) + c);
  return poly(out);
};

export const symScale = (a: SymInt, k: number): SymInt => poly(new Map([...termsOf(a)].map(([m, c]) => [m, c * k])));

export const symEqual = (a: SymInt, b: SymInt): boolean => {
  const d = symAdd(a, symScale(b, -1));
  return d === 0;
};

/** The polynomial's text: "784*batch + 1". */
export const showSym = (v: SymInt): string =>
  isPoly(v)
    ? [...v.terms].map(([m, c]) => (m === "" ? `${c}` : c === 1 ? m : `${c}*${m}`)).join(" + ")
    : `${v}`;

/** The single dim name a polynomial is (coefficient 1, no other term), if it is one. */
export const dimNameOf = (v: SymInt): string | undefined => {
  if (!isPoly(v) || v.terms.size !== 1) return undefined;
  const [[m, c]] = [...v.terms] as [[string, number]];
  return c === 1 && m !== "" && !m.includes("*") ? m : undefined;
};

/** The sizes each symbolic dim takes in the traces: `low`/`high` span the grid, `check` verifies. */
export interface Probe {
  readonly name: string;
  readonly low: number;
  readonly high: number;
  readonly check: number;
}

// Sizes above 1 (so no size-1 broadcast special case is taken), different per dim so that
// products of dims are told apart; high − low = 2 keeps the interpolation in small integers.
const PROBE_SIZES: readonly [number, number, number][] = [[11, 13, 23], [17, 19, 29], [5, 7, 31], [37, 39, 3]];

export const probesFor = (names: readonly string[]): Probe[] => {
  if (names.length > PROBE_SIZES.length) {
    throw new RangeError(`toOnnx: at most ${PROBE_SIZES.length} symbolic dim names are supported, got ${names.length} (${names.join(", ")})`);
  }
  return names.map((name, i) => {
    const [low, high, check] = PROBE_SIZES[i] ?? [2, 3, 4];
    return { name, low, high, check };
  });
};

/** The sizes of trace number `corner` of the grid: bit i of `corner` chooses dim i's high size. */
export const cornerSizes = (probes: readonly Probe[], corner: number): Map<string, number> =>
  new Map(probes.map((p, i) => [p.name, (corner >> i) & 1 ? p.high : p.low]));

export const checkSizes = (probes: readonly Probe[]): Map<string, number> => new Map(probes.map((p) => [p.name, p.check]));

/** The value of a polynomial at the given sizes. */
export const evalSym = (v: SymInt, sizes: ReadonlyMap<string, number>): number =>
  [...termsOf(v)].reduce((sum, [m, c]) => sum + c * (m === "" ? 1 : m.split("*").reduce((p, d) => p * (sizes.get(d) ?? NaN), 1)), 0);

/**
 * The polynomial through the values at the 2^k corners (value i at corner i), or undefined when
 * its coefficients are not integers. Per dim, f(low), f(high) become the coefficients of 1 and d
 * (slope (f(high) − f(low)) / (high − low)), one dim after another.
 */
export function interpolate(probes: readonly Probe[], values: readonly number[]): SymInt | undefined {
  // coeffs[mask] = coefficient of the monomial of the dims in `mask`
  const coeffs = [...values];
  probes.forEach((p, i) => {
    const bit = 1 << i;
    for (let mask = 0; mask < coeffs.length; mask++) {
      if (mask & bit) continue;
      const fLow = coeffs[mask] ?? NaN;
      const fHigh = coeffs[mask | bit] ?? NaN;
      const slope = (fHigh - fLow) / (p.high - p.low);
      coeffs[mask | bit] = slope;
      coeffs[mask] = fLow - slope * p.low;
    }
  });
  if (!coeffs.every((c) => Number.isSafeInteger(c))) return undefined;
  const terms = new Map<string, number>();
  coeffs.forEach((c, mask) => {
    const names = probes.filter((_, i) => mask & (1 << i)).map((p) => p.name).sort();
    terms.set(names.join("*"), c);
  });
  return poly(terms);
}
