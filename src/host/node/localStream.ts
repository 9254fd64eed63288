/**
 * Node-only: streams a local file from disk in chunks, or reads a byte range of it. Only the
 * desktop entry (../extension.ts) imports this; the web bundle never does, so it carries no Node built-ins.
 */
import { open } from 'node:fs/promises';
import type { ChunkTarget } from '../fileSource';

/** Bytes [offset, offset + length) of a local file, fewer at its end. */
export async function readLocalRange(path: string, offset: number, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const out = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await handle.read(out, got, length - got, offset + got);
      if (bytesRead <= 0) break;
      got += bytesRead;
    }
    return got === length ? out : out.subarray(0, got);
  } finally {
    await handle.close();
  }
}

/**
 * The file in chunks of chunkBytes, each read into the buffer `into` offers (the reader's own
 * memory) or into one buffer reused from chunk to chunk; asynchronous reads, so the extension
 * host's thread serves other work between them.
 */
export async function* streamLocalFile(path: string, chunkBytes: number, into?: ChunkTarget): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  let own: Uint8Array | undefined;
  let position = 0;
  try {
    for (;;) {
      const target = into?.(chunkBytes) ?? (own ??= new Uint8Array(chunkBytes));
      const { bytesRead } = await handle.read(target, 0, Math.min(target.length, chunkBytes), position);
      if (bytesRead <= 0) return;
      position += bytesRead;
      yield target.subarray(0, bytesRead);
    }
  } finally {
    // Also when the consumer stops early (cancellation, an error in the data).
    await handle.close();
  }
}
