// The optimizer a CLI run asks for, built from the flags with the usual defaults.

import { adagrad, adam, adamw, lion, momentum, rmsprop, sgd, type GradientTransformation, type StateFamily } from "../optim/index.js";
import type { OPTIMIZERS } from "./args.js";

export type OptimizerName = (typeof OPTIMIZERS)[number];

/** The default learning rate: 1e-3 for the adaptive methods, 0.05 for plain and momentum SGD. */
export const defaultLearningRate = (name: OptimizerName): number =>
  name === "sgd" || name === "momentum" ? 0.05 : name === "adagrad" ? 0.05 : name === "lion" ? 1e-4 : 1e-3;

export function makeOptimizer(name: OptimizerName, lr: number, options: { readonly momentum?: number; readonly weightDecay?: number }): GradientTransformation<StateFamily> {
  switch (name) {
    case "sgd":
      return options.momentum !== undefined && options.momentum > 0 ? sgd(lr, { momentum: options.momentum }) : sgd(lr);
    case "momentum":
      return momentum(lr, { beta: options.momentum ?? 0.9 });
    case "adam":
      return adam(lr);
    case "adamw":
      return adamw(lr, { weightDecay: options.weightDecay ?? 1e-4 });
    case "rmsprop":
      return rmsprop(lr);
    case "adagrad":
      return adagrad(lr);
    case "lion":
      return lion(lr);
  }
}
