// The named optimizers. Each is nothing but a chain of building blocks, and its update is the
// formula in its comment (η is the learning rate, g_t the gradient at step t = 1, 2, …, and
// every operation is elementwise). Defaults are optax's.

import { chain, identity, type ChainFamily } from "./chain.js";
import { checkBoolean, checkDecay, checkNonNegative } from "./config.js";
import { scaleByAdagrad, type AdagradFamily } from "./transforms/adagrad.js";
import { scaleByAdam, type AdamFamily } from "./transforms/adam.js";
import { scaleByLion, type LionFamily } from "./transforms/lion.js";
import { scaleByRms, type RmsFamily } from "./transforms/rms.js";
import { checkLearningRate, scaleByLearningRate, type CountFamily, type LearningRate } from "./transforms/scale.js";
import { traceMomentum, type TraceFamily } from "./transforms/trace.js";
import { addDecayedWeights } from "./transforms/weight-decay.js";
import type { EmptyFamily, GradientTransformation } from "./types.js";

export interface SgdOptions {
  /** The momentum β in [0, 1). */
  readonly momentum: number;
  /** Use Nesterov's look-ahead (default false). */
  readonly nesterov?: boolean;
}

/**
 * Stochastic gradient descent:      θ_t = θ_{t−1} − η g_t
 * with momentum β:                  v_t = β v_{t−1} + g_t,   θ_t = θ_{t−1} − η v_t
 * with Nesterov momentum:           v_t = β v_{t−1} + g_t,   θ_t = θ_{t−1} − η (g_t + β v_t)
 *
 * = chain(identity() or traceMomentum, scaleByLearningRate(η)).
 */
export function sgd(learningRate: LearningRate): GradientTransformation<ChainFamily<[EmptyFamily, CountFamily]>>;
export function sgd(learningRate: LearningRate, options: SgdOptions): GradientTransformation<ChainFamily<[TraceFamily, CountFamily]>>;
export function sgd(
  learningRate: LearningRate, options?: SgdOptions,
): GradientTransformation<ChainFamily<[EmptyFamily, CountFamily]>> | GradientTransformation<ChainFamily<[TraceFamily, CountFamily]>> {
  const name = "sgd";
  checkLearningRate(name, learningRate);
  if (options === undefined) return chain(identity(), scaleByLearningRate(learningRate, name));
  const decay = checkDecay(name, "momentum", options.momentum);
  const nesterov = checkBoolean(name, "nesterov", options.nesterov ?? false);
  return chain(traceMomentum({ decay, nesterov }, name), scaleByLearningRate(learningRate, name));
}

export interface MomentumOptions {
  /** The momentum β in [0, 1) (default 0.9). */
  readonly beta?: number;
  /** Use Nesterov's look-ahead (default false). */
  readonly nesterov?: boolean;
}

/**
 * Gradient descent with momentum (the heavy ball):
 *
 *   v_t = β v_{t−1} + g_t
 *   θ_t = θ_{t−1} − η v_t
 *
 * (with nesterov: θ_t = θ_{t−1} − η (g_t + β v_t)) = chain(traceMomentum, scaleByLearningRate(η)).
 */
export function momentum(learningRate: LearningRate, options: MomentumOptions = {}): GradientTransformation<ChainFamily<[TraceFamily, CountFamily]>> {
  const name = "momentum";
  checkLearningRate(name, learningRate);
  const decay = checkDecay(name, "beta", options.beta ?? 0.9);
  const nesterov = checkBoolean(name, "nesterov", options.nesterov ?? false);
  return chain(traceMomentum({ decay, nesterov }, name), scaleByLearningRate(learningRate, name));
}

export interface AdamOptimizerOptions {
  /** Decay of the first moment, in [0, 1) (default 0.9). */
  readonly b1?: number;
  /** Decay of the second moment, in [0, 1) (default 0.999). */
  readonly b2?: number;
  /** Added to √v̂ (> 0, default 1e-8). */
  readonly eps?: number;
}

/**
 * Adam (Kingma & Ba 2015):
 *
 *   m_t = β₁ m_{t−1} + (1 − β₁) g_t
 *   v_t = β₂ v_{t−1} + (1 − β₂) g_t²
 *   m̂_t = m_t / (1 − β₁ᵗ),   v̂_t = v_t / (1 − β₂ᵗ)
 *   θ_t = θ_{t−1} − η m̂_t / (√v̂_t + ε)
 *
 * = chain(scaleByAdam, scaleByLearningRate(η)).
 */
export function adam(learningRate: LearningRate, options: AdamOptimizerOptions = {}): GradientTransformation<ChainFamily<[AdamFamily, CountFamily]>> {
  const name = "adam";
  checkLearningRate(name, learningRate);
  return chain(scaleByAdam(options, name), scaleByLearningRate(learningRate, name));
}

export interface AdamwOptions extends AdamOptimizerOptions {
  /** The decoupled weight decay λ (≥ 0, default 1e-4). */
  readonly weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay,
 *
 *   θ_t = θ_{t−1} − η (m̂_t / (√v̂_t + ε) + λ θ_{t−1})
 *
 * = chain(scaleByAdam, addDecayedWeights(λ), scaleByLearningRate(η)). Needs the params in update.
 */
export function adamw(learningRate: LearningRate, options: AdamwOptions = {}): GradientTransformation<ChainFamily<[AdamFamily, EmptyFamily, CountFamily]>> {
  const name = "adamw";
  checkLearningRate(name, learningRate);
  const weightDecay = checkNonNegative(name, "weightDecay", options.weightDecay ?? 1e-4);
  return chain(scaleByAdam(options, name), addDecayedWeights(weightDecay, name), scaleByLearningRate(learningRate, name));
}

export interface RmspropOptions {
  /** Decay ρ of the running mean of g², in [0, 1) (default 0.9). */
  readonly decay?: number;
  /** Added under the square root (> 0, default 1e-8). */
  readonly eps?: number;
  /** The running mean's initial value (≥ 0, default 0). */
  readonly initialScale?: number;
}

/**
 * RMSProp (Tieleman & Hinton 2012):
 *
 *   v_t = ρ v_{t−1} + (1 − ρ) g_t²
 *   θ_t = θ_{t−1} − η g_t / √(v_t + ε)
 *
 * = chain(scaleByRms, scaleByLearningRate(η)).
 */
export function rmsprop(learningRate: LearningRate, options: RmspropOptions = {}): GradientTransformation<ChainFamily<[RmsFamily, CountFamily]>> {
  const name = "rmsprop";
  checkLearningRate(name, learningRate);
  return chain(scaleByRms(options, name), scaleByLearningRate(learningRate, name));
}

export interface AdagradOptimizerOptions {
  /** The initial sum of squares (≥ 0, default 0.1). */
  readonly initialAccumulatorValue?: number;
  /** Added under the square root (> 0, default 1e-7). */
  readonly eps?: number;
}

/**
 * Adagrad (Duchi, Hazan & Singer 2011):
 *
 *   s_t = s_{t−1} + g_t²        (s_0 = initialAccumulatorValue)
 *   θ_t = θ_{t−1} − η g_t / √(s_t + ε)
 *
 * = chain(scaleByAdagrad, scaleByLearningRate(η)).
 */
export function adagrad(learningRate: LearningRate, options: AdagradOptimizerOptions = {}): GradientTransformation<ChainFamily<[AdagradFamily, CountFamily]>> {
  const name = "adagrad";
  checkLearningRate(name, learningRate);
  return chain(scaleByAdagrad(options, name), scaleByLearningRate(learningRate, name));
}

export interface LionOptimizerOptions {
  /** Weight of the momentum in the update direction, in [0, 1) (default 0.9). */
  readonly b1?: number;
  /** Decay of the momentum, in [0, 1) (default 0.99). */
  readonly b2?: number;
  /** The decoupled weight decay λ (≥ 0, default 1e-3). */
  readonly weightDecay?: number;
}

/**
 * Lion (Chen et al. 2023):
 *
 *   θ_t = θ_{t−1} − η (sign(β₁ m_{t−1} + (1 − β₁) g_t) + λ θ_{t−1})
 *   m_t = β₂ m_{t−1} + (1 − β₂) g_t
 *
 * = chain(scaleByLion, addDecayedWeights(λ), scaleByLearningRate(η)). Needs the params in update.
 * Its steps have size η per coordinate, so η is typically 3–10× smaller than Adam's.
 */
export function lion(learningRate: LearningRate, options: LionOptimizerOptions = {}): GradientTransformation<ChainFamily<[LionFamily, EmptyFamily, CountFamily]>> {
  const name = "lion";
  checkLearningRate(name, learningRate);
  const weightDecay = checkNonNegative(name, "weightDecay", options.weightDecay ?? 1e-3);
  return chain(scaleByLion(options, name), addDecayedWeights(weightDecay, name), scaleByLearningRate(learningRate, name));
}
