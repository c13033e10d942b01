// Byte-level input and output: raw arrays, safetensors, atomic writes and bounded reads.

export { allocate, assertRawArray, dtypeOfData, elementCount, itemSize } from "./raw.js";
export type { RawArray, RawData, RawDType } from "./raw.js";
export { hostByteOrder, readNumbers, writeNumbers } from "./endian.js";
export type { ByteOrder } from "./endian.js";
export { decodeSafetensors, encodeSafetensors } from "./safetensors.js";
export type { Safetensors, SafetensorsError } from "./safetensors.js";
export { MAX_HEADER_BYTES } from "./safetensors-header.js";
export { writeFileAtomic } from "./atomic.js";
export { readFileBounded } from "./read-bounded.js";
export { gunzip, type GunzipError } from "./gunzip.js";
export type { FileError } from "./file-error.js";
export { decodeCheckpoint, encodeCheckpoint, loadCheckpoint, saveCheckpoint, CHECKPOINT_FORMAT, type Checkpoint, type CheckpointError } from "./checkpoint.js";
export { rawToTensor, tensorToRaw } from "./tensor-raw.js";
