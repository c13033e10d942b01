// tygrad/onnx: export tygrad functions and layers as ONNX models (opset 17), to serve them with
// ONNX Runtime or any other ONNX engine.

export { toOnnx, layerToOnnx, ONNX_OPSET, type OnnxOptions, type RunnableLayer } from "./export.js";
export { saveOnnx } from "./save.js";
export { OnnxExportError } from "./errors.js";
export { onnxLowerings, type OnnxLowering, type LowerContext } from "./lowerings.js";
