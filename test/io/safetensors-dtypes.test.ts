// Every safetensors dtype tygrad reads and writes, against an independent writer (a Python
// script using only struct and json; skipped where python3 is missing) and against files whose
// bytes are written out by hand.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import { decodeSafetensors, encodeSafetensors, type Safetensors, type SafetensorsError } from "../../src/io/safetensors.js";
import { fromFloat16Bits, toFloat16Bits } from "../../src/io/half-floats.js";
import type { RawArray } from "../../src/io/raw.js";
import type { SafetensorsDType } from "../../src/io/safetensors-dtypes.js";

const SCRIPT = fileURLToPath(new URL("fixtures/write_safetensors.py", import.meta.url));
const hasPython = spawnSync("python3", ["--version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "tygrad-st-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Value = number | "nan" | "inf" | "-inf" | "-0.0";
const num = (v: Value): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "-0.0" ? -0 : v);

const f32 = Math.fround;
const SPEC: Record<string, [SafetensorsDType, number[], Value[]]> = {
  half: ["F16", [4, 4], [1, -2, 0.1, 1 / 3, 65504, 65519.99, 65520, 1e9, 2 ** -24, 2 ** -25, 3 * 2 ** -26, 1 + 2 ** -11, 1 + 3 * 2 ** -11, "inf", "-0.0", "nan"]],
  brain: ["BF16", [2, 4], [1, f32(Math.PI), -2, f32(1e-40), f32(3.3e38), f32(1 + 2 ** -8), f32(1 + 3 * 2 ** -8), "-inf"]],
  i8: ["I8", [4], [-128, 127, 0, -1]],
  i16: ["I16", [3], [-32768, 32767, 12345]],
  u16: ["U16", [3], [0, 65535, 40000]],
  u32: ["U32", [3], [0, 4294967295, 3000000000]],
  i64: ["I64", [3], [-(2 ** 53 - 1), 2 ** 53 - 1, -5]],
  u64: ["U64", [2], [0, 2 ** 53 - 1]],
  mask: ["BOOL", [4], [1, 0, 0, 1]],
  f32: ["F32", [2], [f32(0.1), -3]],
  f64: ["F64", [2], [0.1, -3]],
  i32: ["I32", [2], [-(2 ** 31), 2 ** 31 - 1]],
  u8: ["U8", [2], [0, 255]],
};

/** The data bytes of each tensor of a file, by name. */
function tensorBytes(file: Uint8Array): Map<string, string> {
  const n = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n))) as Record<string, { data_offsets: [number, number] }>;
  return new Map(Object.entries(header).filter(([k]) => k !== "__metadata__").map(([k, v]) => [k, Buffer.from(file.subarray(8 + n + v.data_offsets[0], 8 + n + v.data_offsets[1])).toString("hex")]));
}

function pythonFile(name: string, spec: Record<string, [string, number[], (Value | bigint)[]]>): Uint8Array {
  const path = join(dir, name);
  const json = JSON.stringify(spec, (_, v: unknown) => (typeof v === "bigint" ? `__big${v}` : v)).replace(/"__big(-?\d+)"/g, "$1");
  execFileSync("python3", [SCRIPT, path], { input: json, stdio: ["pipe", "pipe", "pipe"] });
  return new Uint8Array(readFileSync(path));
}

const ok = (r: E.Either<SafetensorsError, Safetensors>): Safetensors => {
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

describe.runIf(hasPython)("files written by Python's struct", () => {
  const file = hasPython ? pythonFile("all.safetensors", SPEC) : new Uint8Array();

  it("read: every dtype, widened exactly", () => {
    const st = ok(decodeSafetensors(file));
    expect(Object.fromEntries(st.dtypes)).toEqual(Object.fromEntries(Object.entries(SPEC).map(([k, [d]]) => [k, d])));
    const read = (name: string) => Array.from(st.tensors.get(name)?.data ?? []);
    expect(st.tensors.get("half")).toMatchObject({ dtype: "float32", shape: [4, 4] });
    // binary16 values, hand-computed: 0.1 → 0x2e66, 1/3 → 0x3555, 65519.99 → 65504, 65520 and 1e9 → ∞, 2^-25 → 0 (tie, even), 3·2^-26 → 2^-24
    expect(read("half")).toEqual([1, -2, fromFloat16Bits(0x2e66), fromFloat16Bits(0x3555), 65504, 65504, Infinity, Infinity, 2 ** -24, 0, 2 ** -24, 1, 1 + 2 ** -9, Infinity, -0, NaN]);
    expect(Object.is(read("half")[14], -0)).toBe(true);
    // bfloat16: π → 0x4049 = 3.140625, 1e-40 (float32 0x000116c2, a subnormal) → 0x0001 = 2^-133,
    // 3.3e38 (0x7f7843b0) → 0x7f78 = 1.9375·2^127, 1 + 2^-8 → 1 (tie, even), 1 + 3·2^-8 → 1 + 2^-6
    expect(read("brain")).toEqual([1, 3.140625, -2, 2 ** -133, 1.9375 * 2 ** 127, 1, 1 + 2 ** -6, -Infinity]);
    expect(st.tensors.get("i8")).toMatchObject({ dtype: "int32", data: Int32Array.from([-128, 127, 0, -1]) });
    expect(st.tensors.get("i16")).toMatchObject({ dtype: "int32", data: Int32Array.from([-32768, 32767, 12345]) });
    expect(st.tensors.get("u16")).toMatchObject({ dtype: "int32", data: Int32Array.from([0, 65535, 40000]) });
    expect(st.tensors.get("u32")).toMatchObject({ dtype: "float64", data: Float64Array.from([0, 4294967295, 3000000000]) });
    expect(st.tensors.get("i64")).toMatchObject({ dtype: "float64", data: Float64Array.from([-(2 ** 53 - 1), 2 ** 53 - 1, -5]) });
    expect(st.tensors.get("u64")).toMatchObject({ dtype: "float64", data: Float64Array.from([0, 2 ** 53 - 1]) });
    expect(st.tensors.get("mask")).toMatchObject({ dtype: "uint8", data: Uint8Array.from([1, 0, 0, 1]) });
    expect(st.metadata).toEqual({ writer: "python struct" });
  });

  it("write: tygrad's bytes for each tensor are Python's", () => {
    const entries = new Map<string, RawArray>();
    const dtypes: Record<string, SafetensorsDType> = {};
    for (const [name, [dtype, shape, values]] of Object.entries(SPEC)) {
      const v = values.map(num);
      const data = dtype === "U8" || dtype === "BOOL" ? Uint8Array.from(v) : ["I8", "I16", "U16", "I32"].includes(dtype) ? Int32Array.from(v) : dtype === "F32" ? Float32Array.from(v) : Float64Array.from(v);
      const raw = data instanceof Uint8Array ? "uint8" : data instanceof Int32Array ? "int32" : data instanceof Float32Array ? "float32" : "float64";
      entries.set(name, { dtype: raw, shape, data });
      dtypes[name] = dtype;
    }
    const ours = tensorBytes(encodeSafetensors(entries, {}, { dtypes }));
    const theirs = tensorBytes(file);
    // NaN is written as the quiet NaN by both; everything else bit for bit.
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
  });

  it("a 64-bit integer beyond 2^53 − 1 is refused, naming the tensor and the element", () => {
    const big = pythonFile("big.safetensors", { ids: ["I64", [3], [0, 2n ** 53n + 1n, 1]] });
    const r = decodeSafetensors(big);
    expect(E.isLeft(r) && r.left).toMatchObject({
      part: "tensor data", tensor: "ids", path: ["ids"],
      message: 'decodeSafetensors: tensor "ids" (I64): element 1 is 9007199254740993, beyond 2^53 − 1 in magnitude, which a float64 cannot hold exactly',
    });
  });
});

/** A file from a header object and the data bytes, padded as the format says. */
function handMade(header: object, data: readonly number[]): Uint8Array {
  let text = JSON.stringify(header);
  text += " ".repeat((8 - (text.length % 8)) % 8);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(new TextEncoder().encode(text), 8);
  out.set(data, 8 + text.length);
  return out;
}

describe("hand-written bytes", () => {
  it("F16 and BF16 little-endian patterns", () => {
    // 0x3c00 = 1, 0xc000 = −2, 0x0001 = 2^-24 (F16); 0x3f80 = 1, 0x4049 = 3.140625 (BF16)
    const file = handMade({ h: { dtype: "F16", shape: [3], data_offsets: [0, 6] }, b: { dtype: "BF16", shape: [2], data_offsets: [6, 10] } }, [0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00, 0x80, 0x3f, 0x49, 0x40]);
    const st = ok(decodeSafetensors(file));
    expect(st.tensors.get("h")?.data).toEqual(Float32Array.from([1, -2, 2 ** -24]));
    expect(st.tensors.get("b")?.data).toEqual(Float32Array.from([1, 3.140625]));
    const again = encodeSafetensors(st.tensors, {}, { dtypes: { h: "F16", b: "BF16" } });
    expect(Object.fromEntries(tensorBytes(again))).toEqual({ h: "003c00c00100", b: "803f4940" });
  });

  it("a BOOL byte other than 0 or 1 is refused, naming the element", () => {
    const r = decodeSafetensors(handMade({ m: { dtype: "BOOL", shape: [3], data_offsets: [0, 3] } }, [1, 0, 2]));
    expect(E.isLeft(r) && r.left).toMatchObject({ part: "tensor data", tensor: "m", message: 'decodeSafetensors: tensor "m" (BOOL): element 2 is byte 2, but BOOL holds only 0 and 1' });
  });

  it("new dtypes go through the same layout checks: sizes from the dtype, nothing allocated on a claim", () => {
    const short = decodeSafetensors(handMade({ h: { dtype: "F16", shape: [3], data_offsets: [0, 4] } }, [0, 0, 0, 0]));
    expect(E.isLeft(short) && short.left.message).toBe('decodeSafetensors: tensor "h": data_offsets [0, 4] cover 4 bytes, but shape [3] of F16 needs 6');
    // A header claiming 2^40 I64 values of a 16-byte buffer fails before any allocation.
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    const huge = decodeSafetensors(handMade({ x: { dtype: "I64", shape: [2 ** 40], data_offsets: [0, 16] } }, Array.from({ length: 16 }, () => 0)));
    expect(performance.now() - t0).toBeLessThan(50);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
    expect(E.isLeft(huge) && huge.left.message).toBe(`decodeSafetensors: tensor "x": data_offsets [0, 16] cover 16 bytes, but shape [${2 ** 40}] of I64 needs ${2 ** 43}`);
  });

  it("writing checks that every value fits, naming the element", () => {
    const ints = { dtype: "int32", shape: [3], data: Int32Array.from([1, 200, -3]) } as const;
    expect(() => encodeSafetensors({ ids: ints }, {}, { dtypes: { ids: "I8" } })).toThrow('encodeSafetensors: array "ids": element 1 is 200, which I8 cannot hold (integers in [-128, 127])');
    expect(() => encodeSafetensors({ ids: ints }, {}, { dtypes: { ids: "U16" } })).toThrow('encodeSafetensors: array "ids": element 2 is -3, which U16 cannot hold (integers in [0, 65535])');
    const halves = { dtype: "float64", shape: [2], data: Float64Array.from([1, 2.5]) } as const;
    expect(() => encodeSafetensors({ x: halves }, {}, { dtypes: { x: "I64" } })).toThrow('encodeSafetensors: array "x": element 1 is 2.5, which I64 cannot hold');
    expect(() => encodeSafetensors({ ids: ints }, {}, { dtypes: { ids: "F16" } })).toThrow('encodeSafetensors: array "ids": int32 data cannot be written as F16; F16 is written from float32, float64');
  });

  it("float32 → F16 → float32 is the float16 rounding, and a default F32 file is unchanged", () => {
    const x = Float32Array.from([0.1, 1e-7, 70000, -65519]);
    const st = ok(decodeSafetensors(encodeSafetensors({ x: { dtype: "float32", shape: [4], data: x } }, {}, { dtypes: { x: "F16" } })));
    expect(Array.from(st.tensors.get("x")?.data ?? [])).toEqual(Array.from(x, (v) => fromFloat16Bits(toFloat16Bits(v))));
    expect(st.dtypes.get("x")).toBe("F16");
    const plain = ok(decodeSafetensors(encodeSafetensors({ x: { dtype: "float32", shape: [4], data: x } })));
    expect(plain.tensors.get("x")?.data).toEqual(x);
    expect(plain.dtypes.get("x")).toBe("F32");
  });
});
