// docs/interop.md's code, type-checked: the exports return bytes, and weights loaded from a
// file come back with the template's exact parameter type.
import * as E from "fp-ts/lib/Either.js";
import { describe, expectTypeOf, it } from "vitest";
import { io, key, nn, random } from "../../src/index.js";
import { layerToOnnx, saveOnnx, toOnnx } from "../../src/onnx/index.js";

describe("docs/interop.md snippets", () => {
  it("exporting", () => {
    const model = nn.sequential(nn.flatten(), nn.dense(784, 128), nn.activation(nn.relu, "relu"), nn.dense(128, 10));
    const params = model.init(key(0));
    const bytes = layerToOnnx(model, params, null, random.normal(key(1), [1, 784]));
    expectTypeOf(bytes).toEqualTypeOf<Uint8Array>();
    // The parameters must be the layer's own: another model's do not type-check.
    // @ts-expect-error the params of nn.dense(784, 10) are not the MLP's
    layerToOnnx(model, nn.dense(784, 10).init(key(0)), null, random.normal(key(1), [1, 784]));
    expectTypeOf(saveOnnx("model.onnx", bytes)).resolves.toEqualTypeOf<E.Either<io.FileError, void>>();
    const block = (x: ReturnType<typeof random.normal<[2, 16, 64]>>) => nn.relu(x);
    expectTypeOf(toOnnx(block, [random.normal(key(2), [2, 16, 64])], { dynamicAxes: [{ 0: "batch", 1: "seq" }] })).toEqualTypeOf<Uint8Array>();
  });

  it("loading PyTorch weights into a typed parameter tree", () => {
    const model = nn.sequential(nn.dense(784, 128), nn.activation(nn.relu, "relu"), nn.dense(128, 10));
    const names: Record<string, string> = { "0.w": "fc1.weight", "0.b": "fc1.bias", "2.w": "fc2.weight", "2.b": "fc2.bias" };
    const file = io.decodeSafetensors(new Uint8Array());
    const params = E.isRight(file)
      ? io.treeFromSafetensors(file.right, model.init(key(0)), { name: (path) => names[path] ?? path, transposed: (path) => path.endsWith(".w") })
      : file;
    expectTypeOf(params).toEqualTypeOf<E.Either<io.WeightsError, nn.ParamsOf<typeof model>> | E.Left<io.SafetensorsError>>();
  });
});
