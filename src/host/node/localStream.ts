/**
 * Node-only: streams a local file from disk in chunks, or reads a byte range of it. Only the
 * desktop entry (../extension.ts) imports this; the web bundle never does, so it carries no Node built-ins.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

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

export async function* streamLocalFile(path: string, chunkBytes: number): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      // A plain view of the Buffer's bytes (no copy): readers need not know about Buffer.
      yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    }
  } finally {
    // Stops reading when the consumer stops early (cancellation, an error in the data).
    stream.destroy();
  }
}
