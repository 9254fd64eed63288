import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { ChunkTarget, DataSource } from '../inputs/files/types';
import { onceSource } from '../inputs/files/onceSource';
import { CHUNK_BYTES } from '../inputs/threads/fileReads';

/** A file that changed size while it was read. */
export class FileReadError extends Error {}

/** A DataSource of a path, and whether the file changed since it was opened. */
export interface FileData extends DataSource {
  /** False for a pipe or device, read once: it cannot be split or read by position. */
  regular: boolean;
  /** Throws FileReadError when a regular file's size is not what it was when opened. */
  checkUnchanged(): void;
  /** Closes the descriptor positional reads keep open (read() opens it again if called later). */
  close(): void;
}

/**
 * A file as a DataSource: each chunks() call opens it again and reuses one buffer for its chunks;
 * read() reads a byte range by position (Parquet's footer, then its column chunks) through one
 * descriptor kept open until close(): opening the file for each of a 10⁷-row file's 164 column
 * chunks cost 1 % of its time. A named pipe,
 * `<(…)` or a device is opened once and read once, sequentially: opening a FIFO again would wait
 * for a writer that has gone, and such files have no positions to read from.
 */
export function fileSource(path: string): FileData {
  const fd = openSync(path, 'r');
  /** The pipe's source closes the descriptor once read. */
  let owned = false;
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    if (!st.isFile()) {
      const pipe = descriptorSource(fd, path, true);
      owned = true;
      return { ...pipe, regular: false, checkUnchanged: () => {}, close: () => {} };
    }
    const size = st.size;
    let positional: number | undefined;
    return {
      name: path,
      size,
      regular: true,
      chunks: (into) => readChunks(path, into),
      read: async (offset, length, into) => readAt((positional ??= openSync(path, 'r')), offset, length, into),
      checkUnchanged: () => {
        const now = statSync(path).size;
        if (now !== size) throw new FileReadError(`the file changed while it was read: ${size} bytes when opened, ${now} now; the result would be of part of it`);
      },
      close: () => {
        if (positional !== undefined) closeSync(positional);
        positional = undefined;
      },
    };
  } finally {
    if (!owned) closeSync(fd);
  }
}

/**
 * An open pipe, FIFO, device or standard input, read once from front to back in 1 MiB chunks
 * (through the readers' own buffers when they offer one): flat memory however long it runs.
 * `close` closes the descriptor at the end (not standard input's).
 */
export function descriptorSource(fd: number, name: string, close: boolean): DataSource {
  let open = true;
  let own: Uint8Array | undefined;
  const done = () => {
    if (close && open) closeSync(fd);
    open = false;
  };
  return onceSource(name, async (into) => {
    if (!open) return undefined;
    const buf = into ?? (own ??= new Uint8Array(CHUNK_BYTES));
    let n: number;
    try {
      n = await readWaiting(fd, buf);
    } catch (e) {
      done();
      throw e;
    }
    if (n > 0) return buf.subarray(0, n);
    done();
    return undefined;
  });
}

/** One read; a descriptor left non-blocking by whoever started us says EAGAIN until a writer writes: wait and ask again. */
async function readWaiting(fd: number, buf: Uint8Array): Promise<number> {
  for (;;) {
    try {
      return readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

/**
 * Bytes [offset, offset + length) of a file, fewer at its end. Read synchronously, as chunks()
 * reads: the CLI has nothing else to do meanwhile, and each asynchronous read left the thread idle
 * for a round trip to libuv's pool (15 % of a 10⁷-row Parquet file's time).
 */
export async function readRange(path: string, offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    return readAt(fd, offset, length, into);
  } finally {
    closeSync(fd);
  }
}

/**
 * Bytes [offset, offset + length) of an open file, fewer at its end: into `into` when it is large
 * enough (a reused buffer: no allocation, and its pages are already mapped), else a new array.
 */
function readAt(fd: number, offset: number, length: number, into?: Uint8Array): Uint8Array {
  const out = into && into.byteLength >= length ? into : new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, out, got, length - got, offset + got);
    if (n <= 0) break;
    got += n;
  }
  return out.subarray(0, got);
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

/** Bytes already in memory (standard input in tests) as a pipe gives them: read once, in 1 MiB chunks. */
export function bytesPipe(name: string, bytes: Uint8Array): DataSource {
  let at = 0;
  return onceSource(name, async () => {
    if (at >= bytes.byteLength) return undefined;
    const chunk = bytes.subarray(at, Math.min(bytes.byteLength, at + CHUNK_BYTES));
    at += chunk.byteLength;
    return chunk;
  });
}
