// The examples as typed TypeScript, each with one shape mistake, for the page to show next to
// what the compiler says about it (playground/build.ts runs tsc on them when it builds the page).

export const typedExamples: Readonly<Record<string, { readonly mistake: string; readonly code: string }>> = {
  "sin(x)·y": {
    mistake: "y has 4 entries where x has 3",
    code: [
      'import { mul, sin, sum, tensor, type Tensor } from "tygrad";',
      "",
      "const f = (x: Tensor<[3]>, y: Tensor<[3]>) => sum(mul(sin(x), y));",
      "f(tensor([1, 2, 3]), tensor([4, 5, 6, 7]));",
    ].join("\n"),
  },
  "2-layer MLP loss": {
    mistake: "w2 takes 4 hidden units where the first layer gives 3",
    code: [
      'import { add, matmul, mean, relu, square, sub, type Tensor } from "tygrad";',
      "",
      "type Params = { w1: Tensor<[2, 3]>; b1: Tensor<[3]>; w2: Tensor<[4, 1]> };",
      "const loss = (p: Params, x: Tensor<[2, 2]>, target: Tensor<[2, 1]>) => {",
      "  const h = relu(add(matmul(x, p.w1), p.b1));",
      "  return mean(square(sub(matmul(h, p.w2), target)));",
      "};",
    ].join("\n"),
  },
  "softmax cross-entropy": {
    mistake: "the labels have 4 classes where the logits have 3",
    code: [
      'import { logsumexp, mean, mul, sub, sum, type Tensor } from "tygrad";',
      "",
      "const loss = (z: Tensor<[2, 3]>, labels: Tensor<[2, 4]>) =>",
      "  mean(sub(logsumexp(z, 1), sum(mul(z, labels), 1)));",
    ].join("\n"),
  },
};
