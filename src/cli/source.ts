import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { ChunkTarget, DataSource } from '../inputs/files/types';
import { concatBytes } from '../inputs/files/util';

/**
 * Bytes are read in 1 MiB chunks into one reused buffer (it stays in the CPU's L2 cache). Fewer,
 * larger chunks keep the per-chunk JavaScript cold enough that V8 never spends a background
 * thread optimising it: with the larger batches (lanes.ts), 12 % fewer instructions in all on a
 * 3·10⁶-row CSV than 64 KiB chunks and 4096-row batches.
 */
export const CHUNK_BYTES = 1024 * 1024;

/** A file that cannot be read whole: it changed size while it was read, or is a pipe too large to hold. */
export class FileReadError extends Error {}

/** A pipe, FIFO or device is read once into memory, up to this many bytes. */
export const SEQUENTIAL_MAX_BYTES = 2 ** 31 - 1;

/** A DataSource of a path, and whether the file changed since it was opened. */
export interface FileData extends DataSource {
  /** False for a pipe or device, read once: it cannot be split or read by position. */
  regular: boolean;
  /** Throws FileReadError when a regular file's size is not what it was when opened. */
  checkUnchanged(): void;
}

/**
 * A file as a DataSource: each chunks() call opens it again and reuses one buffer for its chunks;
 * read() reads a byte range by position (Parquet's footer, then its column chunks). A named pipe,
 * `<(…)` or a device is opened once and read once, sequentially: opening a FIFO again would wait
 * for a writer that has gone, and such files have no positions to read from.
 */
export function fileSource(path: string): FileData {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    if (!st.isFile()) {
      const bytes = readAll(fd, path);
      return { ...bytesSource(path, bytes), regular: false, checkUnchanged: () => {} };
    }
    const size = st.size;
    return {
      name: path,
      size,
      regular: true,
      chunks: (into) => readChunks(path, into),
      read: (offset, length) => readRange(path, offset, length),
      checkUnchanged: () => {
        const now = statSync(path).size;
        if (now !== size) throw new FileReadError(`the file changed while it was read: ${size} bytes when opened, ${now} now; the result would be of part of it`);
      },
    };
  } finally {
    closeSync(fd);
  }
}

/** Everything a pipe or device gives, read sequentially from the open descriptor. */
function readAll(fd: number, path: string): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const buf = new Uint8Array(CHUNK_BYTES);
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n <= 0) break;
    total += n;
    if (total > SEQUENTIAL_MAX_BYTES) throw new FileReadError(`${path} is a pipe or device of more than 2 GiB: save it to a file, which is streamed in flat memory`);
    parts.push(buf.subarray(0, n));
  }
  return concatBytes(parts);
}

/**
 * Bytes [offset, offset + length) of a file, fewer at its end. Read synchronously, as chunks()
 * reads: the CLI has nothing else to do meanwhile, and each asynchronous read left the thread idle
 * for a round trip to libuv's pool (15 % of a 10⁷-row Parquet file's time).
 */
export async function readRange(path: string, offset: number, length: number): Promise<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    const out = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, out, got, length - got, offset + got);
      if (n <= 0) break;
      got += n;
    }
    return got === length ? out : out.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

async function* readChunks(path: string, into?: ChunkTarget): AsyncGenerator<Uint8Array> {
  const fd = openSync(path, 'r');
  const buf = new Uint8Array(CHUNK_BYTES);
  let pos = 0;
  try {
    for (;;) {
      const target = into?.(CHUNK_BYTES) ?? buf;
      const n = readSync(fd, target, 0, target.length, pos);
      if (n <= 0) return;
      pos += n;
      yield target.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Bytes already in memory (standard input) as a DataSource. */
export function bytesSource(name: string, bytes: Uint8Array): DataSource {
  return {
    name,
    size: bytes.byteLength,
    chunks: async function* () {
      for (let i = 0; i < bytes.byteLength; i += CHUNK_BYTES) yield bytes.subarray(i, Math.min(bytes.byteLength, i + CHUNK_BYTES));
    },
  };
}
