// Byte-level input and output: raw arrays, safetensors, atomic writes and bounded reads.

export { allocate, assertRawArray, dtypeOfData, elementCount, itemSize } from "./raw.js";
export type { RawArray, RawData, RawDType } from "./raw.js";
export { hostByteOrder, readNumbers, writeNumbers } from "./endian.js";
export type { ByteOrder } from "./endian.js";
export { decodeSafetensors, encodeSafetensors } from "./safetensors.js";
export type { EncodeOptions, Safetensors, SafetensorsError } from "./safetensors.js";
export type { SafetensorsDType } from "./safetensors-dtypes.js";
export { treeFromSafetensors, type WeightMapping, type WeightsError } from "./load-weights.js";
export { MAX_HEADER_BYTES, MAX_HEADER_DEPTH } from "./safetensors-header.js";
export { writeFileAtomic } from "./atomic.js";
export { readFileBounded } from "./read-bounded.js";
export { gunzip, type GunzipError } from "./gunzip.js";
export type { FileError } from "./file-error.js";
export { decodeCheckpoint, encodeCheckpoint, loadCheckpoint, saveCheckpoint, CHECKPOINT_FORMAT, type Checkpoint, type CheckpointError } from "./checkpoint.js";
export { rawToTensor, tensorToRaw } from "./tensor-raw.js";
