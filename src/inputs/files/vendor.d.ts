// Types of the plain-JavaScript modules the columnar readers import (they ship none).

declare module 'hyparquet-compressors/src/lz4.js' {
  /** LZ4 as Parquet's deprecated LZ4 codec writes it (Hadoop framing, or a bare block). */
  export function decompressLz4(input: Uint8Array, outputLength: number): Uint8Array;
  /** One LZ4 block (Parquet's LZ4_RAW). */
  export function decompressLz4Raw(input: Uint8Array, outputLength: number): Uint8Array;
}

declare module 'lz4js' {
  /** Decompresses an LZ4 frame into dst; returns the bytes written. */
  export function decompressFrame(src: Uint8Array, dst: Uint8Array): number;
}
