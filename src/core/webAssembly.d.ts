/**
 * The WebAssembly API as the kernels use it (src/core/wasmModule.ts). Node 20, browsers and workers
 * all have it, but TypeScript declares it only in its DOM and WebWorker libraries, and @types/node
 * not at all; the floors without those libraries include this file.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
}
