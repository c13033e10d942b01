// Real shape bugs in code generic over the batch B, the length T and the image size H, W. Each
// `// error:` line gives the message the compiler must report on the line below it; the test
// (test/generic/bugs.test.ts) compiles this file and compares. Nothing else in it may fail.
import {
  add, concat, matmul, mean, mul, reshape, sub, sum, where, less, nn, type Tensor,
} from "../../../src/index.js";

export function innerDims<B extends number, T extends number>(x: Tensor<[B, T, 16]>, w: Tensor<[8, 32]>) {
  // error: matmul: inner dims differ: [${B}, ${T}, 16] @ [8, 32]
  return matmul(x, w);
}

export function features<B extends number, T extends number>(x: Tensor<[B, T, 16]>, y: Tensor<[B, T, 8]>) {
  // error: add: cannot broadcast [${B}, ${T}, 16] with [${B}, ${T}, 8] (axis 2: 16 vs 8)
  return add(x, y);
}

export function product<B extends number, T extends number>(x: Tensor<[B, T, 16]>, y: Tensor<[T, 8]>) {
  // error: mul: cannot broadcast [${B}, ${T}, 16] with [${T}, 8] (axis 2: 16 vs 8)
  return mul(x, y);
}

export function keptDims<B extends number, T extends number>(x: Tensor<[B, T, 16]>) {
  // error: Type 'Tensor<[B, T, 1], "float32">' is not assignable to type 'Tensor<[B, T], "float32">'
  const m: Tensor<[B, T]> = mean(x, -1, true);
  return m;
}

export function axisOutOfRange<B extends number, T extends number>(x: Tensor<[B, T, 16]>) {
  // error: sum: axis 3 is out of range for [${B}, ${T}, 16]
  return sum(x, 3);
}

export function softmaxAxis<B extends number, T extends number>(x: Tensor<[B, T, 16]>) {
  // error: softmax: axis 3 is out of range for [${B}, ${T}, 16]
  return nn.softmax(x, 3);
}

export function logSoftmaxAxis<B extends number>(x: Tensor<[B, 10]>) {
  // error: logSoftmax: axis -3 is out of range for [${B}, 10]
  return nn.logSoftmax(x, -3);
}

export function elementCount<B extends number, T extends number>(x: Tensor<[B, T, 16]>) {
  const [b, t] = x.shape;
  // error: reshape: element counts differ: [${B}, ${T}, 16] -> [${B}, ${T}, 3, 4]
  return reshape(x, [b, t, 3, 4]);
}

export function denseWidth<B extends number, T extends number>(p: nn.DenseParams<32, 10>, x: Tensor<[B, T, 16]>) {
  // error: dense(32 → 10): expects an input [..., 32], got [${B}, ${T}, 16] (last dim 16)
  return nn.dense(32, 10).apply(p, x);
}

export function convChannels<B extends number, H extends number, W extends number>(p: nn.Conv2dParams<3, 3, 3, 8>, x: Tensor<[B, H, W, 4]>) {
  // error: conv2d: the input [${B}, ${H}, ${W}, 4] has 4 channels, the kernel expects 3
  return nn.conv2d(3, 8, 3).apply(p, x);
}

export function maskedScores<B extends number, T extends number>(mask: Tensor<[T, 3], "bool">, scores: Tensor<[B, 4, T, 8]>) {
  // error: where: cannot broadcast [${T}, 3] with [${B}, 4, ${T}, 8] (axis 3: 3 vs 8)
  return where(mask, scores, -1e9);
}

// A generic dim against a different one may match or not (T may be 8, or 1): the compiler says
// it cannot decide, naming the op and both shapes.
export function undecided<B extends number, T extends number>(mask: Tensor<[T, T], "bool">, scores: Tensor<[B, 4, T, 8]>) {
  // error: BroadcastUndecided<"where", [T, T], [B, 4, T, 8]>
  return where(mask, scores, -1e9);
}

export function joined<B extends number, T extends number>(x: Tensor<[B, T, 16]>, y: Tensor<[B, T, 8]>, z: Tensor<[B, T, 3, 8]>) {
  const ok = concat([x, y], -1); // [B, T, 24]
  // error: concat: ranks differ: [${B}, ${T}, 24] and [${B}, ${T}, 3, 8]
  return concat([ok, z], -1);
}

export function joinedLiteral<B extends number>(x: Tensor<[B, 4, 16]>, z: Tensor<[B, 5, 8]>) {
  // error: concat: shapes differ outside axis -1: [${B}, 4, 16] and [${B}, 5, 8]
  return concat([x, z], -1);
}

export function normWidth<B extends number, T extends number>(p: nn.LayerNormParams<32>, x: Tensor<[B, T, 16]>) {
  // error: layerNorm(32): expects an input [..., 32], got [${B}, ${T}, 16] (last dim 16)
  return nn.layerNorm(32).apply(p, x);
}

export function comparison<T extends number>(i: Tensor<[T, 2]>, j: Tensor<[T, 3]>) {
  // error: less: cannot broadcast [${T}, 2] with [${T}, 3] (axis 1: 2 vs 3)
  return less(i, j);
}

export function literalStill(x: Tensor<[4, 16]>, y: Tensor<[5, 16]>) {
  // error: sub: cannot broadcast [4, 16] with [5, 16] (axis 0: 4 vs 5)
  return sub(x, y);
}
