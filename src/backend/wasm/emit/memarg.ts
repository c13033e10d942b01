// The immediate of every load and store: log2 of the promised alignment, then a constant offset.

import { type Code } from "./code.js";
import { unsignedLeb128 } from "./leb128.js";

/**
 * `alignLog2` is a hint (misaligned accesses are still correct); `offset` is added to the
 * address operand, which lets unrolled code address neighbouring elements without arithmetic.
 */
export const memarg = (alignLog2: number, offset: number): Code => [
  unsignedLeb128(alignLog2),
  unsignedLeb128(offset),
];
