// tygrad/data: datasets for training. Byte-level loaders (IDX/MNIST, CSV) give RawArrays;
// `datasetFromRaw` turns them into typed datasets; synthetic sets and the built-in glyph digits
// need no files at all. Selection, splitting, shuffling, batching and standardization are pure
// functions of their arguments (and of a PRNG key where they are random).

export {
  DEFAULT_IDX_MAX_BYTES,
  loadIdxFile,
  loadMnist,
  parseIdx,
  readIdxHeader,
  type IdxError,
  type IdxHeader,
  type IdxOptions,
  type Mnist,
  type MnistSplit,
} from "./idx.js";
export { mnistFromFiles, readIdx, type NamedBlob } from "./idx-blob.js";
export { DEFAULT_CSV_MAX_BYTES, loadCsvFile, parseCsv, parseCsvNumber, type CsvError, type CsvOptions, type CsvTable } from "./csv.js";
export {
  classCounts,
  concatDatasets,
  datasetFromRaw,
  flattenFeatures,
  makeDataset,
  rename,
  reshapeFeatures,
  size,
  slice,
  subset,
  take,
  type AnyDataset,
  type Dataset,
  type FromRawOptions,
  type LabelDType,
} from "./dataset.js";
export { shuffle, split, trainTestSplit, type TrainTest } from "./split.js";
export { batchCount, batches, type Batch, type BatchOptions } from "./batches.js";
export {
  applyStandardization,
  fitStandardization,
  standardize,
  type Standardization,
  type StandardizeOptions,
} from "./standardize.js";
export {
  blobs,
  linearRegression,
  moons,
  spirals,
  xor,
  type BlobsOptions,
  type LinearRegressionData,
  type LinearRegressionOptions,
  type NoiseOptions,
  type PlaneDataset,
  type SpiralsOptions,
} from "./synthetic.js";
export { glyphDigits, type GlyphOptions } from "./glyphs.js";
export { digitReversal, PAD, REVERSAL_VOCABULARY, SEP, type ReversalOptions, type ReversalTask } from "./sequences.js";
