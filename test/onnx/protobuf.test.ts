// The protobuf writer, on its own: wire bytes computed by hand from the encoding rules (the
// first two are the worked examples of the protobuf encoding guide), then a model written with
// the message encoders alone, decoded and run by ONNX Runtime.

import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { floatField, intField, stringField, varint } from "../../src/onnx/protobuf.js";
import { encodeAttribute, encodeModel, encodeTensor, encodeValueInfo } from "../../src/onnx/proto.js";
import { rawBytes } from "../../src/onnx/graph.js";

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");
const ascii = (s: string): string => hex(new TextEncoder().encode(s));

describe("wire format", () => {
  it("varints: 7 bits a byte, low first, high bit = more; a negative int64 in ten bytes", () => {
    expect(hex(varint(0))).toBe("00");
    expect(hex(varint(127))).toBe("7f");
    expect(hex(varint(128))).toBe("80 01");
    expect(hex(varint(300))).toBe("ac 02");
    expect(hex(varint(2 ** 53 - 1))).toBe("ff ff ff ff ff ff ff 0f");
    expect(hex(varint(-1))).toBe("ff ff ff ff ff ff ff ff ff 01");
    expect(hex(varint(-2n))).toBe("fe ff ff ff ff ff ff ff ff 01");
    expect(() => varint(2 ** 53)).toThrow("protobuf: varint 9007199254740992 is not a safe integer");
  });

  it("fields: key = field · 8 + wire type", () => {
    expect(hex(intField(1, 150))).toBe("08 96 01");
    expect(hex(stringField(2, "testing"))).toBe(`12 07 ${ascii("testing")}`);
    expect(hex(floatField(2, 1))).toBe("15 00 00 80 3f");
  });

  it("a TensorProto: dims (1), data_type (2), name (8), raw_data (9)", () => {
    const raw = rawBytes("float32", [1, 2, 3, 4, 5, 6]);
    expect(hex(encodeTensor({ name: "w", dtype: "float32", dims: [2, 3], raw }))).toBe(`08 02 08 03 10 01 42 01 77 4a 18 ${hex(raw)}`);
    expect(hex(raw.subarray(0, 8))).toBe("00 00 80 3f 00 00 00 40"); // 1.0f, 2.0f little-endian
  });

  it("an AttributeProto: name (1), i (3), type (20) = INT", () => {
    expect(hex(encodeAttribute({ name: "axis", kind: "int", value: -1 }))).toBe(`0a 04 ${ascii("axis")} 18 ff ff ff ff ff ff ff ff ff 01 a0 01 02`);
  });

  it("a ValueInfoProto with a dim_param and a dim_value", () => {
    // Two Dimension messages (14 bytes) in a TensorShapeProto; elem_type 1 and the shape make the
    // Tensor type (18 bytes = 0x12), held by TypeProto.tensor_type (20 bytes = 0x14).
    const dims = `0a 07 12 05 ${ascii("batch")} 0a 03 08 90 06`;
    expect(hex(encodeValueInfo({ name: "x", dtype: "float32", dims: ["batch", 784] }))).toBe(`0a 01 78 12 14 0a 12 08 01 12 0e ${dims}`);
  });
});

describe("ONNX Runtime reads what the encoders write", () => {
  it("a one-node model: y = x + b with a symbolic batch dim", async () => {
    const bytes = encodeModel({
      irVersion: 8, opset: 17, producerName: "test", producerVersion: "0", docString: "",
      graph: {
        name: "g",
        nodes: [{ opType: "Add", inputs: ["x", "b"], outputs: ["y"], name: "add", attributes: [] }],
        initializers: [{ name: "b", dtype: "float32", dims: [3], raw: rawBytes("float32", [10, 20, 30]) }],
        inputs: [{ name: "x", dtype: "float32", dims: ["batch", 3] }],
        outputs: [{ name: "y", dtype: "float32", dims: ["batch", 3] }],
      },
    });
    const s = await ort.InferenceSession.create(bytes);
    expect(s.inputMetadata[0]).toMatchObject({ name: "x", shape: ["batch", 3] });
    const r = await s.run({ x: new ort.Tensor("float32", Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]) });
    expect([...(r.y?.data as Float32Array)]).toEqual([11, 22, 33, 14, 25, 36]);
  });

  it("a damaged file is rejected by the runtime", async () => {
    const bytes = encodeModel({
      irVersion: 8, opset: 17, producerName: "test", producerVersion: "0", docString: "",
      graph: { name: "g", nodes: [{ opType: "Neg", inputs: ["x"], outputs: ["y"], name: "n", attributes: [] }], initializers: [], inputs: [{ name: "x", dtype: "float32", dims: [1] }], outputs: [{ name: "y", dtype: "float32", dims: [1] }] },
    });
    await expect(ort.InferenceSession.create(bytes.subarray(0, bytes.length - 5))).rejects.toThrow();
  });
});
