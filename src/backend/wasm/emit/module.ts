// Assembles a WebAssembly module: function signatures (type section), the imported linear memory
// (import section), function declarations, exports and bodies (code section). Nothing else is
// needed by the kernels: no tables, globals, data or start function.

import { type Code, flattenCode } from "./code.js";
import { unsignedLeb128 } from "./leb128.js";
import { type LocalScope } from "./locals.js";
import { type FuncType, type ValType } from "./types.js";

/** How the module imports its memory: always as `env.memory`. */
export interface MemoryImport {
  /** A shared memory (threads) must be imported as shared, with a maximum. */
  readonly shared: boolean;
  readonly minimumPages: number;
  readonly maximumPages: number;
}

export interface FunctionDef {
  /** Export name; the emitter only ever receives generated identifiers. */
  readonly name: string;
  /** Parameters (declared first) and locals of the body. */
  readonly locals: LocalScope;
  readonly results: readonly ValType[];
  readonly body: Code;
}

export interface ModuleDef {
  readonly memory: MemoryImport;
  readonly functions: readonly FunctionDef[];
}

const magicAndVersion = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

const SectionId = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;

const vector = (items: readonly Code[]): Code => [unsignedLeb128(items.length), items];

const name = (text: string): Code => {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [unsignedLeb128(bytes.length), bytes];
};

/** A section: its id, then its byte length, then its contents. */
const section = (id: number, contents: Code): Code => {
  const bytes = flattenCode(contents);
  return [id, unsignedLeb128(bytes.length), bytes];
};

const funcTypeKey = (type: FuncType): string => `${type.params.join(",")}->${type.results.join(",")}`;

const encodeFuncType = (type: FuncType): Code => [0x60, vector(type.params), vector(type.results)];

const encodeMemoryImport = (memory: MemoryImport): Code => {
  // limits flag: bit 0 = has maximum, bit 1 = shared (shared memories must have a maximum)
  const flag = memory.shared ? 0x03 : 0x01;
  return [
    name("env"),
    name("memory"),
    0x02, // import kind: memory
    flag,
    unsignedLeb128(memory.minimumPages),
    unsignedLeb128(memory.maximumPages),
  ];
};

const encodeBody = (fn: FunctionDef): Code => {
  const bytes = flattenCode([fn.locals.declaration(), fn.body, 0x0b]);
  return [unsignedLeb128(bytes.length), bytes];
};

const checkName = (text: string): void => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) {
    throw new Error(`encodeModule: export names must be generated identifiers, got ${JSON.stringify(text)}`);
  }
};

/** The binary module. Function i is exported under `functions[i].name`. */
export const encodeModule = (def: ModuleDef): Uint8Array<ArrayBuffer> => {
  const typeKeys: string[] = [];
  const types: FuncType[] = [];
  const typeIndexOf = (type: FuncType): number => {
    const key = funcTypeKey(type);
    const found = typeKeys.indexOf(key);
    if (found >= 0) return found;
    typeKeys.push(key);
    types.push(type);
    return types.length - 1;
  };
  const typeIndices = def.functions.map((fn) => typeIndexOf({ params: fn.locals.params, results: fn.results }));
  def.functions.forEach((fn) => checkName(fn.name));

  const module: Code = [
    magicAndVersion,
    section(SectionId.type, vector(types.map(encodeFuncType))),
    section(SectionId.import, vector([encodeMemoryImport(def.memory)])),
    section(SectionId.function, vector(typeIndices.map((i) => unsignedLeb128(i)))),
    section(
      SectionId.export,
      vector(def.functions.map((fn, i) => [name(fn.name), 0x00, unsignedLeb128(i)])),
    ),
    section(SectionId.code, vector(def.functions.map(encodeBody))),
  ];
  return new Uint8Array(flattenCode(module));
};
