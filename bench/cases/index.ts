// Every benchmark case, in the order they run and print. To add a row — e.g. the MLP training
// step once `jit` exists — write a `BenchCase` (see lib/registry.ts) and append it here.

import { type AnyCase, erase } from "../lib/registry.js";
import { elementwiseCases } from "./elementwise.js";
import { matmulCases } from "./matmul.js";

export const allCases: readonly AnyCase[] = [...matmulCases.map(erase), ...elementwiseCases.map(erase)];
