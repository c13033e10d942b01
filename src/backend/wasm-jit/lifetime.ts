// The memory a compiled program placed in its device's arena, and when it goes back. A program's
// buffers are two arena blocks (intermediates and constants); they are freed when the program is
// released — by jit when its cache evicts the program — or, failing that, once the executable is
// garbage (a FinalizationRegistry callback), so a process that keeps making and dropping jitted
// functions reuses the same memory instead of growing it.

import type { Arena, Block } from "../wasm/runtime/arena.js";

interface Held {
  readonly arena: Arena;
  readonly blocks: readonly Block[];
  freed: boolean;
}

const free = (held: Held): void => {
  if (held.freed) return;
  held.freed = true;
  for (const b of held.blocks) held.arena.freeBlock(b);
};

// Where FinalizationRegistry is missing, memory is freed only by an explicit release.
const registry = typeof FinalizationRegistry === "function" ? new FinalizationRegistry<Held>(free) : undefined;

/** The arena blocks of one compiled program. */
export class ProgramMemory {
  readonly #held: Held;

  constructor(arena: Arena, blocks: readonly Block[]) {
    this.#held = { arena, blocks, freed: false };
  }

  /** Frees the blocks when `owner` becomes unreachable (unless `release` did first). */
  watch(owner: object): void {
    registry?.register(owner, this.#held, this);
  }

  /** Frees the blocks now; idempotent. */
  release(): void {
    registry?.unregister(this);
    free(this.#held);
  }

  get released(): boolean {
    return this.#held.freed;
  }

  /** Bytes of the blocks. */
  get bytes(): number {
    return this.#held.blocks.reduce((sum, b) => sum + b.bytes, 0);
  }
}
