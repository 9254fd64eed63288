/**
 * Positional reads of a DataSource for the columnar readers: the source's own read() when it has
 * one, else the whole file read once into memory (a source that can only stream).
 */
import type { DataSource } from './types';
import { checkAbort, concatBytes } from './util';

export interface RandomAccess {
  size: number;
  /** Exactly bytes [offset, offset + length), or an error when the file is shorter. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * As read(), into a buffer reused from call to call (it grows to the largest range asked for):
   * the bytes are valid until the next readTransient(). For column chunks, decoded before the next
   * is read: no allocation and no fresh pages to fault in per chunk.
   */
  readTransient(offset: number, length: number): Promise<Uint8Array>;
  /** Bytes actually read so far (progress). */
  readonly bytesRead: number;
}

/** Thrown when a read runs past the end of the file: the caller names the part it wanted. */
export class ShortRead extends Error {}

export async function randomAccess(source: DataSource, signal: AbortSignal | undefined): Promise<RandomAccess> {
  const positional = source.read?.bind(source);
  if (positional && source.size !== undefined) {
    let bytesRead = 0;
    const size = source.size;
    let scratch = new Uint8Array(0);
    const read = async (offset: number, length: number, into?: Uint8Array) => {
      checkAbort(signal);
      if (offset < 0 || length < 0 || offset + length > size) throw new ShortRead(`bytes ${offset}–${offset + length} are past the end of the file (${size} bytes)`);
      const bytes = await positional(offset, length, into);
      if (bytes.byteLength < length) throw new ShortRead(`bytes ${offset}–${offset + length}: the file ended after ${bytes.byteLength}`);
      bytesRead += bytes.byteLength;
      return bytes.byteLength === length ? bytes : bytes.subarray(0, length);
    };
    return {
      size,
      get bytesRead() {
        return bytesRead;
      },
      read: (offset, length) => read(offset, length),
      readTransient: (offset, length) => {
        // Checked before growing: a damaged footer's length must not allocate.
        if (length > scratch.byteLength && offset >= 0 && length >= 0 && offset + length <= size) scratch = new Uint8Array(length);
        return read(offset, length, scratch);
      },
    };
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source.chunks()) {
    checkAbort(signal);
    // Chunks may be views of a reused buffer: keep copies.
    parts.push(chunk.slice());
    total += chunk.byteLength;
  }
  const all = concatBytes(parts);
  let bytesRead = 0;
  const read = async (offset: number, length: number) => {
    checkAbort(signal);
    if (offset < 0 || length < 0 || offset + length > total) throw new ShortRead(`bytes ${offset}–${offset + length} are past the end of the file (${total} bytes)`);
    bytesRead += length;
    return all.subarray(offset, offset + length);
  };
  // Views of the bytes held: nothing to reuse.
  return {
    size: total,
    get bytesRead() {
      return bytesRead;
    },
    read,
    readTransient: read,
  };
}
