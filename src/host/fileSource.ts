/**
 * A data file as bytes, never as a TextDocument (VS Code refuses documents over 50 MB): local
 * `file:` URIs stream from disk in 64 KiB chunks, any other scheme (remote, virtual) is read
 * whole through workspace.fs and handed out in chunks of the same size. Re-readable: every call
 * of chunks() starts again at the beginning.
 */
import { createReadStream } from 'node:fs';
import * as vscode from 'vscode';

export const CHUNK_BYTES = 64 * 1024;

export interface ByteSource {
  name: string;
  size?: number;
  chunks(): AsyncIterable<Uint8Array>;
}

async function* streamLocal(path: string): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
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

async function* readThroughWorkspace(uri: vscode.Uri): AsyncGenerator<Uint8Array> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  for (let i = 0; i < bytes.byteLength; i += CHUNK_BYTES) yield bytes.subarray(i, Math.min(i + CHUNK_BYTES, bytes.byteLength));
}

export function byteSource(uri: vscode.Uri, name: string, size: number | undefined): ByteSource {
  return {
    name,
    ...(size === undefined ? {} : { size }),
    chunks: () => (uri.scheme === 'file' ? streamLocal(uri.fsPath) : readThroughWorkspace(uri)),
  };
}
