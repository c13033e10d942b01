// The worker pool (worker_threads or Web Workers): splits large matmuls across cores over a shared memory.

export { type PoolOptions, WorkerPool, createPool } from "./pool.js";
export { type MatmulPart, splitMatmul, splitRange } from "./split.js";
