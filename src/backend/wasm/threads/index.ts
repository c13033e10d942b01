// The worker pool (Node's worker_threads): splits large matmuls across cores over a shared memory.

export { type PoolOptions, WorkerPool, createPool } from "./pool.js";
export { type MatmulPart, splitMatmul, splitRange } from "./split.js";
