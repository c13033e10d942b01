// The package as a user installs it: `npm run build`'s output placed in a fresh node_modules/tygrad
// (with its package.json, so the "exports" map decides what `import "tygrad"` loads), then used
// from outside the repository — type-checked against the emitted declarations with the strictest
// module settings, and run in a process of its own.

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bin, run } from "./install.js";
import { installedForTests } from "./installed.js";

const installed = installedForTests();
let dir = "";

beforeAll(() => {
  dir = installed().dir;
});

/** Type-checks `file` in the consumer folder against the installed package; tsc's status and report. */
async function typecheck(file: string): Promise<{ code: number; stdout: string }> {
  const config = join(dir, `tsconfig.${file}.json`);
  await writeFile(config, JSON.stringify({
    compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, skipLibCheck: false, types: [] },
    files: [file],
  }));
  return run(bin("tsc"), ["-p", config], { cwd: dir }).then(
    () => ({ code: 0, stdout: "" }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
}

describe("the built package", () => {
  it("type-checks a consumer against its declarations: exact shapes, and a shape error where the dims differ", async () => {
    await writeFile(join(dir, "consumer.ts"), [
      'import { add, jit, matmul, nn, zeros, type Tensor } from "tygrad";',
      'import { arbitraries as A, checkGradients, checkLayer } from "tygrad/laws";',
      'import { layerToOnnx, type OnnxOptions } from "tygrad/onnx";',
      'import { expect } from "vitest";',
      'import "tygrad/laws/vitest";',
      "const smooth = (x: Tensor<[4, 3], \"float64\">) => nn.tanh(x);",
      "checkGradients(smooth, A.tensorOf([4, 3]));",
      "expect(smooth).toHaveCorrectGradients(A.tensorOf([4, 3]));",
      "expect(nn.dense(4, 3, { dtype: \"float64\" })).toPassLayerLaws({ inputShape: [3, 4] });",
      "// @ts-expect-error the arbitrary draws [3, 4] tensors, the function takes [4, 3] ones",
      "expect(smooth).toHaveCorrectGradients(A.tensorOf([3, 4]));",
      "const h: Tensor<[32, 128]> = add(matmul(zeros([32, 784]), zeros([784, 128])), zeros([128]));",
      "const step = jit((x: Tensor<[32, 128]>) => nn.relu(x), { donate: [0] });",
      "const out: Tensor<[32, 128]> = step(h);",
      "// @ts-expect-error matmul: inner dims differ",
      "matmul(zeros([32, 784]), zeros([780, 128]));",
      "const options: OnnxOptions = { dynamicAxes: [{ 0: \"batch\" }] };",
      "export { out, checkLayer, layerToOnnx, options };",
      "",
    ].join("\n"));
    expect(await typecheck("consumer.ts")).toEqual({ code: 0, stdout: "" });
  }, 60_000);

  it("the same consumer with a wrong shape annotation does not type-check", async () => {
    await writeFile(join(dir, "wrong.ts"), [
      'import { matmul, zeros, type Tensor } from "tygrad";',
      "export const h: Tensor<[32, 10]> = matmul(zeros([32, 784]), zeros([784, 128]));",
      "",
    ].join("\n"));
    const failed = await typecheck("wrong.ts");
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toMatch(/wrong\.ts\(2,14\): error TS2322: Type 'Tensor<\[32, 128\], "float32">' is not assignable to type 'Tensor<\[32, 10\], "float32">'/);
  }, 60_000);

  it("runs from its bundle: eager ops, a compiled step on the WebAssembly backend, the laws entry point (checkLayer), the vitest entry's files and the onnx entry point", async () => {
    await writeFile(join(dir, "main.mjs"), [
      'import { add, jit, matmul, tensor, fromArray, wasmBackend, nn, key } from "tygrad";',
      'import { checkGradients, checkLayer } from "tygrad/laws";',
      'import { layerToOnnx } from "tygrad/onnx";',
      'import { existsSync } from "node:fs";',
      "checkLayer(nn.dense(4, 3, { dtype: \"float64\" }), { inputShape: [3, 4] });",
      'const vitestEntry = existsSync("node_modules/tygrad/dist/bundle/node/laws-vitest.js") && existsSync("node_modules/tygrad/dist/bundle/browser/laws-vitest.js") && existsSync("node_modules/tygrad/dist/laws/vitest.d.ts");',
      "const layer = nn.dense(3, 2);",
      "const onnxBytes = layerToOnnx(layer, layer.init(key(0)), null, fromArray([1, 2, 3], [1, 3])).length;",
      "const sum = add(tensor([1, 2, 3]), tensor([4, 5, 6])).toArray();",
      "const a = fromArray(Array.from({ length: 64 * 64 }, (_, i) => (i % 7) - 3), [64, 64]);",
      "const f = jit((x) => matmul(x, x));",
      "const program = f.program(a);",
      "const compiled = wasmBackend.compile(program).stats;",
      "const viaJit = f(a).toArray();",
      "const eager = matmul(a, a).toArray();",
      "const same = viaJit.every((v, i) => v === eager[i]);",
      'console.log(JSON.stringify({ sum: Array.from(sum), same, matmuls: compiled.steps.matmul, checkGradients: typeof checkGradients, vitestEntry, onnx: onnxBytes > 100 }));',
      "",
    ].join("\n"));
    const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ sum: [5, 7, 9], same: true, matmuls: 1, checkGradients: "function", vitestEntry: true, onnx: true });
  }, 60_000);
});
