/**
 * Node-only: streams a local file from disk in chunks. Only the desktop entry (../extension.ts)
 * imports this; the web bundle never does, so it carries no Node built-ins.
 */
import { createReadStream } from 'node:fs';

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
