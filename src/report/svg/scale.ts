// Maps from data coordinates to pixels. A linear scale is the affine map sending the domain's ends
// to the range's ends; a log scale is the same map applied to log10 of the value. For a y axis
// the range runs downwards (bottom pixel first), because SVG's y axis points down.

export type Scale = (value: number) => number;

const affine =
  (d0: number, d1: number, r0: number, r1: number): Scale =>
  (v) =>
    r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);

const checkDomain = (what: string, domain: readonly [number, number]): void => {
  const [d0, d1] = domain;
  if (!Number.isFinite(d0) || !Number.isFinite(d1) || d0 === d1) {
    throw new RangeError(`${what}: expected a domain of two different finite numbers, got [${d0}, ${d1}]`);
  }
};

export const linearScale = (
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale => {
  checkDomain("linearScale", domain);
  return affine(domain[0], domain[1], range[0], range[1]);
};

export const logScale = (
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale => {
  checkDomain("logScale", domain);
  if (!(domain[0] > 0 && domain[1] > 0)) {
    throw new RangeError(`logScale: expected a positive domain, got [${domain[0]}, ${domain[1]}]`);
  }
  const map = affine(Math.log10(domain[0]), Math.log10(domain[1]), range[0], range[1]);
  return (v) => map(Math.log10(v));
};
