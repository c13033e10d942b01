// The error of an export that cannot be written: it names the primitive, the equation or the
// option at fault and what ONNX export needs instead.

export class OnnxExportError extends Error {
  override readonly name = "OnnxExportError";
  constructor(message: string) {
    super(`toOnnx: ${message}`);
  }
}
