// Every benchmark case, in the order they run and print. To add a row, write a `BenchCase` (see
// lib/registry.ts) and append it here.

import { type AnyCase, erase } from "../lib/registry.js";
import { elementwiseCases } from "./elementwise.js";
import { matmulCases } from "./matmul.js";
import { mlpCases } from "./mlp.js";
import { mnistCases } from "./mnist.js";
import { transformerCases } from "./transformer.js";

export const allCases: readonly AnyCase[] = [
  ...matmulCases.map(erase),
  ...elementwiseCases.map(erase),
  ...mlpCases.map(erase),
  ...(await mnistCases()).map(erase),
  ...transformerCases.map(erase),
];
