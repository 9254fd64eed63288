/**
 * The few globals that Node 20, browsers and web workers all provide and that the core and the
 * readers use. TypeScript declares them only in its DOM library, which would also let DOM-only names
 * in; declaring just these keeps src/core and src/inputs portable (src/core/tsconfig.json).
 */
declare function atob(data: string): string;

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
}

declare class TextEncoder {
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
