// The ONNX messages tygrad writes, as plain records, and their encodings. Field numbers are those
// of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto,
// TypeProto, TensorShapeProto, OperatorSetIdProto); only the fields an exported model uses appear.

import { bytesField, floatField, intField, intsField, message, stringField } from "./protobuf.js";

/** TensorProto.DataType codes. */
export const ONNX_DTYPE = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float64: 11,
} as const;
export type OnnxDType = keyof typeof ONNX_DTYPE;

export interface TensorProto {
  readonly name: string;
  readonly dtype: OnnxDType;
  readonly dims: readonly number[];
  /** The elements, row-major, little-endian. */
  readonly raw: Uint8Array;
}

export type Attribute =
  | { readonly name: string; readonly kind: "int"; readonly value: number }
  | { readonly name: string; readonly kind: "ints"; readonly value: readonly number[] }
  | { readonly name: string; readonly kind: "float"; readonly value: number }
  | { readonly name: string; readonly kind: "string"; readonly value: string }
  | { readonly name: string; readonly kind: "tensor"; readonly value: TensorProto };

export interface NodeProto {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  readonly attributes: readonly Attribute[];
}

/** A dim of a declared shape: a size, a symbolic name (dim_param), or unknown. */
export type OnnxDim = number | string | null;

export interface ValueInfoProto {
  readonly name: string;
  readonly dtype: OnnxDType;
  readonly dims: readonly OnnxDim[];
}

export interface GraphProto {
  readonly name: string;
  readonly nodes: readonly NodeProto[];
  readonly initializers: readonly TensorProto[];
  readonly inputs: readonly ValueInfoProto[];
  readonly outputs: readonly ValueInfoProto[];
}

export interface ModelProto {
  readonly irVersion: number;
  readonly opset: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString: string;
  readonly graph: GraphProto;
}

// AttributeProto.AttributeType codes.
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, ints: 7 } as const;

export const encodeTensor = (t: TensorProto): Uint8Array =>
  message(intsField(1, t.dims), intField(2, ONNX_DTYPE[t.dtype]), stringField(8, t.name), bytesField(9, t.raw));

const attributeValue = (a: Attribute): Uint8Array => {
  switch (a.kind) {
    case "float":
      return floatField(2, a.value);
    case "int":
      return intField(3, a.value);
    case "string":
      return stringField(4, a.value);
    case "tensor":
      return bytesField(5, encodeTensor(a.value));
    case "ints":
      return intsField(8, a.value);
  }
};

export const encodeAttribute = (a: Attribute): Uint8Array =>
  message(stringField(1, a.name), attributeValue(a), intField(20, ATTRIBUTE_TYPE[a.kind]));

export const encodeNode = (n: NodeProto): Uint8Array =>
  message(
    ...n.inputs.map((s) => stringField(1, s)),
    ...n.outputs.map((s) => stringField(2, s)),
    stringField(3, n.name),
    stringField(4, n.opType),
    ...n.attributes.map((a) => bytesField(5, encodeAttribute(a))),
  );

// TensorShapeProto.Dimension: dim_value = 1, dim_param = 2; neither for an unknown dim.
const encodeDim = (d: OnnxDim): Uint8Array =>
  d === null ? new Uint8Array(0) : typeof d === "number" ? intField(1, d) : stringField(2, d);

export const encodeValueInfo = (v: ValueInfoProto): Uint8Array => {
  const shape = message(...v.dims.map((d) => bytesField(1, encodeDim(d))));
  const tensorType = message(intField(1, ONNX_DTYPE[v.dtype]), bytesField(2, shape));
  return message(stringField(1, v.name), bytesField(2, bytesField(1, tensorType)));
};

export const encodeGraph = (g: GraphProto): Uint8Array =>
  message(
    ...g.nodes.map((n) => bytesField(1, encodeNode(n))),
    stringField(2, g.name),
    ...g.initializers.map((t) => bytesField(5, encodeTensor(t))),
    ...g.inputs.map((v) => bytesField(11, encodeValueInfo(v))),
    ...g.outputs.map((v) => bytesField(12, encodeValueInfo(v))),
  );

export const encodeModel = (m: ModelProto): Uint8Array =>
  message(
    intField(1, m.irVersion),
    stringField(2, m.producerName),
    stringField(3, m.producerVersion),
    stringField(6, m.docString),
    bytesField(7, encodeGraph(m.graph)),
    bytesField(8, message(stringField(1, ""), intField(2, m.opset))),
  );
