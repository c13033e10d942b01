// The part of the WebAssembly JavaScript API the backend uses, typed here because the project's
// type environment (ES2022 + Node types) does not declare the `WebAssembly` global. Node and
// every current browser provide it at run time.

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(deltaPages: number): number;
}

export interface WasmMemoryDescriptor {
  readonly initial: number;
  readonly maximum: number;
  readonly shared: boolean;
}

/** A compiled module; opaque, but can be posted to worker threads. */
export interface WasmModule {
  readonly __wasmModule?: never;
}

export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

export interface WasmApi {
  readonly Memory: new (descriptor: WasmMemoryDescriptor) => WasmMemory;
  readonly Module: new (bytes: Uint8Array<ArrayBuffer>) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: { readonly env: { readonly memory: WasmMemory } }) => WasmInstance;
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
}

interface WithWebAssembly {
  readonly WebAssembly?: WasmApi;
}

/** The host's WebAssembly API; throws a clear error where there is none. */
export const wasmApi = (): WasmApi => {
  // The global exists at run time but not in the declared types, hence the widening.
  const host = globalThis as unknown as WithWebAssembly; // (with the DOM's types the global is declared, differently)
  const api = host.WebAssembly;
  if (api === undefined) throw new Error("wasmApi: this JavaScript environment has no WebAssembly support");
  return api;
};

/** An exported function of an instance, checked to be one. */
export const exportedFunction = (instance: WasmInstance, name: string): ((...args: number[]) => unknown) => {
  const f = instance.exports[name];
  if (typeof f !== "function") throw new Error(`exportedFunction: the module has no exported function "${name}"`);
  return (...args: number[]) => Reflect.apply(f, undefined, args);
};
