// What a check threw, for tests of the checks' failures: the error itself, or an error of the
// class the test expects (anything else, or no throw at all, fails the test).
import { GradientCheckError } from "../../laws/check-gradients.js";

export const thrown = (f: () => void): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
};

/** The error `f` throws, which must be an instance of `type`. */
export function thrownAs<E>(type: abstract new (...args: never[]) => E, f: () => void): E {
  const e = thrown(f);
  if (!(e instanceof type)) throw new Error(`expected a ${type.name}, got ${String(e)}`);
  return e;
}

export const gradientError = (f: () => void): GradientCheckError => thrownAs(GradientCheckError, f);
