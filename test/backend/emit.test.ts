// The binary emitter: LEB128 against an independent decoder and hand-computed encodings, and
// emitted modules validated and run by the host's WebAssembly engine.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  LocalScope,
  ValType,
  encodeModule,
  f32x4,
  flattenCode,
  f64,
  forRange,
  i32,
  localGet,
  localSet,
  signedLeb128,
  unsignedLeb128,
  v128,
} from "../../src/backend/wasm/emit/index.js";
import { exportedFunction, wasmApi } from "../../src/backend/wasm/wasm-api.js";

/** Reads an unsigned LEB128 the long way: sum of 7-bit groups times powers of 128. */
const decodeUnsigned = (bytes: readonly number[]): number =>
  bytes.reduce((sum, byte, i) => sum + (byte & 0x7f) * 128 ** i, 0);

/** Reads a signed LEB128: the unsigned value, minus 2^(7·count) if the last group's bit 6 is set. */
const decodeSigned = (bytes: readonly number[]): bigint => {
  const unsigned = bytes.reduce((sum, byte, i) => sum + (BigInt(byte & 0x7f) << BigInt(7 * i)), 0n);
  const last = bytes[bytes.length - 1] ?? 0;
  return (last & 0x40) !== 0 ? unsigned - (1n << BigInt(7 * bytes.length)) : unsigned;
};

const continuationBitsAreWellFormed = (bytes: readonly number[]): boolean =>
  bytes.every((b, i) => (i < bytes.length - 1 ? (b & 0x80) !== 0 : (b & 0x80) === 0));

describe("LEB128", () => {
  it("matches hand-computed encodings", () => {
    expect(unsignedLeb128(0)).toEqual([0]);
    expect(unsignedLeb128(127)).toEqual([0x7f]);
    expect(unsignedLeb128(128)).toEqual([0x80, 0x01]);
    expect(unsignedLeb128(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(signedLeb128(-1)).toEqual([0x7f]);
    expect(signedLeb128(63)).toEqual([0x3f]);
    expect(signedLeb128(64)).toEqual([0xc0, 0x00]);
    expect(signedLeb128(-64)).toEqual([0x40]);
    expect(signedLeb128(-65)).toEqual([0xbf, 0x7f]);
    expect(signedLeb128(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it("round-trips unsigned values through an independent decoder", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (n) => {
        const bytes = unsignedLeb128(n);
        return decodeUnsigned(bytes) === n && continuationBitsAreWellFormed(bytes) && bytes.length <= 5;
      }),
    );
  });

  it("round-trips signed 64-bit values through an independent decoder", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (n) => {
        const bytes = signedLeb128(n);
        return decodeSigned(bytes) === n && continuationBitsAreWellFormed(bytes) && bytes.length <= 10;
      }),
    );
  });

  it("rejects values it cannot encode", () => {
    expect(() => unsignedLeb128(-1)).toThrow(/unsignedLeb128.*-1/);
    expect(() => unsignedLeb128(2 ** 32)).toThrow(/\[0, 2\^32\)/);
    expect(() => unsignedLeb128(1.5)).toThrow(/integer/);
    expect(() => signedLeb128(2 ** 60)).toThrow(/safe integer/);
  });
});

const memoryImport = { shared: false, minimumPages: 0, maximumPages: 16 } as const;

describe("encodeModule", () => {
  it("emits a valid module whose function computes a loop sum", () => {
    // sum(n) = 0 + 1 + … + (n − 1), as f64
    const s = new LocalScope();
    const n = s.param(ValType.i32);
    const i = s.add(ValType.i32);
    const total = s.add(ValType.f64);
    const bytes = encodeModule({
      memory: memoryImport,
      functions: [
        {
          name: "sum",
          locals: s,
          results: [ValType.f64],
          body: [
            forRange(i, i32.const(0), localGet(n), i32.const(1), [
              localGet(total),
              localGet(i),
              f64.convert_i32_s,
              f64.add,
              localSet(total),
            ]),
            localGet(total),
          ],
        },
      ],
    });
    const api = wasmApi();
    expect(api.validate(bytes)).toBe(true);
    const memory = new api.Memory({ initial: 1, maximum: 16, shared: false });
    const sum = exportedFunction(new api.Instance(new api.Module(bytes), { env: { memory } }), "sum");
    expect(sum(0)).toBe(0);
    expect(sum(1)).toBe(0);
    expect(sum(100)).toBe(4950);
  });

  it("emits SIMD that reads and writes the imported memory", () => {
    // out[0..4] = a[0..4] * b[0..4] + a[0..4]
    const s = new LocalScope();
    const a = s.param(ValType.i32);
    const b = s.param(ValType.i32);
    const out = s.param(ValType.i32);
    const x = s.add(ValType.v128);
    const bytes = encodeModule({
      memory: memoryImport,
      functions: [
        {
          name: "fma4",
          locals: s,
          results: [],
          body: [
            localGet(a),
            v128.load(),
            localSet(x),
            localGet(out),
            localGet(x),
            localGet(b),
            v128.load(),
            f32x4.mul,
            localGet(x),
            f32x4.add,
            v128.store(),
          ],
        },
      ],
    });
    const api = wasmApi();
    expect(api.validate(bytes)).toBe(true);
    const memory = new api.Memory({ initial: 1, maximum: 16, shared: false });
    const f32 = new Float32Array(memory.buffer);
    f32.set([1, 2, 3, 4], 0);
    f32.set([10, -1, 0.5, 0], 4);
    exportedFunction(new api.Instance(new api.Module(bytes), { env: { memory } }), "fma4")(0, 16, 32);
    expect(Array.from(f32.subarray(8, 12))).toEqual([11, 0, 4.5, 4]);
  });

  it("shares one type entry among functions of the same signature", () => {
    const fn = (name: string) => {
      const s = new LocalScope();
      s.param(ValType.i32);
      return { name, locals: s, results: [], body: [] };
    };
    const one = encodeModule({ memory: memoryImport, functions: [fn("a")] });
    const two = encodeModule({ memory: memoryImport, functions: [fn("a"), fn("b")] });
    // type section: id 1, size, count, then one entry 0x60 …; it must be identical in both
    const typeSection = (bytes: Uint8Array) => Array.from(bytes.slice(8, 8 + 2 + (bytes[9] ?? 0)));
    expect(typeSection(two)).toEqual(typeSection(one));
    expect(wasmApi().validate(two)).toBe(true);
  });

  it("declares a shared memory import when asked", () => {
    const api = wasmApi();
    const bytes = encodeModule({ memory: { shared: true, minimumPages: 0, maximumPages: 16 }, functions: [] });
    expect(api.validate(bytes)).toBe(true);
    const shared = new api.Memory({ initial: 1, maximum: 16, shared: true });
    const plain = new api.Memory({ initial: 1, maximum: 16, shared: false });
    expect(() => new api.Instance(new api.Module(bytes), { env: { memory: shared } })).not.toThrow();
    expect(() => new api.Instance(new api.Module(bytes), { env: { memory: plain } })).toThrow();
  });

  it("refuses export names that are not generated identifiers", () => {
    const s = new LocalScope();
    expect(() =>
      encodeModule({ memory: memoryImport, functions: [{ name: "x\"); alert(1", locals: s, results: [], body: [] }] }),
    ).toThrow(/generated identifiers/);
  });
});

describe("LocalScope", () => {
  it("numbers parameters first and groups equal local types in its declaration", () => {
    const s = new LocalScope();
    expect(s.param(ValType.i32)).toBe(0);
    expect(s.param(ValType.f32)).toBe(1);
    expect(s.add(ValType.v128)).toBe(2);
    expect(s.addMany(ValType.v128, 2)).toEqual([3, 4]);
    expect(s.add(ValType.i32)).toBe(5);
    // two runs: (3 × v128), (1 × i32)
    expect(flattenCode(s.declaration())).toEqual([2, 3, ValType.v128, 1, ValType.i32]);
    expect(() => s.param(ValType.i32)).toThrow(/before locals/);
  });
});
