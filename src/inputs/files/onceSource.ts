/**
 * A source that can be read only once, front to back (a pipe, standard input): its first bytes
 * can be looked at before the one read, which then starts with them again.
 */
import type { ChunkTarget, DataSource } from './types';
import { concatBytes } from './util';

/** Chunks of a held pipe, and the buffer a pipe is asked to read into: 1 MiB, as the CLI reads files. */
const CHUNK_BYTES = 1024 * 1024;

/** Asks the pipe for its next chunk (into the buffer offered, when one is), or undefined at its end. */
export type NextChunk = (into: Uint8Array | undefined) => Promise<Uint8Array | undefined>;

/** Thrown when a reader asks a pipe for its bytes a second time: a bug of ours, not of the input. */
export class ReadTwiceError extends Error {}

export function onceSource(name: string, next: NextChunk): DataSource {
  /** Chunks peek() read ahead (copies: the pipe may reuse its buffer), given back first. */
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let ended = false;
  let reading = false;
  return {
    name,
    once: true,
    async peek(bytes) {
      if (reading) throw new ReadTwiceError(`internal: ${name} is read already; it cannot be peeked at`);
      while (heldBytes < bytes && !ended) {
        const chunk = await next(undefined);
        if (!chunk) ended = true;
        else {
          held.push(chunk.slice());
          heldBytes += chunk.byteLength;
        }
      }
      return concatBytes(held).subarray(0, bytes);
    },
    chunks(into?: ChunkTarget) {
      if (reading) throw new ReadTwiceError(`internal: ${name} is a pipe, read once; a second read was asked for`);
      reading = true;
      return (async function* () {
        while (held.length > 0) yield held.shift() as Uint8Array;
        while (!ended) {
          const chunk = await next(into?.(CHUNK_BYTES));
          if (!chunk) ended = true;
          else yield chunk;
        }
      })();
    },
  };
}

/** A pipe or standard input holds more than a format read in memory may take. */
export class PipeTooLargeError extends Error {}

/** How much of a pipe the formats read in memory (.npy, .npz, Parquet, Arrow) may hold: 2 GiB. */
export const HELD_MAX_BYTES = 2 ** 31 - 1;

/**
 * The whole of a source read once, in memory, as a source that can be read again and by position
 * (the binary formats read a pipe so). Past `maxBytes` an error that says to save it to a file.
 */
export async function heldSource(source: DataSource, maxBytes = HELD_MAX_BYTES): Promise<DataSource> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source.chunks()) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new PipeTooLargeError(`a pipe of more than ${maxBytes} bytes in this format is more than can be held in memory: save it to a file, which is read by position`);
    parts.push(chunk.slice());
  }
  const bytes = concatBytes(parts);
  return {
    name: source.name,
    size: bytes.byteLength,
    chunks: async function* () {
      for (let i = 0; i < bytes.byteLength; i += CHUNK_BYTES) yield bytes.subarray(i, Math.min(bytes.byteLength, i + CHUNK_BYTES));
    },
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.byteLength, offset + length)),
  };
}
