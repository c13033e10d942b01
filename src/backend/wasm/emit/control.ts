// Structured control flow, locals and calls: the instructions that shape a function body.

import { type Code } from "./code.js";
import { unsignedLeb128 } from "./leb128.js";
import { i32 } from "./scalar.js";
import { voidBlock } from "./types.js";

const end = 0x0b;

/** `block … end`: a `br` to it jumps past its end. */
export const block = (...body: readonly Code[]): Code => [0x02, voidBlock, body, end];

/** `loop … end`: a `br` to it jumps back to its start. */
export const loop = (...body: readonly Code[]): Code => [0x03, voidBlock, body, end];

/** `if … end` on the i32 condition already on the stack. */
export const if_ = (...body: readonly Code[]): Code => [0x04, voidBlock, body, end];

/** `if … else … end` on the i32 condition already on the stack. */
export const ifElse = (thenBody: readonly Code[], elseBody: readonly Code[]): Code => [
  0x04,
  voidBlock,
  thenBody,
  0x05,
  elseBody,
  end,
];

/** Branch to the enclosing label `depth` levels out (0 = innermost). */
export const br = (depth: number): Code => [0x0c, unsignedLeb128(depth)];

/** Branch if the i32 on the stack is non-zero. */
export const brIf = (depth: number): Code => [0x0d, unsignedLeb128(depth)];

export const return_: Code = 0x0f;
export const drop: Code = 0x1a;
/** Scalar `select`: picks the first operand when the i32 condition is non-zero. */
export const select: Code = 0x1b;

export const call = (funcIndex: number): Code => [0x10, unsignedLeb128(funcIndex)];

export const localGet = (index: number): Code => [0x20, unsignedLeb128(index)];
export const localSet = (index: number): Code => [0x21, unsignedLeb128(index)];
export const localTee = (index: number): Code => [0x22, unsignedLeb128(index)];

/**
 * A counted loop `for (i = from; i < to; i += step) body`, written with a guard block so that
 * an empty range runs zero times. `from`, `to` and `step` are i32 code fragments.
 */
export const forRange = (
  index: number,
  from: Code,
  to: Code,
  step: Code,
  body: readonly Code[],
): Code => [
  from,
  localSet(index),
  block(
    localGet(index),
    to,
    i32.ge_s, // empty range: skip the loop
    brIf(0),
    loop(
      body,
      localGet(index),
      step,
      i32.add,
      localTee(index),
      to,
      i32.lt_s,
      brIf(0),
    ),
  ),
];
