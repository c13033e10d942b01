// A variational autoencoder, generic over the batch B: an encoder to the mean and log-variance
// of q(z | x) = N(μ, σ²) over 4 latent dims, the reparameterization z = μ + σ·ε with ε ~ N(0, 1),
// a decoder back to 16 features, and the loss: squared reconstruction error plus
// KL(q ‖ N(0, 1)) = ½ Σ (σ² + μ² − 1 − log σ²), averaged over the batch.
import { add, exp, mean, mul, square, sub, sum, random, nn, type Key, type Tensor } from "../../src/index.js";

export const layers = {
  hidden: nn.dense(16, 32), mu: nn.dense(32, 4), logVar: nn.dense(32, 4), decode1: nn.dense(4, 32), decode2: nn.dense(32, 16),
};

export interface VaeParams {
  readonly hidden: nn.DenseParams<16, 32>;
  readonly mu: nn.DenseParams<32, 4>;
  readonly logVar: nn.DenseParams<32, 4>;
  readonly decode1: nn.DenseParams<4, 32>;
  readonly decode2: nn.DenseParams<32, 16>;
}

export function encode<B extends number>(p: VaeParams, x: Tensor<[B, 16]>): { readonly mu: Tensor<[B, 4]>; readonly logVar: Tensor<[B, 4]> } {
  const h = nn.relu(layers.hidden.apply(p.hidden, x));
  return { mu: layers.mu.apply(p.mu, h), logVar: layers.logVar.apply(p.logVar, h) };
}

export function decode<B extends number>(p: VaeParams, z: Tensor<[B, 4]>): Tensor<[B, 16]> {
  return layers.decode2.apply(p.decode2, nn.relu(layers.decode1.apply(p.decode1, z)));
}

/** The negative evidence lower bound for a batch, with ε drawn from the key. */
export function vaeLoss<B extends number>(p: VaeParams, x: Tensor<[B, 16]>, key: Key): Tensor<[]> {
  const { mu, logVar } = encode(p, x);
  const eps = random.normal(key, mu.shape);
  const z = add(mu, mul(exp(mul(logVar, 0.5)), eps));
  const reconstruction = sum(square(sub(decode(p, z), x)), 1); // [B]
  const kl = mul(sum(sub(sub(add(exp(logVar), square(mu)), 1), logVar), 1), 0.5); // [B]
  return mean(add(reconstruction, kl));
}
