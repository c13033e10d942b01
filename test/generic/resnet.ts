// A ResNet-style CNN over images of any size, generic over the batch B and the image height H and
// width W: a stem convolution, two residual blocks (conv 3×3 "same" → batch norm → ReLU → conv,
// added to their input), max pooling, global average pooling over the spatial axes and a dense
// classifier. Spatial sizes are computed where they are literal; over a generic H they are
// `number`, checked at runtime, and the global pooling removes them before the classifier.
import { mean, nn, type Tensor } from "../../src/index.js";

const relu = nn.activation(nn.relu, "relu");

/** conv → batch norm → ReLU → conv, keeping [.., .., .., 16] and the spatial size ("same", stride 1). */
const block = () => nn.residual(nn.sequential(
  nn.conv2d(16, 16, 3, { padding: "same" }), nn.batchNorm(16), relu, nn.conv2d(16, 16, 3, { padding: "same" }),
));

export const features = nn.sequential(
  nn.conv2d(3, 16, 3, { padding: "same" }), relu,
  block(), relu,
  nn.maxPool2d(2),
  block(), relu,
);
export const classifier = nn.dense(16, 10);

export type FeatureParams = nn.ParamsOf<typeof features>;
export type FeatureState = nn.StateOf<typeof features>;
export interface Params {
  readonly features: FeatureParams;
  readonly classifier: nn.DenseParams<16, 10>;
}

/** Class scores [B, 10] for images [B, H, W, 3], and the new batch-norm statistics. */
export function classify<B extends number, H extends number, W extends number>(
  p: Params, state: FeatureState, images: Tensor<[B, H, W, 3]>, train: boolean,
): [Tensor<[B, 10]>, FeatureState] {
  const [maps, next] = features.apply(p.features, images, { state, train });
  const pooled = mean(maps, [1, 2]); // global average pooling: [B, H', W', 16] → [B, 16]
  return [classifier.apply(p.classifier, pooled), next];
}

/** The spatial sizes the stem keeps: [B, H, W, 16] for any H, W ("same" padding, stride 1). */
export function stem<B extends number, H extends number, W extends number>(p: nn.Conv2dParams<3, 3, 3, 16>, x: Tensor<[B, H, W, 3]>): Tensor<[B, H, W, 16]> {
  return nn.conv2d(3, 16, 3, { padding: "same" }).apply(p, x);
}

/** A valid convolution and a pool over a generic size give number-sized spatial dims. */
export function shrink<B extends number, H extends number, W extends number>(p: nn.Conv2dParams<3, 3, 3, 8>, x: Tensor<[B, H, W, 3]>): Tensor<[B, number, number, 8]> {
  return nn.maxPool2d(2).apply(null, nn.conv2d(3, 8, 3).apply(p, x));
}
