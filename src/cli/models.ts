// The models the CLI trains: a 784-128-10 MLP (the classic first network) and a small CNN.
// Both map images [B, 28, 28, 1] (or feature rows [B, d] for the MLP) to 10 class scores.

import { activation, conv2d, dense, dropout, flatten, maxPool2d, relu, sequential } from "../nn/index.js";

/** MLP: flatten → dense(d → 128) → relu → [dropout] → dense(128 → classes). */
export function mlp(inputs: number, classes: number, dropoutRate: number) {
  const hidden = 128;
  return dropoutRate > 0
    ? sequential(flatten(), dense(inputs, hidden), activation(relu, "relu"), dropout(dropoutRate), dense(hidden, classes))
    : sequential(flatten(), dense(inputs, hidden), activation(relu, "relu"), dense(hidden, classes));
}

/** CNN for 28×28×1 images: conv 3×3 (8) → relu → maxpool 2 → conv 3×3 (16) → relu → maxpool 2 → dense → classes. */
export function cnn(classes: number, dropoutRate: number) {
  const features = sequential(
    conv2d(1, 8, 3), activation(relu, "relu"), maxPool2d(2),
    conv2d(8, 16, 3), activation(relu, "relu"), maxPool2d(2),
    flatten(),
  );
  // 28 → 26 → 13 → 11 → 5: 5·5·16 = 400 features.
  return dropoutRate > 0
    ? sequential(features, dropout(dropoutRate), dense(400, classes))
    : sequential(features, dense(400, classes));
}
